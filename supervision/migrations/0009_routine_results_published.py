"""公示检查结果 counts 日常监督检查 only: a 双随机 inspection's result is published with its plan
and counted as a random-check result (supervision.tallies.INSPECTIONS_PUBLISHED)."""

import dataclasses

from django.db import migrations

from core import tallies


def _published(current: bool):
    from supervision.tallies import INSPECTIONS_PUBLISHED

    if current:
        return INSPECTIONS_PUBLISHED
    return dataclasses.replace(
        INSPECTIONS_PUBLISHED, when="{r}.published_on IS NOT NULL", watch=()
    )


def forwards(apps, schema_editor):
    tallies.install([_published(True)], schema_editor.connection)


def backwards(apps, schema_editor):
    tallies.install([_published(False)], schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0008_document_numbers")]

    operations = [migrations.RunPython(forwards, backwards)]
