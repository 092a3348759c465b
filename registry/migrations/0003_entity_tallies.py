"""Triggers that keep 监管对象 counts by agency, category and status (registry.tallies)."""

from django.db import migrations

from core import tallies


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_tally"),
        ("registry", "0002_search_and_draw_indexes"),
    ]

    operations = [tallies.migration("registry.tallies")]
