"""Benchmark of generating the city commission's annual report at ``city`` scale.

    python bench/report.py                      # SQLite file var/bench_report_city.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_report python bench/report.py

Builds the demo city once per database (``fazhi demo --scale city``: 1 city + 10 counties,
~100,000 entities, ~250,000 inspections a year), then times in the same run:

* ours: generating the report for the city and everything below it — every indicator of the
  template for the report year and the year before, the tables by county, and the assembled
  document (``reports.compose.generate`` + ``assemble``: what 新建 and 重新生成 do);
* the exports of that document as .docx and HTML (``reports.services.render``), timed apart:
  they are downloads of a generated report, and their cost does not grow with the records;
* baseline: one ``SELECT COUNT(*)`` over the largest table of the database.

Prints the median of ``--repeat`` runs of each and their ratio. Targets: ≤ 5 s and ratio ≤ 20.
Figures come from the counts the database keeps (ADR 0004); ``--from-records`` computes them
from the records instead, as before those counts existed, for comparison.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="city", choices=["small", "city"])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--from-records", action="store_true", help="drop the kept counts' fast path (comparison)"
    )
    args, _ = ap.parse_known_args()
    (ROOT / "var").mkdir(exist_ok=True)
    os.environ.setdefault(
        "DATABASE_URL", f"sqlite:///{ROOT / 'var' / f'bench_report_{args.scale}.sqlite3'}"
    )

    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from core.models import Agency

    if not Agency.objects.exists():
        print(f"building the {args.scale} demo (once per database)…", flush=True)
        t0 = time.perf_counter()
        call_command("demo", scale=args.scale, verbosity=0)
        print(f"  built in {time.perf_counter() - t0:.1f} s", flush=True)
        # Planner statistics, as a settled database has them (autovacuum on PostgreSQL).
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    from core import tallies
    from reports import compose, services
    from reports.management.commands.annual_report import last_year_with_data

    city = Agency.objects.get(parent__isnull=True)
    year = last_year_with_data(city)
    vendor = connection.vendor

    # The largest table, and one COUNT(*) over it (the unit the report is measured in).
    tables = []
    with connection.cursor() as cur:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if model._meta.managed and not model._meta.proxy:
                cur.execute(f'SELECT COUNT(*) FROM "{table}"')
                tables.append((cur.fetchone()[0], table))
    rows, largest = max(tables)

    def count_once() -> float:
        with connection.cursor() as cur:
            t = time.perf_counter()
            cur.execute(f'SELECT COUNT(*) FROM "{largest}"')
            cur.fetchone()
            return time.perf_counter() - t

    def report_once() -> tuple[float, float, float, dict]:
        t = time.perf_counter()
        with tallies.from_records() if args.from_records else contextlib.nullcontext():
            generated = compose.generate(city, year)
        figures_done = time.perf_counter()
        doc = compose.assemble(
            agency=city, year=year, generated=generated, narratives={}, date=datetime.date.today()
        ).document
        generated_at = time.perf_counter()
        services.render(doc, "docx")
        services.render(doc, "html")
        exported = time.perf_counter()
        return figures_done - t, generated_at - t, exported - generated_at, generated

    count_once()  # warm the cache the same way for both
    report_once()
    counts = [count_once() for _ in range(max(args.repeat, 5))]
    figure_runs, runs, export_runs = [], [], []
    for _ in range(args.repeat):
        fig_s, total_s, export_s, generated = report_once()
        figure_runs.append(fig_s)
        runs.append(total_s)
        export_runs.append(export_s)
    base = statistics.median(counts)
    figs, ours = statistics.median(figure_runs), statistics.median(runs)
    exports = statistics.median(export_runs)
    printed = sum(
        1
        for b in generated["blocks"].values()
        for s in b.get("sentences", []) + b.get("rows", [])
        for r in s
        if r.get("key")
    )
    print(f"database: {vendor}, scale {args.scale}, report {city.name} {year}年")
    print(f"largest table: {largest} ({rows:,} rows)")
    print(f"printed figures linked to records: {printed}")
    print(
        f"baseline SELECT COUNT(*) over {largest}: {base * 1000:.1f} ms (median of {len(counts)})"
    )
    each = ", ".join(f"{r * 1000:.0f}" for r in runs)
    source = "the records" if args.from_records else "the kept counts"
    print(f"figures from {source} (all indicators, both years, by county): {figs * 1000:.1f} ms")
    print(f"report generated (figures and document): {ours * 1000:.1f} ms (median; runs {each})")
    print(f"ratio report / COUNT(*): {ours / base:.1f}")
    print(f"exports of the generated report (.docx and HTML): {exports * 1000:.1f} ms")
    print("targets: report ≤ 5 s; ratio ≤ 20")


if __name__ == "__main__":
    main()
