"""fazhi draw verify PLAN — re-run a recorded 双随机 draw and compare results."""

from django.core.management.base import BaseCommand, CommandError

from supervision.models import SamplingPlan
from supervision.services import verify_draw


class Command(BaseCommand):
    help = "复核双随机抽取：按记录的种子和输入重新抽取，结果须与记录完全一致。"

    def add_arguments(self, parser):
        parser.add_argument("plan", type=int, help="抽查计划 ID")

    def handle(self, *args, plan, **options):
        try:
            obj = SamplingPlan.objects.get(pk=plan)
        except SamplingPlan.DoesNotExist as exc:
            raise CommandError(f"抽查计划 {plan} 不存在。") from exc
        result = verify_draw(obj)
        for msg in result.messages:
            self.stdout.write(msg)
        if not result.ok:
            raise CommandError("复核不一致。")
