"""联系电话 of a supervised entity.

On SQLite Django adds a NOT NULL column by rebuilding the table, which other tables' triggers
refuse (the inspection tallies read this table) and which would drop this table's own triggers
(the entity tallies, the name search of migration 0002). SQLite adds the column in place instead:
``ADD COLUMN … NOT NULL DEFAULT ''`` (and ``DROP COLUMN`` backwards); PostgreSQL as usual.
"""

from django.db import migrations, models

import core.validators

FIELD = models.CharField(
    blank=True,
    max_length=30,
    validators=[core.validators.validate_phone],
    verbose_name="联系电话",
)


def _field(apps):
    model = apps.get_model("registry", "SupervisedEntity")
    return model, model._meta.get_field("phone")


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "ALTER TABLE registry_supervisedentity "
            "ADD COLUMN phone varchar(30) NOT NULL DEFAULT ''"
        )
    else:
        schema_editor.add_field(*_field(apps))


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ALTER TABLE registry_supervisedentity DROP COLUMN phone")
    else:
        schema_editor.remove_field(*_field(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_licence_withdrawal"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name="supervisedentity", name="phone", field=FIELD)
            ],
        ),
        migrations.RunPython(add_column, drop_column),
    ]
