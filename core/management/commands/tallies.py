"""fazhi tallies verify|rebuild: check the counts the database keeps against a recount."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import tallies


class Command(BaseCommand):
    help = "统计计数：verify 逐项与源数据重新统计比对并列出不一致项；rebuild 从源数据重新统计。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "rebuild"])

    def handle(self, *args, action, **options):
        sources = tallies.registered()
        if action == "rebuild":
            with transaction.atomic():
                tallies.rebuild(sources)
            names = sum(len(s.names) for s in sources)
            self.stdout.write(self.style.SUCCESS(f"已重新统计 {names} 项计数。"))
            return
        differences = tallies.verify(sources)
        if differences:
            for d in differences[:50]:
                self.stderr.write(str(d))
            raise CommandError(
                f"统计计数与源数据不一致 {len(differences)} 处；"
                "可运行 fazhi tallies rebuild 重新统计。"
            )
        self.stdout.write(self.style.SUCCESS("OK: 统计计数与源数据一致。"))
