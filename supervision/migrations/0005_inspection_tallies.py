"""Triggers that keep inspection, coverage and rectification counts (supervision.tallies)."""

from django.db import migrations

from core import tallies


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_tally"),
        ("registry", "0003_entity_tallies"),
        ("supervision", "0004_covering_inspection_indexes"),
    ]

    operations = [tallies.migration("supervision.tallies")]
