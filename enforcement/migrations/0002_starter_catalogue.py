"""The starter catalogue of common health-supervision violations with their 违法条款, 处罚条款
and 裁量基准 (``enforcement/data/violations.tsv``; sources in docs/domain/enforcement-catalogue.md).
Administrators adjust the ranges to their province's 裁量基准; this only seeds an empty table."""

from django.db import migrations


def seed(apps, schema_editor):
    from enforcement.services import parse_catalogue, write_catalogue

    Violation = apps.get_model("enforcement", "Violation")
    if Violation.objects.exists():
        return
    write_catalogue(parse_catalogue(), Violation, apps.get_model("enforcement", "DiscretionLevel"))


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
