"""Records for report tests: seed 002's 双随机 year (564 tasks, 4 written off, 560 inspected) in
county A for 2024, a smaller year in county B, and 2023 inspections in county A for comparison."""

from __future__ import annotations

import datetime

import pytest

from core.validators import uscc_check_char
from registry.models import SupervisedEntity
from supervision.models import Inspection, InspectionKind, RectificationOrder, Task, TaskStatus
from supervision.tests.factories import plan

YEAR = 2024


def entities(agency, n, prefix):
    objs = []
    for i in range(n):
        body = f"91330{prefix}MB{i:07d}"[:17]
        objs.append(
            SupervisedEntity(
                agency=agency,
                name=f"{agency.name[-5:]}{i}号单位",
                uscc=body + uscc_check_char(body),
                address=f"测试路{i}号",
                category="public_place",
                subcategory="lodging",
                match_key=f"{prefix}-{i}",
            )
        )
    return SupervisedEntity.objects.bulk_create(objs)


def random_year(agency, ents, *, unable: int, year: int = YEAR):
    p = plan(
        agency,
        name=f"{year}年双随机抽查",
        year=year,
        planned_on=datetime.date(year, 4, 1),
        check_ends_on=datetime.date(year, 10, 31),
    )
    day = datetime.date(year, 6, 1)
    tasks = []
    for i, e in enumerate(ents):
        kw = {"unable_reason": "suspended"} if i < unable else {"result": "passed"}
        tasks.append(
            Task(
                agency=agency,
                plan=p,
                entity=e,
                seq=i,
                stratum="住宿场所",
                status=TaskStatus.CLOSED,
                inspected_on=day,
                closed_on=day,
                published_on=datetime.date(year, 6, 20),
                **kw,
            )
        )
    Task.objects.bulk_create(tasks)
    Inspection.objects.bulk_create(
        Inspection(agency=agency, entity=e, kind=InspectionKind.RANDOM, inspected_on=day)
        for e in ents[unable:]
    )


def orders(agency, ents, *, completed: int, year: int = YEAR):
    for i, e in enumerate(ents):
        insp = Inspection.objects.create(
            agency=agency,
            entity=e,
            kind=InspectionKind.SPECIAL,
            inspected_on=datetime.date(year, 8, 1),
            result="rectify",
        )
        RectificationOrder.objects.create(
            agency=agency,
            inspection=insp,
            number=f"{agency.code}-R{i}",
            issued_on=datetime.date(year, 8, 1),
            due_on=datetime.date(year, 8, 20),
            requirements="按要求整改",
            status="completed" if i < completed else "open",
        )


@pytest.fixture
def records(world):
    a = entities(world.county_a, 600, "102")
    random_year(world.county_a, a[:564], unable=4)
    orders(world.county_a, a[:10], completed=8)
    b = entities(world.county_b, 100, "103")
    random_year(world.county_b, b[:40], unable=0)
    # The previous year in county A: 200 routine inspections, for the year-over-year sentence.
    Inspection.objects.bulk_create(
        Inspection(
            agency=world.county_a,
            entity=e,
            kind=InspectionKind.ROUTINE,
            inspected_on=datetime.date(YEAR - 1, 5, 1),
        )
        for e in a[:200]
    )
    return world
