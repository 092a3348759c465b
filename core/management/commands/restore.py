"""fazhi restore: put a backup back, after checking every SM3 digest of its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "恢复：先逐个核对备份清单的 SM3 摘要，再用备份替换当前数据库并写回附件文件，"
        "最后核对每个附件的摘要。"
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="fazhi backup 写出的备份目录")
        parser.add_argument("--check", action="store_true", help="只核对备份，不恢复")
        parser.add_argument(
            "--yes", action="store_true", help="确认用备份覆盖当前数据库（不加则不恢复）"
        )

    def handle(self, *args, folder, check, yes, **options):
        try:
            if check:
                manifest = backup.check(folder)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"OK: 备份完好（{manifest['engine']}，{len(manifest['files'])} 个文件，"
                        f"{manifest['created_at']}）"
                    )
                )
                return
            if not yes:
                raise CommandError("恢复会用备份覆盖当前数据库与同名附件文件；确认请加 --yes。")
            restored = backup.restore(folder)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        problems = backup.verify_attachments()
        if problems:
            for p in problems[:50]:
                self.stderr.write(p)
            raise CommandError(f"已恢复，但有 {len(problems)} 个附件与登记的 SM3 摘要不符。")
        self.stdout.write(
            self.style.SUCCESS(
                f"已恢复：{folder}（{restored.engine}，{restored.files} 个文件，附件摘要全部相符）"
            )
        )
