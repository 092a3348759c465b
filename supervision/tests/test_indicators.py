"""Seed figures rebuilt from records (RULES §4 rates, §11 rows 14–20, 44)."""

import datetime
from decimal import Decimal

from core.indicators import compute
from core.periods import Period
from registry.models import EntityCategory, EntityStatus
from registry.tests.factories import entities
from supervision.models import (
    Inspection,
    InspectionKind,
    InspectionResult,
    RectificationOrder,
    Task,
    TaskStatus,
)
from supervision.tests.factories import plan

YEAR = Period.year(2024)


def test_seed_002_completion_and_closure_rates(world):
    """564 tasks: 4 written off and closed, 560 inspected — closed after a 合格 or after the
    rectification's 复查, or still INSPECTED with a 合格 result (nothing left to do)."""
    ents = entities(world.county_a, 564)
    p = plan(
        world.county_a,
        year=2024,
        planned_on=datetime.date(2024, 4, 1),
        check_ends_on=datetime.date(2024, 10, 31),
    )
    day = datetime.date(2024, 6, 1)

    def task(i, e):
        t = Task(agency=world.county_a, plan=p, entity=e, seq=i, stratum="x", inspected_on=day)
        if i < 4:  # closed or out of business: written off as UNABLE, then closed
            t.status, t.unable_reason, t.closed_on = TaskStatus.CLOSED, "suspended", day
        elif i < 24:  # rectification ordered, confirmed by 复查, closed
            t.status, t.result, t.closed_on = TaskStatus.CLOSED, InspectionResult.RECTIFY, day
        elif i < 64:  # 合格, not formally closed yet: nothing pending
            t.status, t.result = TaskStatus.INSPECTED, InspectionResult.PASSED
        else:
            t.status, t.result, t.closed_on = TaskStatus.CLOSED, InspectionResult.PASSED, day
        return t

    Task.objects.bulk_create([task(i, e) for i, e in enumerate(ents)])

    def rates():
        done = compute("random_completion_rate", world.city, YEAR)
        closed = compute("random_closure_rate", world.city, YEAR)
        for m in (done, closed):  # the records behind each figure are the figure
            assert (m.numerator, m.denominator) == (
                m.records.count(),
                m.denominator_records.count(),
            )
        return (done.numerator, done.denominator, done.value), (
            closed.numerator,
            closed.denominator,
            closed.value,
        )

    assert compute("random_tasks", world.city, YEAR).value == 564
    assert rates() == ((560, 564, Decimal("99.29")), (564, 564, Decimal("100.00")))
    # A task back in 整改复查 is inspected but not concluded: rectification is pending.
    Task.objects.filter(plan=p, seq=4).update(status=TaskStatus.REVIEWING, closed_on=None)
    assert rates() == ((560, 564, Decimal("99.29")), (563, 564, Decimal("99.82")))
    # So is one found 责令整改 not yet sent to 复查, and a write-off not yet confirmed.
    Task.objects.filter(plan=p, seq=5).update(status=TaskStatus.INSPECTED, closed_on=None)
    Task.objects.filter(plan=p, seq=0).update(status=TaskStatus.UNABLE, closed_on=None)
    assert rates() == ((560, 564, Decimal("99.29")), (561, 564, Decimal("99.47")))
    # And one that opened a case (立案) concludes only with its case.
    Task.objects.filter(plan=p, seq=64).update(
        status=TaskStatus.INSPECTED, result=InspectionResult.CASE, closed_on=None
    )
    assert rates() == ((560, 564, Decimal("99.29")), (560, 564, Decimal("99.29")))
    # County B sees none of it.
    assert compute("random_tasks", world.county_b, YEAR).value == 0


def test_seed_004_coverage_rate(world):
    ents = entities(world.county_a, 904)
    insp = [
        Inspection(
            agency=world.county_a,
            entity=e,
            kind=InspectionKind.ROUTINE,
            inspected_on=datetime.date(2024, 3, 1),
        )
        for e in ents[:384]
    ]
    # a second visit to an already-covered unit does not count twice
    insp.append(
        Inspection(
            agency=world.county_a,
            entity=ents[0],
            kind=InspectionKind.SPECIAL,
            inspected_on=datetime.date(2024, 9, 1),
        )
    )
    Inspection.objects.bulk_create(insp)
    m = compute("supervision_coverage_rate", world.county_a, YEAR)
    assert (m.numerator, m.denominator, m.value) == (384, 904, Decimal("42.48"))
    assert compute("supervised_entities_total", world.county_a, YEAR).value == 904
    assert compute("inspections_count", world.county_a, YEAR).value == 385
    assert compute("special_inspections", world.county_a, YEAR).value == 1


def test_rectification_orders_and_completion_rate(world):
    ents = entities(world.county_a, 10)
    orders = []
    for i, e in enumerate(ents):
        insp = Inspection.objects.create(
            agency=world.county_a,
            entity=e,
            kind="routine",
            inspected_on=datetime.date(2024, 5, 1),
            result="rectify",
        )
        orders.append(
            RectificationOrder(
                agency=world.county_a,
                inspection=insp,
                number=f"R{i}",
                issued_on=datetime.date(2024, 5, 1),
                due_on=datetime.date(2024, 5, 20),
                requirements="x",
                status="completed" if i < 8 else "open",
            )
        )
    RectificationOrder.objects.bulk_create(orders)
    assert compute("rectification_orders", world.county_a, YEAR).value == 10
    m = compute("rectification_completion_rate", world.county_a, YEAR)
    assert (m.numerator, m.denominator, m.value) == (8, 10, Decimal("80.00"))


def test_publication_rate_counts_published_of_inspected(world):
    ents = entities(world.county_a, 4)
    p = plan(
        world.county_a,
        year=2024,
        planned_on=datetime.date(2024, 4, 1),
        check_ends_on=datetime.date(2024, 10, 31),
    )
    Task.objects.bulk_create(
        [
            Task(
                agency=world.county_a,
                plan=p,
                entity=e,
                seq=i,
                stratum="x",
                status=TaskStatus.INSPECTED,
                inspected_on=datetime.date(2024, 5, 1),
                published_on=datetime.date(2024, 5, 20) if i < 3 else None,
            )
            for i, e in enumerate(ents)
        ]
    )
    m = compute("result_publication_rate", world.county_a, YEAR)
    assert (m.numerator, m.denominator, m.value) == (3, 4, Decimal("75.00"))


def _inspect(ents, day=datetime.date(2024, 3, 1)):
    Inspection.objects.bulk_create(
        Inspection(agency=e.agency, entity=e, kind=InspectionKind.ROUTINE, inspected_on=day)
        for e in ents
    )


def test_seed_004_entities_inspected_and_coverage_by_category(world):
    """904 公共场所 units of which 384 inspected (42.48%), 50 医疗卫生 units all inspected."""
    places = entities(world.county_a, 904)
    clinics = entities(world.county_a, 50, category="medical", subcategory="clinic")
    closed = entities(
        world.county_a, 3, category="medical", subcategory="clinic", status=EntityStatus.CLOSED
    )
    _inspect(places[:384] + clinics + closed)
    _inspect(places[:10], day=datetime.date(2024, 9, 1))  # a second visit counts the unit once
    pub, med = EntityCategory.PUBLIC_PLACE, EntityCategory.MEDICAL
    # The calendar year is read from the kept counts; a range of days from the records.
    for period in (YEAR, Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 30))):
        n = compute("entities_inspected", world.city, period)
        assert n.value == 434 == n.records.count()
        assert {c: m.value for c, m in n.breakdown.items()} == {med: 50, pub: 384}
        assert all(m.value == m.records.count() for m in n.breakdown.values())
        cov = compute("supervision_coverage_rate", world.county_a, period)
        assert (cov.numerator, cov.denominator, cov.value) == (434, 954, Decimal("45.49"))
        parts = {c: (m.numerator, m.denominator, m.value) for c, m in cov.breakdown.items()}
        assert parts == {
            pub: (384, 904, Decimal("42.48")),
            med: (50, 50, Decimal("100.00")),
        }
        assert list(parts) == [med, pub]  # in the order of the categories
        # Each part names itself, so pages and reports print it without knowing the categories.
        assert [m.label for m in cov.breakdown.values()] == ["医疗卫生机构", "公共场所"]
        assert [m.label for m in n.breakdown.values()] == ["医疗卫生机构", "公共场所"]
        for m in cov.breakdown.values():
            assert m.numerator == m.records.count()
            assert m.denominator == m.denominator_records.count()
            assert {e.category for e in m.records} <= {e.category for e in m.denominator_records}
        empty = compute("supervision_coverage_rate", world.county_b, period)
        assert empty.value is None and empty.breakdown == {}
        assert compute("entities_inspected", world.county_b, period).value == 0


def test_joint_inspections_are_those_of_a_plan_with_a_partner_department(world):
    ents = entities(world.county_a, 6)
    joint = plan(
        world.county_a,
        name="2024年公共场所联合抽查",
        year=2024,
        partner_department="区市场监督管理局",
        planned_on=datetime.date(2024, 4, 1),
        check_ends_on=datetime.date(2024, 10, 31),
    )
    alone = plan(
        world.county_a,
        year=2024,
        planned_on=datetime.date(2024, 4, 1),
        check_ends_on=datetime.date(2024, 10, 31),
    )
    tasks = Task.objects.bulk_create(
        Task(agency=world.county_a, plan=p, entity=e, seq=i, stratum="x")
        for i, (p, e) in enumerate(zip([joint] * 3 + [alone] * 2, ents, strict=False))
    )
    day = datetime.date(2024, 5, 1)
    Inspection.objects.bulk_create(
        [
            Inspection(
                agency=world.county_a,
                entity=t.entity,
                task=t,
                kind=InspectionKind.RANDOM,
                inspected_on=day,
            )
            for t in tasks
        ]
        + [
            Inspection(agency=world.county_a, entity=ents[5], kind="routine", inspected_on=day),
            # a joint task inspected the year before is not in this year's figure
            Inspection(
                agency=world.county_a,
                entity=ents[0],
                task=tasks[0],
                kind=InspectionKind.RANDOM,
                inspected_on=datetime.date(2023, 12, 1),
            ),
        ]
    )
    m = compute("joint_inspections", world.city, YEAR)
    assert m.value == 3 == m.records.count()
    assert {i.task.plan_id for i in m.records} == {joint.pk}
    assert compute("joint_inspections", world.county_b, YEAR).value == 0
