"""fazhi backup: a consistent snapshot of the database and the stored files, with SM3 manifest."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import backup


def default_destination() -> Path:
    return Path(os.environ.get("FAZHI_BACKUP_DIR", Path(settings.VAR_DIR) / "backups"))


class Command(BaseCommand):
    help = (
        "备份：数据库（SQLite 在线备份，PostgreSQL 用 pg_dump）与附件文件，"
        "附 SM3 摘要清单 manifest.json。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="备份存放目录（默认 FAZHI_BACKUP_DIR 或 var/backups）",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="备份完成后只保留该目录中最新的 N 份，删除更早的（定时备份用）",
        )

    def handle(self, *args, out, keep, **options):
        destination = out or default_destination()
        try:
            if keep is not None and keep < 1:
                raise backup.BackupError("--keep 至少为 1。")
            folder = backup.backup(destination)
            removed = backup.prune(destination, keep) if keep is not None else []
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = backup.read_manifest(folder)
        files = len(manifest["files"]) - 1
        self.stdout.write(self.style.SUCCESS(f"已备份：{folder}（数据库 + {files} 个文件）"))
        for path in removed:
            self.stdout.write(f"已删除较早的备份：{path.name}")
