"""The clocks of existing records as ``Deadline`` rows: each drawn task's 检查截止日期, each
inspection result's 公示 (every kind but 双随机), each order's 整改期限 and 回头看 — completed
where the work is done — as the services start them from now on (``services.backfill_deadlines``).
Backwards, those rows go; a plan's 公示 clock was a Deadline before and stays."""

from django.db import migrations

NEW_RULES = (
    "supervision.task_check",
    "supervision.result_publication",
    "supervision.rectification",
    "supervision.follow_up",
)


def forwards(apps, schema_editor):
    from supervision.services import backfill_deadlines

    backfill_deadlines()


def backwards(apps, schema_editor):
    apps.get_model("core", "Deadline").objects.filter(rule_id__in=NEW_RULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_deadline_set_date_and_overdue_index"),
        ("supervision", "0011_witness_is_a_person"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
