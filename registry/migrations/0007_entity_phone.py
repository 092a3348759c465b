"""联系电话 of a supervised entity.

SQLite adds a NOT NULL column by rebuilding the table, which drops the triggers that keep the
entity counts (registry.tallies): they are installed again after the column is added, and again
after it is removed when migrating backwards.
"""

from django.db import migrations, models

import core.validators
from core import tallies


def reinstall(apps, schema_editor):
    from registry import tallies as entity_tallies

    tallies.install(entity_tallies.SOURCES, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_licence_withdrawal"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall),
        migrations.AddField(
            model_name="supervisedentity",
            name="phone",
            field=models.CharField(
                blank=True,
                max_length=30,
                validators=[core.validators.validate_phone],
                verbose_name="联系电话",
            ),
        ),
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]
