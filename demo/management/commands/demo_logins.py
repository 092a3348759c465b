"""Print the demo accounts (used by ``make run``)."""

from django.core.management.base import BaseCommand

from core.models import User
from demo.context import DEMO_PASSWORD


class Command(BaseCommand):
    help = "列出演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        users = User.objects.select_related("agency").order_by("id")
        if not users:
            self.stdout.write("尚无用户。")
            return
        self.stdout.write(f"\n打开 {url} 登录。演示账号（密码 {DEMO_PASSWORD}）：")
        for u in users[:20]:
            agency = u.agency.name if u.agency else ""
            self.stdout.write(f"  {u.username:<22} {u.get_role_display():<8} {agency}")
