"""健康检查：the health endpoint a load balancer probes (``GET /healthz``).

Answers JSON, ``200`` when the instance can serve and ``503`` when it cannot, naming each check:
the database answers, every migration is applied, and the job queue is alive. It needs no login
and says nothing about the data (no counts, no names), so it may be reached from outside.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Once every migration is applied it stays so for the life of the process: the migration graph
# is loaded once, not on every probe.
_migrations_applied = False


def check_database() -> str | None:
    """None when the database answers ``SELECT 1``; otherwise the error's class."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure to reach the database is the answer, not a 500
        return f"数据库无法连接 (database unreachable: {exc.__class__.__name__})"
    return None


def unapplied_migrations() -> list[str]:
    """Migrations in the code that the database has not applied (``app.name``)."""
    global _migrations_applied
    if _migrations_applied:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
    _migrations_applied = not pending
    return pending


def check_migrations() -> str | None:
    try:
        pending = unapplied_migrations()
    except Exception as exc:
        return f"无法读取迁移状态 (cannot read migrations: {exc.__class__.__name__})"
    if pending:
        return f"有 {len(pending)} 个迁移未执行 ({len(pending)} unapplied migrations)"
    return None


# name → check; each returns None when healthy, or a short message. Other modules add theirs
# (the job queue, core.jobs).
CHECKS: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "migrations": check_migrations,
}


def run_checks() -> tuple[bool, dict[str, dict]]:
    results: dict[str, dict] = {}
    for name, check in CHECKS.items():
        if name != "database" and results.get("database", {}).get("ok") is False:
            results[name] = {"ok": False, "error": "数据库无法连接，未检查 (database unreachable)"}
            continue
        try:
            error = check()
        except Exception as exc:  # a check that cannot run is a failed check, not a 500
            error = f"检查无法完成 (check failed: {exc.__class__.__name__})"
        results[name] = {"ok": True} if error is None else {"ok": False, "error": error}
    return all(r["ok"] for r in results.values()), results


@never_cache
@require_GET
def healthz(request):
    """``{"status": "ok"|"error", "checks": {name: {"ok": bool, "error"?: str}}}``."""
    healthy, results = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
