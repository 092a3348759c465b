"""Shared benchmark fixture: one county with N supervised entities, inspectors and conflicts.

Building a million rows takes minutes, so the county is built once per database and reused by
every later run (``bench/draw.py`` and ``bench/entity_list.py`` share it). The database is the
configured one (``DATABASE_URL``), or ``var/bench_<N>.sqlite3`` when none is set.

Rows are inserted with plain ``executemany`` (SQLite) or ``COPY`` (PostgreSQL): the fixture is
not what is being measured. Names mix a common word, a number and the kind of unit, as the demo
directory does, so that search has common words, exact names and misses to look for.
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

BENCH_USER = "bench_officer"
BENCH_PASSWORD = "bench-password-1"


def setup(entities: int) -> str:
    """Point Django at the benchmark database, set it up and migrate; return the vendor."""
    (ROOT / "var").mkdir(exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / f'bench_{entities}.sqlite3'}")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no per-query logging while timing
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def machine() -> str:
    """CPUs and load average, printed with the figures: a busy machine slows every figure."""
    one, five, fifteen = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {one:.2f} {five:.2f} {fifteen:.2f}"


def entity_name(i: int, sub: str, rng: random.Random) -> str:
    from registry.demo import SUFFIX, WORDS

    return f"{rng.choice(WORDS)}{i}号{SUFFIX.get(sub, '单位')}"


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)


def county(entities: int, inspectors: int = 600, conflicts: int = 5_000):
    """The benchmark county (built on first use): agency, 7 片区, entities, inspectors, 回避."""
    from django.db import connection, transaction
    from django.utils import timezone

    from core import tallies
    from core.models import Agency, AgencyLevel, Person, Region, Role, User
    from core.validators import uscc_check_char
    from registry.models import (
        SUBCATEGORIES,
        CreditGrade,
        EntityCategory,
        EntityStatus,
        RiskGrade,
        SupervisedEntity,
        match_key,
    )
    from supervision.models import Conflict

    code = f"B{entities}"
    agency = Agency.objects.filter(code=code).first()
    if agency is not None:
        return agency
    t0 = time.perf_counter()
    rng = random.Random(20260501)
    # The counts kept by triggers (core.tallies) are recounted once at the end of the load.
    with transaction.atomic(), tallies.counted_once(SupervisedEntity):
        agency = Agency.objects.create(
            code=code, name=f"基准县{entities}", level=AgencyLevel.COUNTY
        )
        regions = [
            Region.objects.create(agency=agency, name=f"第{i}片区", code=f"P{i:02d}").pk
            for i in range(1, 8)
        ]
        cats = [c for c in EntityCategory.values if c != "other"]
        now = timezone.now()
        columns = [
            "agency_id",
            "created_at",
            "updated_at",
            "name",
            "uscc",
            "address",
            "region_id",
            "category",
            "subcategory",
            "risk_grade",
            "credit_grade",
            "status",
            "legal_representative",
            "phone",
            "match_key",
        ]
        if connection.vendor == "sqlite":
            now = now.isoformat(sep=" ")
        batch = []
        for i in range(entities):
            # Round robin over 8 categories × 7 片区: ~56 strata of equal size for the draw.
            cat = cats[i % len(cats)]
            sub = rng.choice(SUBCATEGORIES[cat])[0]
            body = f"9{i:016d}"
            name = entity_name(i, sub, rng)
            address = f"基准路{i // 100}巷{i % 100}号"
            batch.append(
                (
                    agency.pk,
                    now,
                    now,
                    name,
                    body + uscc_check_char(body),
                    address,
                    regions[(i // 8) % 7],
                    cat,
                    sub,
                    rng.choices(RiskGrade.values, (70, 22, 8))[0],
                    rng.choices(CreditGrade.values, (80, 15, 4, 1))[0],
                    rng.choices(EntityStatus.values, (94, 3, 2, 1))[0],
                    "",
                    "",
                    match_key(name, address),
                )
            )
            if len(batch) == 50_000:
                _insert(SupervisedEntity, columns, batch)
                batch = []
        _insert(SupervisedEntity, columns, batch)
        Person.objects.bulk_create(
            [
                Person(
                    agency=agency,
                    name=f"基准执法员{i}",
                    certificate_number=f"{code}-{i}",
                    certificate_valid_until=datetime.date(2030, 1, 1),
                )
                for i in range(inspectors)
            ]
        )
        ents = list(
            SupervisedEntity.objects.filter(agency=agency)
            .values_list("pk", flat=True)
            .order_by("pk")[:conflicts]
        )
        people = list(Person.objects.filter(agency=agency).values_list("pk", flat=True))
        Conflict.objects.bulk_create(
            [
                Conflict(
                    agency=agency,
                    person_id=people[(i * 7) % len(people)],
                    entity_id=e,
                    reason="基准",
                )
                for i, e in enumerate(ents)
            ]
        )
        user = User(username=f"{BENCH_USER}_{code}", agency=agency, role=Role.INSPECTOR)
        user.set_password(BENCH_PASSWORD)
        user.save()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"built {entities} entities in {time.perf_counter() - t0:.1f}s", flush=True)
    return agency
