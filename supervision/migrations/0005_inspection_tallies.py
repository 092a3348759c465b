"""Triggers that keep inspection, coverage and rectification counts (supervision.tallies)."""

from django.db import migrations


def install(apps, schema_editor):
    from core import tallies
    from supervision.tallies import SOURCES

    tallies.install(SOURCES, schema_editor.connection)


def uninstall(apps, schema_editor):
    from core import tallies
    from supervision.tallies import SOURCES

    tallies.uninstall(SOURCES, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_tally"),
        ("registry", "0003_entity_tallies"),
        ("supervision", "0004_covering_inspection_indexes"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
