"""Triggers that keep 监管对象 counts by agency, category and status (registry.tallies)."""

from django.db import migrations


def install(apps, schema_editor):
    from core import tallies
    from registry.tallies import SOURCES

    tallies.install(SOURCES, schema_editor.connection)


def uninstall(apps, schema_editor):
    from core import tallies
    from registry.tallies import SOURCES

    tallies.uninstall(SOURCES, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_tally"),
        ("registry", "0002_search_and_draw_indexes"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
