"""fazhi demo --scale small|city|province: build the fictional demo city."""

from __future__ import annotations

import importlib
import time
from contextlib import contextmanager

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core.models import Agency
from demo import core_builder
from demo.context import DEMO_PASSWORD, SCALES, DemoContext


def builders():
    """(order, label, build) for core and every app with a ``demo`` module, in order.

    An app's module provides ``build_demo(ctx)`` (or ``build(ctx)``) and ``ORDER``.
    """
    found = [(0, "core", core_builder.build)]
    for config in apps.get_app_configs():
        if config.name in ("demo", "core"):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        entry = getattr(module, "build_demo", None) or module.build
        found.append((getattr(module, "ORDER", 50), config.name, entry))
    return sorted(found, key=lambda b: b[0])


@contextmanager
def sqlite_cache(mebibytes: int = 512):
    """A large page cache on SQLite for the demo's one big transaction, restored afterwards.

    The city demo writes ~150 MB of tables and ~30 indexes in one transaction. With SQLite's
    default 2 MB cache the dirty pages of the randomly ordered indexes spill to the WAL and are
    read back over and over; with the whole working set in memory they are written once, at
    commit. Durability settings are left alone: the WAL already avoids an fsync per statement.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-mebibytes * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


class Command(BaseCommand):
    help = "生成演示数据（虚构的城市与机构）。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--year", type=int, default=2025, help="主要数据所在年度")
        parser.add_argument("--if-empty", action="store_true", help="数据库已有机构时不做任何事")

    def handle(self, *args, scale, seed, year, if_empty, **options):
        if Agency.objects.exists():
            if if_empty:
                self.stdout.write("数据库已有数据，跳过演示数据。")
                return
            raise CommandError("数据库已有机构数据：演示数据只能载入空数据库。")
        ctx = DemoContext(scale=scale, seed=seed, year=year, out=self.stdout)
        t0 = time.monotonic()
        self.stdout.write(f"生成 {scale} 规模演示数据 …")
        with sqlite_cache(), transaction.atomic():
            for _order, label, build in builders():
                ctx.progress(f"{label} 开始")
                build(ctx)
        self.stdout.write(self.style.SUCCESS(f"完成，用时 {time.monotonic() - t0:.1f} 秒。"))
        self.stdout.write(
            f"已创建 {len(ctx.users)} 个演示账号，密码均为 {DEMO_PASSWORD}"
            "（fazhi demo logins 可列出）。"
        )
