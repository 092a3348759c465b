"""Benchmark of the 双随机 draw against a naive SQL baseline, on the configured database.

    python bench/draw.py [--entities 1000000] [--inspectors 600] [--conflicts 5000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_1m python bench/draw.py

Uses the shared county of ``bench/_fixture.py`` (built once per database): N entities in ~60
strata (8 categories × 7 片区), certified inspectors and declared conflicts. Times in the same run:

* ours: ``supervision.services.run_draw`` for a 5% plan (inputs loaded with values_list, pure
  algorithm, bulk writes, input snapshot and digests), then ``verify_draw``;
* baseline: per stratum ``ORDER BY RANDOM() LIMIT k`` in SQL, then per target two inspectors by
  ``ORDER BY RANDOM() LIMIT 2`` excluding conflicts, then the same rows with ``bulk_create``
  (teams, their members, tasks; drawn at random per target, nearly every pair is its own team).

Both are timed up to and including the foreign-key checks that PostgreSQL defers to COMMIT,
then rolled back. Ours runs ``--repeat`` times and its median is compared with the baseline.
"""

from __future__ import annotations

import argparse
import datetime
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


TARGET_SECONDS = 3.0
TARGET_SPEED_UP = 5


class Rollback(Exception):
    pass


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=1_000_000)
    ap.add_argument("--inspectors", type=int, default=600)
    ap.add_argument("--conflicts", type=int, default=5_000)
    ap.add_argument("--proportion", default="0.05")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-baseline", action="store_true")
    args = ap.parse_args()
    from _fixture import county, machine, setup

    setup(args.entities)
    from django.db import connection, transaction

    from core.models import Person
    from registry.models import SupervisedEntity
    from supervision import services
    from supervision.models import Conflict, InspectorTeam, SamplingPlan, Task, TeamMember

    agency = county(args.entities, args.inspectors, args.conflicts)
    day = datetime.date(2026, 5, 1)

    def new_plan():
        return SamplingPlan.objects.create(
            agency=agency,
            name="基准计划",
            year=2026,
            source="county",
            strata_by=["category", "region"],
            quota_value=args.proportion,
            planned_on=day,
            check_ends_on=datetime.date(2026, 6, 30),
        )

    def duties():
        """The 法规科 login that draws and the witness (``workflow.draw_duties``), rolled back
        with each run."""
        from core.models import Role, User

        drawer = User(
            username="bench-legal",
            agency=agency,
            role=Role.LEGAL_OFFICE,
            person=Person.objects.create(agency=agency, name="基准抽取人"),
        )
        drawer.set_unusable_password()
        drawer.save()
        return drawer, Person.objects.create(agency=agency, name="基准见证人")

    vendor = connection.vendor

    def settle() -> None:
        # PostgreSQL checks the foreign keys of inserted rows at COMMIT (deferred constraints);
        # both runs are rolled back, so check them here, inside the timed section.
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # ours, --repeat times (the machine is shared: the median is reported)
    runs, verifies = [], []
    for _ in range(args.repeat):
        try:
            with transaction.atomic():
                plan = new_plan()
                drawer, witness = duties()
                t0 = time.perf_counter()
                result = services.run_draw(plan, actor=drawer, seed="bench", witness=witness)
                settle()
                runs.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                ok = services.verify_draw(plan).ok
                verifies.append(time.perf_counter() - t0)
                strata = len(result.stratum_sizes)
                n_targets = len(result.targets)
                raise Rollback
        except Rollback:
            pass
    ours = statistics.median(runs)
    print(
        f"[{vendor}] ours: {n_targets} targets in {strata} strata, draw {ours:.2f}s "
        f"(median of {len(runs)}: {', '.join(f'{r:.2f}' for r in runs)}), "
        f"verify {statistics.median(verifies):.2f}s ({'一致' if ok else '不一致'})"
    )
    if args.skip_baseline:
        print(f"[{vendor}] ({machine()})")
        return
    # naive baseline
    try:
        with transaction.atomic():
            plan = new_plan()
            t0 = time.perf_counter()
            base = SupervisedEntity.objects.filter(agency=agency).exclude(
                status__in=["closed", "cancelled"]
            )
            strata_keys = base.order_by().values_list("category", "region_id").distinct()
            targets = []
            for cat, region in strata_keys:
                qs = base.filter(category=cat, region_id=region)
                k = math.ceil(qs.count() * float(args.proportion))
                targets += [
                    (e, f"{cat}|{region}")
                    for e in qs.order_by("?").values_list("pk", flat=True)[:k]
                ]
            certified = Person.objects.certified_on(day).filter(agency=agency)
            picks = []
            for eid, _ in targets:
                blocked = Conflict.objects.filter(entity_id=eid).values("person_id")
                picks.append(
                    list(
                        certified.exclude(pk__in=blocked)
                        .order_by("?")
                        .values_list("pk", flat=True)[:2]
                    )
                )
            # The same rows as ours: one team per distinct set of inspectors, then the tasks.
            numbers: dict[tuple[int, ...], int] = {}
            for ps in picks:
                numbers.setdefault(tuple(sorted(ps)), len(numbers) + 1)
            teams = InspectorTeam.objects.bulk_create(
                [InspectorTeam(plan=plan, number=n) for n in numbers.values()], batch_size=5000
            )
            team_ids = {ps: t.pk for ps, t in zip(numbers, teams, strict=True)}
            TeamMember.objects.bulk_create(
                [TeamMember(team_id=team_ids[ps], person_id=p) for ps in numbers for p in ps],
                batch_size=10000,
            )
            Task.objects.bulk_create(
                [
                    Task(
                        agency=agency,
                        plan=plan,
                        entity_id=e,
                        stratum=s,
                        seq=i,
                        team_id=team_ids[tuple(sorted(ps))],
                    )
                    for i, ((e, s), ps) in enumerate(zip(targets, picks, strict=True), 1)
                ],
                batch_size=5000,
            )
            settle()
            baseline = time.perf_counter() - t0
            raise Rollback
    except Rollback:
        pass
    print(
        f"[{vendor}] baseline (ORDER BY RANDOM() per stratum and per target): "
        f"{len(targets)} targets in {baseline:.2f}s"
    )
    speed_up = baseline / ours
    met = ours <= TARGET_SECONDS and speed_up >= TARGET_SPEED_UP
    print(f"[{vendor}] speed-up: {speed_up:.1f}×")
    print(
        f"[{vendor}] targets ≤ {TARGET_SECONDS:g} s and ≥ {TARGET_SPEED_UP}×: "
        f"{'met' if met else 'NOT met'} ({machine()})"
    )


if __name__ == "__main__":
    main()
