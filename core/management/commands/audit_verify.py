"""fazhi audit verify: check the audit chain and name the first broken event."""

from django.core.management.base import BaseCommand, CommandError

from core.audit import verify


class Command(BaseCommand):
    help = "校验审计链：逐条重算 SM3 哈希与前后链接，指出第一处断裂。"

    def handle(self, *args, **options):
        checked, broken = verify()
        if broken is not None:
            raise CommandError(f"审计链断裂：{broken}（此前 {checked} 条完好）")
        self.stdout.write(self.style.SUCCESS(f"OK: {checked} events（审计链完整）"))
