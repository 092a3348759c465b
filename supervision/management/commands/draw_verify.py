"""fazhi draw verify PLAN: re-run a recorded 双随机 draw and compare with the saved tasks."""

from django.core.management.base import BaseCommand, CommandError

from supervision.models import SamplingPlan
from supervision.services import verify_draw


class Command(BaseCommand):
    help = "复核双随机抽取：用记录的种子和输入重新抽取，结果必须与保存的任务完全相同。"

    def add_arguments(self, parser):
        parser.add_argument("plan", type=int, help="抽查计划编号")

    def handle(self, *args, plan, **options):
        try:
            obj = SamplingPlan.objects.get(pk=plan)
        except SamplingPlan.DoesNotExist as exc:
            raise CommandError(f"没有编号为 {plan} 的抽查计划。") from exc
        outcome = verify_draw(obj)
        if not outcome.ok:
            raise CommandError(outcome.message)
        self.stdout.write(self.style.SUCCESS(f"OK: {outcome.message}"))
