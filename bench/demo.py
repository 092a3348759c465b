"""Benchmark: ``fazhi demo --scale city`` load time (target: under 2 minutes on 2 cores).

Runs migrate + demo in a fresh database (SQLite file; PostgreSQL too when one answers) in a
subprocess and prints the wall time. Baseline, measured in the same run: inserting a sample of
the same supervised-entity rows one ``save()`` at a time, extrapolated to the full count — what
a naive generator would cost.

    python bench/demo.py [--scale city] [--no-postgres]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 120


def run(env: dict[str, str], *args: str) -> float:
    t0 = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - t0


def pg_url() -> str | None:
    base = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/")
    try:
        import psycopg

        with psycopg.connect(
            base.replace("postgres://", "postgresql://") + "postgres",
            autocommit=True,
            connect_timeout=3,
        ) as conn:
            conn.execute("DROP DATABASE IF EXISTS fazhi_bench_demo")
            conn.execute("CREATE DATABASE fazhi_bench_demo")
    except Exception as exc:
        print(f"PostgreSQL skipped: {exc.__class__.__name__}")
        return None
    return base + "fazhi_bench_demo"


def baseline(env: dict[str, str], sample: int) -> tuple[float, int, str]:
    """Seconds per row for naive one-``save()``-per-row inserts, and the largest table's size."""
    code = f"""
import time, django
django.setup()
from django.apps import apps
from core.models import Person
sizes = sorted(((m.objects.count(), m._meta.label) for m in apps.get_models()
                if m._meta.managed and not m._meta.proxy), reverse=True)
total, label = sizes[0]
agency_id = Person.objects.values_list("agency_id", flat=True).first()
t0 = time.monotonic()
for i in range({sample}):
    Person(agency_id=agency_id, name=f"基线{{i}}").save()
print((time.monotonic() - t0) / {sample}, total, label)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    per_row, total, label = out.stdout.split()
    return float(per_row), int(total), label


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="city")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        targets = [("SQLite", f"sqlite:///{tmp}/bench.sqlite3")]
        if not args.no_postgres:
            url = pg_url()
            if url:
                targets.append(("PostgreSQL", url))
        for label, url in targets:
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "FAZHI_VAR_DIR": tmp,
                "DJANGO_SETTINGS_MODULE": "fazhi.settings",
            }
            t_migrate = run(env, "migrate", "--noinput")
            t_demo = run(env, "demo", "--scale", args.scale)
            per_row, total, table = baseline(env, 300)
            naive = per_row * total
            verdict = "OK" if t_demo <= TARGET_SECONDS else "SLOW"
            ok &= t_demo <= TARGET_SECONDS
            print(
                f"{label}: demo --scale {args.scale}: {t_demo:.1f}s (migrate {t_migrate:.1f}s), "
                f"target <= {TARGET_SECONDS}s [{verdict}]"
            )
            print(
                f"{label}: baseline one-row-at-a-time inserts of {total:,} rows ({table}, "
                "the largest table) "
                f"(extrapolated from 300): {naive:.1f}s; ratio naive/ours = "
                f"{naive / t_demo:.1f}x"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
