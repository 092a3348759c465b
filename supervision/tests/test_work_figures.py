"""Figures of supervision work the seeds report, each counted from records and printed in the
report in the seeds' words: 抽查计划批次, 核销, 专项行动, 问题隐患, 回头看, 投诉核查, 联合检查 and
现场笔录和意见书. County B's records and records outside the year are always in the fixture and
never counted for county A."""

import datetime

import pytest

from core.indicators import compute
from core.periods import Period
from registry.tests.factories import entities
from supervision.models import (
    Campaign,
    Finding,
    Inspection,
    InspectionKind,
    PlanStatus,
    RectificationOrder,
    SamplingPlan,
    Task,
    TaskStatus,
)
from supervision.tests.factories import plan

YEAR = 2025
PERIOD = Period.year(YEAR)
DAY = datetime.date(YEAR, 6, 2)


def _measure(key, scope):
    m = compute(key, scope, PERIOD)
    assert m is not None, f"{key} is not connected"
    if m.records is None:  # a figure of parts of different records: each part opens to its own
        assert m.value == sum(p.records.count() for p in m.breakdown.values()), key
    else:
        assert m.value == m.records.count(), key  # the number opens to the records it counts
    return m


def _plans(agency, statuses, year=YEAR):
    for i, status in enumerate(statuses):
        p = plan(
            agency,
            name=f"{year}年抽查计划{i}",
            year=year,
            planned_on=datetime.date(year, 4, 1),
            check_ends_on=datetime.date(year, 10, 31),
        )
        SamplingPlan.objects.filter(pk=p.pk).update(status=status)


def test_plans_drawn_in_the_year_are_counted_and_drafts_are_not(world):
    """Seed 000: 全年制定双随机抽查计划2批次."""
    _plans(world.county_a, [PlanStatus.PUBLISHED, PlanStatus.DRAWN, PlanStatus.DRAFT])
    _plans(world.county_a, [PlanStatus.PUBLISHED], year=YEAR - 1)
    _plans(world.county_b, [PlanStatus.DRAWN])
    assert _measure("random_plans", world.county_a).value == 2
    assert _measure("random_plans", world.county_b).value == 1
    assert _measure("random_plans", world.city).value == 3


def _written_off_year(agency, reasons, *, inspected=3, open_unable=0):
    """A plan year: tasks written off (closed after 无法检查) for ``reasons``, some inspected,
    and ``open_unable`` found 停业 but not yet confirmed (UNABLE, not closed)."""
    units = entities(agency, len(reasons) + inspected + open_unable)
    p = plan(
        agency,
        year=YEAR,
        planned_on=datetime.date(YEAR, 4, 1),
        check_ends_on=datetime.date(YEAR, 10, 31),
    )
    tasks = []
    for i, u in enumerate(units):
        t = Task(agency=agency, plan=p, entity=u, seq=i, stratum="x", inspected_on=DAY)
        if i < len(reasons):
            t.status, t.unable_reason, t.closed_on = TaskStatus.CLOSED, reasons[i], DAY
        elif i < len(reasons) + inspected:
            t.status, t.result, t.closed_on = TaskStatus.CLOSED, "passed", DAY
        else:
            t.status, t.unable_reason = TaskStatus.UNABLE, "suspended"
        tasks.append(t)
    Task.objects.bulk_create(tasks)


def test_written_off_counts_tasks_closed_after_being_found_unable_by_reason(world):
    """Seed 002: 564家 “除4家公共场所停业关闭外” — 4 written off, by reason."""
    _written_off_year(
        world.county_a, ["suspended", "suspended", "closed", "suspended"], open_unable=2
    )
    _written_off_year(world.county_b, ["cancelled"])
    m = _measure("written_off", world.county_a)
    assert m.value == 4
    assert {k: (p.label, p.value, p.records.count()) for k, p in m.breakdown.items()} == {
        "suspended": ("停业", 3, 3),
        "closed": ("关闭", 1, 1),
    }
    assert _measure("written_off", world.city).value == 5
    # 完结率 − 完成率 is the write-off, as the seed has it.
    closure = compute("random_closure_rate", world.county_a, PERIOD)
    completion = compute("random_completion_rate", world.county_a, PERIOD)
    assert closure.numerator - completion.numerator == m.value


def test_campaigns_under_way_in_the_year(world):
    """Seed 000: 专项执法行动4次 — one begun the year before counts, one ended before not."""
    spans = [
        ((YEAR - 1, 11, 1), (YEAR, 1, 31)),
        ((YEAR, 3, 1), (YEAR, 4, 30)),
        ((YEAR, 5, 1), (YEAR, 9, 30)),
        ((YEAR, 12, 1), (YEAR + 1, 2, 28)),
        ((YEAR - 1, 3, 1), (YEAR - 1, 6, 30)),
    ]
    for i, (start, end) in enumerate(spans):
        Campaign.objects.create(
            agency=world.county_a,
            name=f"专项行动{i}",
            starts_on=datetime.date(*start),
            ends_on=datetime.date(*end),
        )
    Campaign.objects.create(
        agency=world.county_b,
        name="西山专项",
        starts_on=datetime.date(YEAR, 3, 1),
        ends_on=datetime.date(YEAR, 3, 31),
    )
    assert _measure("campaigns", world.county_a).value == 4
    assert _measure("campaigns", world.city).value == 5


def _inspection(agency, unit, *, kind=InspectionKind.ROUTINE, day=DAY, **kw):
    """An inspection saved as the page saves it (its 现场笔录 and 意见书 numbered)."""
    return Inspection.objects.create(agency=agency, entity=unit, kind=kind, inspected_on=day, **kw)


def _findings(insp, bad, good):
    Finding.objects.bulk_create(
        [Finding(inspection=insp, compliant=False, note=f"问题{i}") for i in range(bad)]
        + [Finding(inspection=insp, compliant=True) for _ in range(good)]
    )


def test_problems_found_are_the_points_not_conforming_in_the_year(world):
    """Seed 000: 检查…40家次, 发现问题隐患12项."""
    a = entities(world.county_a, 5)
    for unit, bad in zip(a[:3], (5, 4, 3), strict=True):
        _findings(_inspection(world.county_a, unit), bad, 6)
    _findings(_inspection(world.county_a, a[3]), 0, 8)
    _findings(_inspection(world.county_a, a[4], day=datetime.date(YEAR - 1, 6, 3)), 7, 0)
    (b,) = entities(world.county_b, 1)
    _findings(_inspection(world.county_b, b), 2, 1)
    m = _measure("problems_found", world.county_a)
    assert m.value == 12 and all(not f.compliant for f in m.records)
    assert _measure("problems_found", world.city).value == 14


def test_follow_ups_and_complaint_checks_are_inspections_of_their_kind(world):
    a = entities(world.county_a, 9)
    kinds = [InspectionKind.FOLLOW_UP] * 3 + [InspectionKind.COMPLAINT] * 2
    kinds += [InspectionKind.ROUTINE, InspectionKind.SPECIAL]
    for unit, kind in zip(a, kinds, strict=False):
        _inspection(world.county_a, unit, kind=kind)
    _inspection(
        world.county_a, a[7], kind=InspectionKind.FOLLOW_UP, day=datetime.date(YEAR - 1, 6, 3)
    )
    (b,) = entities(world.county_b, 1)
    _inspection(world.county_b, b, kind=InspectionKind.COMPLAINT)
    assert _measure("follow_up_inspections", world.county_a).value == 3
    assert _measure("complaint_inspections", world.county_a).value == 2
    assert _measure("complaint_inspections", world.city).value == 3
    assert {i.kind for i in _measure("follow_up_inspections", world.city).records} == {
        InspectionKind.FOLLOW_UP
    }


def test_documents_are_one_record_per_inspection_and_one_opinion_per_order(world):
    """Seed 003: 下达笔录和意见书700余份 — 现场笔录 of every inspection, 意见书 of those
    concluding 责令整改 or 立案, and of an order given a number of its own."""
    a = entities(world.county_a, 8)
    for unit in a[:5]:
        _inspection(world.county_a, unit)  # 合格: a 现场笔录, no 意见书
    rectify = [_inspection(world.county_a, unit, result="rectify") for unit in a[5:7]]
    _inspection(world.county_a, a[7], result="case")
    for i, insp in enumerate(rectify):  # the first order takes the inspection's 意见书 number
        RectificationOrder.objects.create(
            agency=world.county_a,
            inspection=insp,
            number=insp.opinion_number,
            issued_on=DAY,
            due_on=DAY + datetime.timedelta(days=20),
            requirements=f"整改{i}",
        )
    RectificationOrder.objects.create(  # a second order on its own 意见书
        agency=world.county_a,
        inspection=rectify[0],
        number="临东卫监意〔2025〕99号",
        issued_on=DAY,
        due_on=DAY + datetime.timedelta(days=20),
        requirements="再次整改",
    )
    (b,) = entities(world.county_b, 1)
    _inspection(world.county_b, b, result="rectify")
    m = _measure("inspection_documents", world.county_a)
    parts = {k: (p.label, p.value, p.records.count()) for k, p in m.breakdown.items()}
    assert parts == {
        "site_record": ("现场笔录", 8, 8),
        "opinion": ("卫生监督意见书", 3, 3),
        "order_opinion": ("另行下达的整改意见书", 1, 1),
    }
    assert m.value == 12
    assert _measure("inspection_documents", world.city).value == 12 + 2


@pytest.fixture
def work_year(world):
    """County A's year of work with a figure for every new sentence; county B's beside it."""
    _plans(world.county_a, [PlanStatus.PUBLISHED, PlanStatus.PUBLISHED])
    _written_off_year(world.county_a, ["suspended", "closed", "closed", "suspended"])
    for i in range(4):
        Campaign.objects.create(
            agency=world.county_a,
            name=f"专项行动{i}",
            starts_on=datetime.date(YEAR, 3 + i, 1),
            ends_on=datetime.date(YEAR, 3 + i, 28),
        )
    a = entities(world.county_a, 6)
    _findings(_inspection(world.county_a, a[0], kind=InspectionKind.SPECIAL), 12, 3)
    _inspection(world.county_a, a[1], kind=InspectionKind.FOLLOW_UP)
    _inspection(world.county_a, a[2], kind=InspectionKind.COMPLAINT)
    _inspection(world.county_a, a[3], kind=InspectionKind.COMPLAINT, result="rectify")
    joint = plan(
        world.county_a,
        name="联合抽查",
        year=YEAR,
        partner_department="市场监管局",
        planned_on=datetime.date(YEAR, 4, 1),
        check_ends_on=datetime.date(YEAR, 10, 31),
    )
    for i, unit in enumerate(a[4:]):
        t = Task.objects.create(agency=world.county_a, plan=joint, entity=unit, seq=i, stratum="x")
        _inspection(world.county_a, unit, kind=InspectionKind.RANDOM, task=t)
    (b,) = entities(world.county_b, 1)
    _findings(_inspection(world.county_b, b, kind=InspectionKind.COMPLAINT), 9, 0)
    _plans(world.county_b, [PlanStatus.DRAWN] * 5)
    return world


def test_the_report_states_each_figure_in_the_seeds_words(work_year):
    from reports import compose
    from reports.template import CURRENT
    from review.engine import review_text

    g = compose.generate(work_year.county_a, YEAR)
    assert g["template"] == CURRENT
    text = "".join(r["t"] for s in g["blocks"]["supervision.figures"]["sentences"] for r in s)
    expected = {
        "random_plans": "全年制定双随机抽查计划2批次。",
        "written_off": "因停业、关闭等无法检查，依法核销4家。",
        "campaigns": "开展专项执法行动4次",
        "problems_found": "发现问题隐患12项。",
        "follow_up_inspections": "开展“回头看”复查1家次",
        "complaint_inspections": "核查投诉举报2家次。",
        "joint_inspections": "联合有关部门开展联合检查2次。",
        # 6 inspections' 现场笔录 + the 意见书 of the one concluding 责令整改
        "inspection_documents": "全年各项监督检查共计下达笔录和意见书7份。",
    }
    for key, words in expected.items():
        assert words in text, (key, text)
        assert _measure(key, work_year.county_a).value is not None
    # The report checker reads each printed figure back under the key it was computed for.
    labels = {f.indicator for f in review_text(text).facts}
    assert set(expected) <= labels, set(expected) - labels


def test_a_report_of_the_earlier_template_keeps_its_sentences(work_year):
    from reports import compose
    from reports.template import get_template

    g = compose.generate(work_year.county_a, YEAR, get_template("2025.2"))
    text = "".join(r["t"] for s in g["blocks"]["supervision.figures"]["sentences"] for r in s)
    assert "批次" not in text and "笔录和意见书" not in text


def test_each_new_figure_has_its_page_with_its_records(work_year, client_for):
    c = client_for(work_year.admin_a)
    for key, shown in {
        "random_plans": "2批次",
        "written_off": "4家",
        "campaigns": "4次",
        "problems_found": "12项",
        "follow_up_inspections": "1家次",
        "complaint_inspections": "2家次",
        "inspection_documents": "7份",
    }.items():
        resp = c.get(f"/indicators/{key}/", {"agency": work_year.county_a.code, "year": YEAR})
        assert resp.status_code == 200, key
        html = resp.content.decode()
        assert shown in html and "未接入" not in html, key
    html = c.get(
        "/indicators/inspection_documents/",
        {"agency": work_year.county_a.code, "year": YEAR, "part": "site_record"},
    ).content.decode()
    assert "现场笔录" in html and "测试单位" in html
