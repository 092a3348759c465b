"""Counts kept by triggers (core.tallies) agree with a recount after every kind of write."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections, transaction

from core import tallies
from core.bulk import insert_rows
from core.indicators import batch, computations, compute
from core.models import STANDING, Tally
from core.periods import Period
from registry.models import EntityCategory, EntityStatus
from registry.tests.factories import entity
from supervision.models import (
    Inspection,
    InspectionKind,
    InspectionResult,
    RectificationOrder,
    RectificationStatus,
    Task,
    TaskStatus,
)
from supervision.tests.factories import inspection, plan

D24 = datetime.date(2024, 5, 10)
D25 = datetime.date(2025, 3, 3)


def verify():
    return [str(d) for d in tallies.verify(tallies.registered())]


def covered(agency, year, category=EntityCategory.PUBLIC_PLACE):
    return tallies.counts(
        "supervision.covered", agency, datetime.date(year, 1, 1), datetime.date(year, 1, 1)
    ).get(category, 0)


def raw_inspection(agency, ent, day, kind=InspectionKind.ROUTINE):
    """An inspection written as a plain row, as imports and the demo write them."""
    insert_rows(
        Inspection,
        ["agency_id", "entity_id", "kind", "inspected_on"],
        [(agency.pk, ent.pk, kind, day)],
    )


def test_sources_are_registered_by_their_apps():
    names = {n for s in tallies.registered() for n in s.names}
    assert {
        "registry.entities",
        "supervision.inspections",
        "supervision.inspections_published",
        "supervision.orders",
        "supervision.covered",
    } <= names


def test_every_write_path_keeps_the_counts(world):
    a, b = world.county_a, world.county_b
    e1, e2 = entity(a), entity(a)
    e3 = entity(b, category=EntityCategory.DRINKING_WATER, subcategory="secondary_supply")
    people = [world.officer_a.person]
    assert verify() == []
    assert tallies.counts("registry.entities", world.city) == {
        "public_place:open": 2,
        "drinking_water:open": 1,
    }

    # Inserts through the ORM and as plain rows; the same unit twice in a year counts once.
    i1 = inspection(a, e1, people, day=D24, kind=InspectionKind.ROUTINE)
    inspection(a, e1, people, day=D24.replace(month=9), kind=InspectionKind.SPECIAL)
    raw_inspection(a, e2, D25)
    raw_inspection(b, e3, D25, kind=InspectionKind.SPECIAL)
    assert verify() == []
    assert covered(a, 2024) == 1 and covered(a, 2025) == 1 and covered(world.city, 2024) == 1
    jan, dec = datetime.date(2024, 1, 1), datetime.date(2024, 12, 1)
    assert tallies.counts("supervision.inspections", a, jan, dec) == {"routine": 1, "special": 1}

    # An update that moves the inspection to another year, another unit, another kind.
    i1.inspected_on = D25
    i1.save()
    assert verify() == [] and covered(a, 2024) == 1  # the September one is still there
    Inspection.objects.filter(pk=i1.pk).update(entity=e2, kind=InspectionKind.COMPLAINT)
    assert verify() == []
    # Moving within the same unit and year changes nothing in the coverage.
    Inspection.objects.filter(pk=i1.pk).update(inspected_on=D25.replace(month=11))
    assert verify() == [] and covered(a, 2025) == 1

    # Publishing in bulk, as the 公示 does.
    Inspection.objects.filter(agency=a).update(published_on=datetime.date(2025, 12, 1))
    assert verify() == []
    pub = tallies.counts(
        "supervision.inspections_published",
        a,
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 1),
    )
    assert pub == {"": 3}

    # A unit that closes leaves the coverage of every year; reopening brings it back.
    e2.status = EntityStatus.CLOSED
    e2.save()
    assert verify() == [] and covered(a, 2025) == 0
    e2.status = EntityStatus.OPEN
    e2.save()
    assert covered(a, 2025) == 1
    # A unit moved to another agency and category takes its counts with it.
    e1.agency = b
    e1.category = EntityCategory.MEDICAL
    e1.save()
    assert verify() == []
    assert covered(a, 2024) == 0 and covered(b, 2024, EntityCategory.MEDICAL) == 1
    assert tallies.counts("registry.entities", b)["medical:open"] == 1

    # Deleting inspections (a raw delete, bypassing every model method).
    with connection.cursor() as cur:
        cur.execute("DELETE FROM supervision_inspection WHERE entity_id = %s", [e3.pk])
    assert verify() == [] and covered(b, 2025, EntityCategory.DRINKING_WATER) == 0

    # Rectification orders move between statuses.
    order = RectificationOrder.objects.create(
        agency=a,
        inspection=Inspection.objects.filter(entity=e2).first(),
        number="东卫监改〔2025〕1号",
        issued_on=D25,
        due_on=D25 + datetime.timedelta(days=30),
    )
    RectificationOrder.objects.filter(pk=order.pk).update(status=RectificationStatus.COMPLETED)
    assert verify() == []
    march = datetime.date(2025, 3, 1)
    assert tallies.counts("supervision.orders", world.city, march, march) == {"completed": 1}


def test_a_rolled_back_write_leaves_no_count(world):
    e = entity(world.county_a)
    before = list(Tally.objects.values_list("name", "agency", "period", "dim", "n"))
    with pytest.raises(RuntimeError), transaction.atomic():
        raw_inspection(world.county_a, e, D25)
        assert covered(world.county_a, 2025) == 1
        raise RuntimeError
    assert list(Tally.objects.values_list("name", "agency", "period", "dim", "n")) == before


def test_verify_names_a_wrong_count_and_rebuild_repairs_it(world):
    e = entity(world.county_a)
    raw_inspection(world.county_a, e, D25)
    Tally.objects.filter(name="supervision.covered").update(n=7)
    Tally.objects.filter(name="registry.entities").delete()
    found = verify()
    assert any("supervision.covered" in d and "计数 7，重新统计 1" in d for d in found)
    assert any("registry.entities" in d and "计数 0，重新统计 1" in d for d in found)
    tallies.rebuild(tallies.registered())
    assert verify() == []


def test_standing_counts_use_the_standing_period(world):
    entity(world.county_a)
    assert set(Tally.objects.filter(name="registry.entities").values_list("period", flat=True)) == {
        STANDING
    }


def _in_thread(target, errors):
    def run():
        try:
            target()
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    t = threading.Thread(target=run)
    t.start()
    return t


@pytest.mark.django_db(transaction=True)
def test_two_first_inspections_of_one_unit_at_once_count_it_once(world):
    """The second writer waits for the first, then sees its inspection: no double count."""
    e = entity(world.county_a)
    first_written, errors = threading.Event(), []

    def first():
        with transaction.atomic():
            raw_inspection(world.county_a, e, D25)
            first_written.set()
            time.sleep(0.5)

    def second():
        first_written.wait(5)
        with transaction.atomic():
            raw_inspection(world.county_a, e, D25.replace(day=20))

    threads = [_in_thread(first, errors), _in_thread(second, errors)]
    for t in threads:
        t.join()
    assert errors == []
    assert Inspection.objects.filter(entity=e).count() == 2
    assert covered(world.county_a, 2025) == 1
    assert verify() == []


@pytest.mark.django_db(transaction=True)
def test_a_unit_closing_while_it_is_inspected_is_counted_consistently(world):
    e = entity(world.county_a)
    written, errors = threading.Event(), []

    def inspect():
        with transaction.atomic():
            raw_inspection(world.county_a, e, D25)
            written.set()
            time.sleep(0.5)

    def close():
        written.wait(5)
        from registry.models import SupervisedEntity

        with transaction.atomic():
            SupervisedEntity.objects.filter(pk=e.pk).update(status=EntityStatus.CLOSED)

    threads = [_in_thread(inspect, errors), _in_thread(close, errors)]
    for t in threads:
        t.join()
    assert errors == []
    assert covered(world.county_a, 2025) == 0
    assert verify() == []


def test_figures_read_from_counts_match_their_records(world):
    """Every supervision figure equals the count of the records it links to, for every scope."""
    a, b = world.county_a, world.county_b
    people = [world.officer_a.person]
    medical = dict(category=EntityCategory.MEDICAL, subcategory="clinic")
    ents = [entity(a, **(medical if i == 2 else {})) for i in range(5)] + [
        entity(b, **(medical if i == 0 else {})) for i in range(3)
    ]
    ents[4].status = EntityStatus.CLOSED
    ents[4].save()
    for i, e in enumerate(ents):
        for k in range(i % 3):
            inspection(
                e.agency,
                e,
                people,
                day=datetime.date(2025, 1 + 3 * k, 5 + i),
                kind=[InspectionKind.ROUTINE, InspectionKind.SPECIAL][k % 2],
            )
    # A county inspecting a unit registered under the other one still covers that unit.
    inspection(a, ents[6], people, day=datetime.date(2025, 6, 1))
    done = Inspection.objects.filter(entity=ents[1]).first()
    RectificationOrder.objects.create(
        agency=a,
        inspection=done,
        number="改1",
        issued_on=done.inspected_on,
        due_on=D25.replace(month=12),
    )
    alone = plan(
        a, year=2025, planned_on=datetime.date(2025, 4, 1), check_ends_on=datetime.date(2025, 9, 1)
    )
    # 联合抽查: a plan naming its partner department; its tasks' inspections are joint ones.
    joint = plan(
        a,
        name="2025年公共场所联合抽查",
        year=2025,
        partner_department="区市场监督管理局",
        planned_on=datetime.date(2025, 4, 1),
        check_ends_on=datetime.date(2025, 9, 1),
    )
    for seq, (p, e, day) in enumerate(
        [
            (joint, ents[0], datetime.date(2025, 4, 20)),
            (joint, ents[3], datetime.date(2024, 7, 1)),
            (alone, ents[1], datetime.date(2025, 4, 21)),
        ]
    ):
        t = Task.objects.create(
            agency=a,
            plan=p,
            entity=e,
            seq=seq,
            stratum="x",
            status=TaskStatus.INSPECTED,
            result=InspectionResult.PASSED,
            inspected_on=day,
            published_on=day + datetime.timedelta(days=3),
        )
        inspection(a, e, people, day=day, kind=InspectionKind.RANDOM, task=t)
    # Every figure supervision computes, the ones added later included.
    keys = sorted(k for k, (_, app) in computations().items() if app == "supervision")
    assert {"entities_inspected", "joint_inspections", "supervision_coverage_rate"} <= set(keys)
    periods = [Period.year(2025), Period.month(2025, 4), Period.year(2024)]

    def check(m, what):
        if m.numerator is not None:
            assert m.numerator == m.records.count(), what
            assert m.denominator == m.denominator_records.count(), what
        elif m.value is not None and m.records is None:
            # A whole made of parts of different records (笔录 and 意见书): the parts are it.
            assert m.value == sum(p.value for p in m.breakdown.values()), what
        elif m.value is not None:
            assert m.value == m.records.count(), what

    for inside in (False, True):
        ctx = batch() if inside else transaction.atomic()
        with ctx:
            for scope in (world.city, a, b):
                for period in periods:
                    for key in keys:
                        m = compute(key, scope, period)
                        check(m, (key, scope, period))
                        for part, pm in m.breakdown.items():  # each part is its records too
                            check(pm, (key, part, scope, period))
                            assert pm.label and pm.label != part, (key, part)
    cov = compute("supervision_coverage_rate", a, Period.year(2025))
    # County A: units 0, 1 and 2 inspected in 2025 (unit 4 has closed, unit 3 only in 2024).
    assert (cov.numerator, cov.denominator) == (3, 4)
    parts = {(m.label, m.numerator, m.denominator) for m in cov.breakdown.values()}
    assert parts == {("医疗卫生机构", 1, 1), ("公共场所", 2, 3)}
    # County B: every unit, unit 6 through county A's inspection.
    cov = compute("supervision_coverage_rate", b, Period.year(2025))
    assert (cov.numerator, cov.denominator) == (3, 3)
    n = compute("entities_inspected", world.city, Period.year(2025))
    assert n.value == 6
    assert {m.label: m.value for m in n.breakdown.values()} == {"医疗卫生机构": 2, "公共场所": 4}
    kinds = compute("inspections_count", a, Period.month(2025, 4))
    assert {m.label: m.value for m in kinds.breakdown.values()} == {"双随机": 2, "专项": 1}
    # Joint: only the inspections of the plan with a partner, in the period asked.
    assert compute("joint_inspections", world.city, Period.year(2025)).value == 1
    assert compute("joint_inspections", a, Period.year(2024)).value == 1
    assert compute("joint_inspections", b, Period.year(2025)).value == 0


def test_the_command_verifies_and_rebuilds(world):
    from django.core.management import CommandError, call_command

    raw_inspection(world.county_a, entity(world.county_a), D25)
    call_command("tallies", "verify")  # no exception: every count agrees
    Tally.objects.filter(name="supervision.inspections").update(n=5)
    with pytest.raises(CommandError, match="统计计数与源数据不一致 1 处"):
        call_command("tallies", "verify")
    call_command("tallies", "rebuild")
    call_command("tallies", "verify")


def test_one_statement_writing_several_rows_of_one_unit(world):
    """Multi-row INSERT, UPDATE and DELETE: PostgreSQL and SQLite fire row triggers at
    different moments of such a statement, and the unit must still count once."""
    a = world.county_a
    e, other = entity(a), entity(a)
    Inspection.objects.bulk_create(
        [
            Inspection(agency=a, entity=e, kind=InspectionKind.ROUTINE, inspected_on=D24),
            Inspection(agency=a, entity=e, kind=InspectionKind.SPECIAL, inspected_on=D24),
            Inspection(agency=a, entity=other, kind=InspectionKind.ROUTINE, inspected_on=D24),
        ]
    )
    assert covered(a, 2024) == 2 and verify() == []
    # Both inspections of the unit move to 2025 in one UPDATE.
    Inspection.objects.filter(entity=e).update(inspected_on=D25)
    assert (covered(a, 2024), covered(a, 2025)) == (1, 1) and verify() == []
    # Both move to the other unit in one UPDATE.
    Inspection.objects.filter(entity=e).update(entity=other)
    assert (covered(a, 2024), covered(a, 2025)) == (1, 1) and verify() == []
    # Every inspection of the unit goes in one DELETE.
    with connection.cursor() as cur:
        cur.execute("DELETE FROM supervision_inspection WHERE entity_id = %s", [other.pk])
    assert (covered(a, 2024), covered(a, 2025)) == (0, 0) and verify() == []


def test_a_large_load_is_counted_once_at_its_end(world):
    a = world.county_a
    e = entity(a)
    with transaction.atomic(), tallies.counted_once(Inspection):
        raw_inspection(a, e, D25)
        raw_inspection(a, e, D25.replace(month=6))
        assert covered(a, 2025) == 0  # not counted row by row inside the block
    assert covered(a, 2025) == 1 and verify() == []
    # The triggers are back: the next write is counted as it happens.
    raw_inspection(a, entity(a), D25)
    assert covered(a, 2025) == 2 and verify() == []
    # A failed load rolls back its rows and leaves the triggers in place.
    with pytest.raises(RuntimeError), transaction.atomic(), tallies.counted_once(Inspection):
        raw_inspection(a, entity(a), D25)
        raise RuntimeError
    raw_inspection(a, entity(a), D25)
    assert covered(a, 2025) == 3 and verify() == []


def test_coverage_over_two_years_is_counted_from_the_records(world):
    """Coverage is kept by year and does not add up across years: a unit inspected in both
    years is one covered unit of the two-year range, and the range is counted from records."""
    a = world.county_a
    both, later = entity(a), entity(a)
    raw_inspection(a, both, D24)
    raw_inspection(a, both, D25)
    raw_inspection(a, later, D25)
    two_years = Period(datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
    assert not tallies.aligned(two_years.start, two_years.end, "year")
    m = compute("supervision_coverage_rate", a, two_years)
    assert (m.numerator, m.denominator) == (2, 2) and m.records.count() == 2
    assert tallies.aligned(datetime.date(2025, 3, 1), datetime.date(2025, 4, 30), "month")
    assert not tallies.aligned(datetime.date(2025, 3, 2), datetime.date(2025, 4, 30), "month")


def test_figures_read_kept_counts_for_whole_periods_and_records_otherwise(world):
    """A whole year reads the kept count (here made wrong on purpose, so the source shows);
    a range of days, or ``from_records()``, counts the inspections themselves."""
    a = world.county_a
    raw_inspection(a, entity(a), D25)
    Tally.objects.filter(name="supervision.inspections").update(n=9)
    Tally.objects.filter(name="supervision.covered").update(n=9)
    year = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    days = Period(datetime.date(2025, 3, 2), datetime.date(2025, 12, 31))

    def figures(period):
        return (
            compute("inspections_count", a, period).value,
            compute("supervision_coverage_rate", a, period).numerator,
        )

    assert figures(year) == (9, 9)
    assert figures(days) == (1, 1)
    with tallies.from_records():
        assert figures(year) == (1, 1)
    assert figures(year) == (9, 9)  # the switch ends with its block
