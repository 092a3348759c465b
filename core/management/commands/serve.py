"""fazhi serve: the production server (gunicorn, WhiteNoise), after the start-up checks."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.health import check_database, unapplied_migrations


def startup_errors() -> list[str]:
    """What stops this instance from serving in production, each in Chinese and English."""
    errors = []
    if settings.DEBUG:
        errors.append(
            "FAZHI_DEBUG=1 为开发模式，fazhi serve 只以生产模式运行；演示请用 make run。"
            " (fazhi serve runs in production mode only: unset FAZHI_DEBUG.)"
        )
    if len(settings.SECRET_KEY) < 50 or len(set(settings.SECRET_KEY)) < 5:
        errors.append(
            "FAZHI_SECRET_KEY 过短：至少50个随机字符，如 python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))' 生成。 (FAZHI_SECRET_KEY must be at least 50 "
            "random characters.)"
        )
    if settings.SM4_KEY.lower() == settings.DEV_SM4_KEY:
        errors.append("FAZHI_SM4_KEY 仍为开发用密钥。 (FAZHI_SM4_KEY is the development key.)")
    if not os.environ.get("FAZHI_ALLOWED_HOSTS", "").strip():
        errors.append(
            "未设置 FAZHI_ALLOWED_HOSTS：请列出本站的域名（逗号分隔），如 fazhi.example.gov.cn。"
            " (FAZHI_ALLOWED_HOSTS must name this site's host names.)"
        )
    elif "*" in settings.ALLOWED_HOSTS:
        errors.append(
            "FAZHI_ALLOWED_HOSTS 不得为 *：请列出本站的域名。"
            " (FAZHI_ALLOWED_HOSTS must not be *: name the host names.)"
        )
    if (problem := check_database()) is not None:
        db = settings.DATABASES["default"]
        where = db.get("HOST") or db.get("NAME")
        errors.append(f"{problem}：请检查 DATABASE_URL（{where}）。 (check DATABASE_URL)")
    else:
        pending = unapplied_migrations()
        if pending:
            errors.append(
                f"数据库有 {len(pending)} 个迁移未执行（如 {pending[0]}）：请先运行 fazhi migrate。"
                f" ({len(pending)} unapplied migrations: run `fazhi migrate` first.)"
            )
    return errors


def default_workers() -> int:
    return int(os.environ.get("FAZHI_WORKERS", str((os.cpu_count() or 1) + 1)))


class Command(BaseCommand):
    help = "以生产模式启动 Web 服务（gunicorn + WhiteNoise），启动前检查密钥、主机名与数据库。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("FAZHI_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("FAZHI_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("FAZHI_THREADS", "4"))
        )
        parser.add_argument(
            "--check", action="store_true", help="只做启动检查，不启动服务 (checks only)"
        )

    def handle(self, *args, host, port, workers, threads, check, **options):
        errors = startup_errors()
        if errors:
            raise CommandError(
                "无法以生产模式启动 (cannot start in production mode):\n"
                + "\n".join(f"  - {e}" for e in errors)
            )
        if check:
            self.stdout.write(self.style.SUCCESS("OK: 启动检查通过 (start-up checks passed)"))
            return
        # Hashed, compressed static files for WhiteNoise: only changed files are processed again.
        call_command("collectstatic", interactive=False, verbosity=0)
        for conn in connections.all():
            conn.close()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "fazhi.wsgi:application",
            f"--bind={host}:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
            f"--chdir={settings.BASE_DIR}",
            # Fazhi writes its own request lines (core.middleware, JSON with request id, user
            # and duration); gunicorn's access log would repeat them without the user.
            "--error-logfile=-",
            "--timeout=120",
            "--graceful-timeout=30",
            # Workers are replaced now and then, so a slow leak never grows without bound.
            "--max-requests=2000",
            "--max-requests-jitter=200",
            f"--forwarded-allow-ips={os.environ.get('FAZHI_FORWARDED_ALLOW_IPS', '127.0.0.1')}",
        ]
        self.stdout.write(
            f"法治卫健 生产模式 http://{host}:{port}/ （{workers} 个进程 × {threads} 线程）",
        )
        self.stdout.flush()
        os.execv(sys.executable, argv)
