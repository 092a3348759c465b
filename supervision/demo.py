"""Demo data: inspectors, sampling plans with recorded draws, inspections and rectification."""

from __future__ import annotations

import datetime
import itertools
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from core import tallies
from core.bulk import foreign_keys_checked_once, insert_rows
from core.deadlines import complete_deadline
from core.models import Person, Role, User
from core.models.deadlines import Deadline
from core.numbering import advance_to, format_number
from registry.models import NOT_SUPERVISED, SupervisedEntity
from supervision import services
from supervision.models import (
    OPINION,
    RECORD,
    Campaign,
    CheckIn,
    ChecklistPoint,
    Conflict,
    Finding,
    Inspection,
    InspectionItem,
    InspectionKind,
    InspectionResult,
    PlanStatus,
    QuotaMode,
    RectificationOrder,
    RectificationStatus,
    SamplingPlan,
    Task,
    TaskSource,
    TaskStatus,
)

INSPECTIONS = {"small": 5_000, "city": 250_000, "province": 3_000_000}
INSPECTORS_PER_AGENCY = 12
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜".replace("", " ").split()


def _inspectors(agency, rng: random.Random) -> list[int]:
    today = timezone.localdate()
    valid = datetime.date(today.year + 3, 12, 31)
    have = list(
        Person.objects.certified_on(today).filter(agency=agency).values_list("pk", flat=True)
    )
    need = INSPECTORS_PER_AGENCY - len(have)
    if need > 0:
        Person.objects.bulk_create(
            [
                Person(
                    agency=agency,
                    name=rng.choice(SURNAMES) + rng.choice("明华丽强军芳静伟敏"),
                    certificate_number=f"DEMO{agency.pk:04d}{n:04d}",
                    certificate_valid_until=valid,
                    certificate_issuer="演示市人民政府",
                )
                for n in range(need)
            ]
        )
        have = list(
            Person.objects.certified_on(today).filter(agency=agency).values_list("pk", flat=True)
        )
    return have


def _drawer(agency, inspectors: list[int]) -> User:
    """The agency's 法规科 login that draws its plans: the demo's ``county…legal`` where there is
    one, else a login (without a usable password) for a 政策法规科 member who does not inspect."""
    drawer = (
        User.objects.filter(agency=agency, role=Role.LEGAL_OFFICE, person__isnull=False)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    if drawer is not None:
        return drawer
    staff = Person.objects.filter(agency=agency, is_active=True, user__isnull=True).exclude(
        pk__in=inspectors
    )
    person = (
        staff.filter(department__name="政策法规科").order_by("pk").first()
        or staff.order_by("pk").first()
        or Person.objects.create(agency=agency, name="法规科抽取员")
    )
    drawer = User(
        username=f"legal-{agency.code}", agency=agency, role=Role.LEGAL_OFFICE, person=person
    )
    drawer.set_unusable_password()
    drawer.save()
    return drawer


def build(
    agencies, scale: str, rng: random.Random, year: int | None = None, progress=None
) -> dict[str, int]:
    """One 5% random plan per agency (drawn and verifiable) plus a year of inspections.

    ``progress(label, done, total)`` is called after each agency when given.
    """
    year = year or timezone.localdate().year - 1
    agencies = list(agencies)
    counts = {"plans": 0, "tasks": 0, "inspections": 0, "rectifications": 0}
    per_agency = INSPECTIONS[scale] // len(agencies)
    bulk_tables = (Inspection, Inspection.inspectors.through, RectificationOrder, Finding, CheckIn)
    with (
        transaction.atomic(),
        foreign_keys_checked_once(*bulk_tables, Deadline),
        tallies.counted_once(*bulk_tables),
    ):
        for agency in agencies:
            people = _inspectors(agency, rng)
            if len(people) < 2:
                continue
            plan = SamplingPlan.objects.create(
                agency=agency,
                name=f"{year}年度双随机抽查计划",
                year=year,
                source=TaskSource.NATIONAL,
                strata_by=["category"],
                quota_mode=QuotaMode.PROPORTION,
                quota_value="0.05",
                planned_on=datetime.date(year, 4, 1),
                check_ends_on=datetime.date(year, 10, 31),
            )
            # Drawn by the agency's 法规科 and witnessed by another of its staff who does not
            # inspect (separation of duties, ``workflow.draw_duties``).
            drawer = _drawer(agency, people)
            witness = (
                Person.objects.filter(agency=agency, is_active=True)
                .exclude(pk__in=[*people, drawer.person_id])
                .order_by("pk")
                .first()
            ) or Person.objects.create(agency=agency, name="纪检监督员")
            try:
                services.run_draw(
                    plan, actor=drawer, seed=f"demo-{agency.pk}-{year}", witness=witness
                )
            except ValidationError:  # a tiny agency with no entities or staff: keep the draft
                continue
            # The plan was drawn before its checks began (the draw is dated now otherwise).
            SamplingPlan.objects.filter(pk=plan.pk).update(
                drawn_at=timezone.make_aware(datetime.datetime(year, 3, 25, 10, 0))
            )
            counts["plans"] += 1
            ids = list(
                SupervisedEntity.objects.filter(agency=agency)
                .exclude(status__in=NOT_SUPERVISED)
                .values_list("pk", flat=True)
            )
            if not ids:
                continue
            # Random tasks: ~99% inspected, the rest written off, as in seed 002.
            tasks = list(Task.objects.filter(plan=plan).values_list("pk", "entity_id"))
            counts["tasks"] += len(tasks)
            made = _inspections(agency, year, per_agency, tasks, ids, people, rng)
            counts["inspections"] += made[0]
            counts["rectifications"] += made[1]
            if progress:
                progress("监督检查", counts["inspections"], per_agency * len(agencies))
            published = datetime.date(year, 11, 14)  # within 20 working days of the check end
            _conclude_tasks(plan, published)
            SamplingPlan.objects.filter(pk=plan.pk).update(
                status=PlanStatus.PUBLISHED, published_on=published
            )
            if deadline := services.publication_deadline(plan):
                complete_deadline(deadline, published)
            # The 双随机 results are published with the plan (as ``services.publish_plan`` does);
            # the other inspections' results a week after each (RULES §2.1: ≤20 working days).
            visits = Inspection.objects.filter(agency=agency)
            visits.filter(task__plan=plan).update(published_on=published)
            visits.exclude(kind=InspectionKind.RANDOM).update(
                published_on=F("inspected_on") + datetime.timedelta(days=7)
            )
            _reference_data(agency, plan, year, ids, people, rng)
            # The clocks of the rows written in bulk, started and completed as the services do.
            services.backfill_deadlines([agency.pk])
    return counts


def _inspections(agency, year, total, tasks, entity_ids, people, rng) -> tuple[int, int]:
    """A year of inspections of ``agency`` with two inspectors each and their 整改 orders.

    ``total`` inspections in all: the visits, and for each order rectified in time its 回头看
    (a follow-up inspection of the same unit within the deadline, which closes the order).
    Drawn one inspection at a time in a fixed order (the inspection, its inspectors, its
    order), so a seed always gives the same records. Written with ``insert_rows``: the rows are
    valid by construction.
    """
    choice, choices, randrange, sample = rng.choice, rng.choices, rng.randrange, rng.sample
    # Plain values (not enum members) for the database drivers.
    random_kind = InspectionKind.RANDOM.value
    follow_up_kind = InspectionKind.FOLLOW_UP.value
    other_kinds = [
        k.value for k in (InspectionKind.ROUTINE, InspectionKind.SPECIAL, InspectionKind.COMPLAINT)
    ]
    other_cum = list(itertools.accumulate((80, 15, 5)))
    results = InspectionResult.values
    result_cum = list(itertools.accumulate((85, 13, 2)))
    passed, rectify, case = (
        InspectionResult.PASSED.value,
        InspectionResult.RECTIFY.value,
        InspectionResult.CASE.value,
    )
    completed, still_open = RectificationStatus.COMPLETED.value, RectificationStatus.OPEN.value
    days = [datetime.date(year, 1, 1) + datetime.timedelta(days=d) for d in range(300)]
    rows = []  # (agency, entity, kind, date, task, result, case requested, record number)
    pairs = []  # the two inspectors of each row
    orders = []  # (row of the inspection, status, row of its 回头看 or None)
    pending = iter(tasks)  # the random tasks come first, then the other kinds of inspection
    while len(rows) < total:
        task_id, eid = next(pending, (None, None))
        if task_id is not None:
            if rng.random() < 0.007:  # written off: closed or out of business (seed 002: 4/564)
                continue
            kind = random_kind
        else:
            eid = choice(entity_ids)
            kind = choices(other_kinds, cum_weights=other_cum)[0]
        result = choices(results, cum_weights=result_cum)[0]
        day = days[randrange(90, 300)]
        n = len(rows)
        rows.append((agency.pk, eid, kind, day, task_id, result, result == case, ""))
        pairs.append(sample(people, 2))
        if result != rectify:
            continue
        # 95% rectified in time: the 回头看 within the 15 days given, when the total allows.
        if rng.random() < 0.95 and len(rows) < total:
            orders.append((n, completed, len(rows)))
            follow_on = day + datetime.timedelta(days=randrange(5, 16))
            rows.append((agency.pk, eid, follow_up_kind, follow_on, None, passed, False, ""))
            pairs.append(sample(people, 2))
        else:
            orders.append((n, still_open, None))
    # 文书编号 as ``core.numbering`` gives them, in the order of the inspection dates: every
    # 现场笔录, and a 卫生监督意见书 for each inspection that ordered rectification or opened a
    # case (its orders carry that number). The agency's sequences then continue after them.
    by_date = sorted(range(len(rows)), key=lambda n: (rows[n][3], n))
    record_of, opinion_of = [""] * len(rows), [""] * len(rows)
    opinions = 0
    for rank, n in enumerate(by_date, start=1):
        record_of[n] = format_number(agency, RECORD, year, rank)
        if rows[n][5] != passed:
            opinions += 1
            opinion_of[n] = format_number(agency, OPINION, year, opinions)
    rows = [(*row[:7], record_of[n], opinion_of[n]) for n, row in enumerate(rows)]
    advance_to(agency, RECORD, year, len(rows))
    advance_to(agency, OPINION, year, opinions)
    insert_rows(
        Inspection,
        [
            "agency_id",
            "entity_id",
            "kind",
            "inspected_on",
            "task_id",
            "result",
            "case_requested",
            "record_number",
            "opinion_number",
        ],
        rows,
    )
    by_number = dict(
        Inspection.objects.filter(agency=agency, inspected_on__year=year).values_list(
            "record_number", "pk"
        )
    )
    pks = [by_number[row[7]] for row in rows]
    insert_rows(
        Inspection.inspectors.through,
        ["inspection_id", "person_id"],
        ((pk, person) for pk, pair in zip(pks, pairs, strict=True) for person in pair),
    )
    insert_rows(
        RectificationOrder,
        [
            "agency_id",
            "inspection_id",
            "number",
            "issued_on",
            "due_on",
            "requirements",
            "status",
            "follow_up_id",
            "completed_on",
        ],
        (
            (
                agency.pk,
                pks[n],
                rows[n][8],
                rows[n][3],
                rows[n][3] + datetime.timedelta(days=15),
                "按卫生监督意见书要求整改",
                status,
                None if follow_up is None else pks[follow_up],
                None if follow_up is None else rows[follow_up][3],
            )
            for n, status, follow_up in orders
        ),
    )
    _findings_and_check_ins(agency, rows, pks, pairs, orders, rng)
    return len(rows), len(orders)


def _findings_and_check_ins(agency, rows, pks, pairs, orders, rng) -> None:
    """检查发现 and 扫码入企 of the inspections just written.

    An inspection that ordered rectification or opened a case found one or two points of its
    category's checklist not met; its 回头看 found them met. Every 双随机 inspection was checked
    in by scanning the unit's code and the first inspector's 执法证, on the morning of the visit.
    """
    units, codes = {}, {}
    for pk, category, uscc in SupervisedEntity.objects.filter(agency=agency).values_list(
        "pk", "category", "uscc"
    ):
        units[pk], codes[pk] = category, uscc
    points: dict[str, list[tuple[int, str]]] = {}
    for pk, category, text in ChecklistPoint.objects.values_list("pk", "category", "text"):
        points.setdefault(category, []).append((pk, text))
    follow_ups = {n: f for n, _, f in orders if f is not None}
    findings = []
    for n, row in enumerate(rows):
        if row[5] == InspectionResult.PASSED.value:
            continue
        listed = points.get(units[row[1]])
        if not listed:
            continue
        found = rng.sample(listed, min(len(listed), rng.choice((1, 1, 2))))
        findings.extend((pks[n], pk, False, f"现场检查发现{text}不符合要求") for pk, text in found)
        if n in follow_ups:
            findings.extend(
                (pks[follow_ups[n]], pk, True, "复查：已按要求整改到位") for pk, _ in found
            )
    insert_rows(Finding, ["inspection_id", "point_id", "compliant", "note"], findings)
    certificates = dict(
        Person.objects.filter(agency=agency).values_list("pk", "certificate_number")
    )
    insert_rows(
        CheckIn,
        ["inspection_id", "scanned_entity_code", "scanned_person_code", "accepted"],
        (
            (pks[n], codes[row[1]], certificates[pairs[n][0]], True)
            for n, row in enumerate(rows)
            if row[2] == InspectionKind.RANDOM.value
        ),
        agency_id=agency.pk,
    )
    morning = Cast("inspected_on", DateTimeField()) + datetime.timedelta(hours=1, minutes=30)
    Inspection.objects.filter(agency=agency, check_ins__accepted=True).update(checked_in_at=morning)
    CheckIn.objects.filter(agency=agency).update(
        created_at=Subquery(
            Inspection.objects.filter(pk=OuterRef("inspection_id")).values("checked_in_at")[:1]
        )
    )


def _conclude_tasks(plan, published: datetime.date) -> None:
    """Each inspected task takes its inspection's result and date, and is closed when nothing is
    left to do: 合格 on the day of the inspection, 责令整改 on the day its order was rectified
    (an order still open leaves the task in 整改复查), 立案 30 days later (the case concluded).
    A task without an inspection was written off as 停业 (seed 002: 4 of 564)."""
    first = Inspection.objects.filter(task=OuterRef("pk")).order_by("inspected_on", "pk")
    tasks = Task.objects.filter(plan=plan)
    tasks.filter(inspections__isnull=False).update(
        result=Subquery(first.values("result")[:1]),
        inspected_on=Subquery(first.values("inspected_on")[:1]),
    )
    inspected = tasks.filter(inspected_on__isnull=False)
    inspected.filter(result=InspectionResult.PASSED).update(
        status=TaskStatus.CLOSED, closed_on=F("inspected_on")
    )
    inspected.filter(result=InspectionResult.CASE).update(
        status=TaskStatus.CLOSED, closed_on=F("inspected_on") + datetime.timedelta(days=30)
    )
    done = RectificationOrder.objects.filter(
        inspection__task=OuterRef("pk"), status=RectificationStatus.COMPLETED
    ).order_by("-completed_on")
    rectified = inspected.filter(result=InspectionResult.RECTIFY)
    rectified.filter(Exists(done)).update(
        status=TaskStatus.CLOSED, closed_on=Subquery(done.values("completed_on")[:1])
    )
    rectified.filter(~Exists(done)).update(status=TaskStatus.REVIEWING)
    tasks.filter(inspections__isnull=True).update(
        status=TaskStatus.CLOSED,
        unable_reason="suspended",
        unable_evidence="停业公告照片",
        inspected_on=plan.planned_on + datetime.timedelta(days=90),
        closed_on=plan.planned_on + datetime.timedelta(days=105),
    )
    # Published as ``services.publish_plan`` does: every task with a result, write-offs included.
    tasks.update(published_on=published)


#: 抽查事项清单 of a county health bureau (names and bases as in published lists).
ITEMS = [
    ("公共场所卫生监督抽查", "public_place", "《公共场所卫生管理条例》"),
    ("生活饮用水卫生监督抽查", "drinking_water", "《生活饮用水卫生监督管理办法》"),
    ("医疗机构依法执业监督抽查", "medical", "《医疗机构管理条例》"),
    ("学校卫生监督抽查", "school", "《学校卫生工作条例》"),
    ("放射卫生监督抽查", "radiation", "《放射诊疗管理规定》"),
    ("用人单位职业卫生监督抽查", "occupational", "《中华人民共和国职业病防治法》"),
    ("消毒产品监督抽查", "disinfection", "《消毒管理办法》"),
    ("传染病防治监督抽查", "infectious", "《中华人民共和国传染病防治法》"),
]


def _reference_data(agency, plan, year, entity_ids, people, rng) -> None:
    """抽查事项清单, a 专项行动 grouping the special inspections, a few 回避 declarations."""
    items = InspectionItem.objects.bulk_create(
        InspectionItem(agency=agency, name=name, category=cat, basis=basis, level=TaskSource.COUNTY)
        for name, cat, basis in ITEMS
    )
    plan.items.set(items)
    campaign = Campaign.objects.create(
        agency=agency,
        name=f"{year}年医疗美容和游泳场所专项整治",
        starts_on=datetime.date(year, 5, 1),
        ends_on=datetime.date(year, 9, 30),
    )
    Inspection.objects.filter(
        agency=agency,
        kind=InspectionKind.SPECIAL,
        inspected_on__range=(campaign.starts_on, campaign.ends_on),
    ).update(campaign=campaign)
    Conflict.objects.bulk_create(
        [
            Conflict(agency=agency, person_id=p, entity_id=e, reason="近亲属任该单位负责人")
            for p, e in {(rng.choice(people), rng.choice(entity_ids)) for _ in range(3)}
        ],
        ignore_conflicts=True,
    )


ORDER = 20


def build_demo(ctx) -> None:
    """``fazhi demo`` entry point: a drawn plan and a year of inspections per county."""
    counts = build(ctx.counties, ctx.scale, ctx.rng, year=ctx.year, progress=ctx.progress)
    ctx.progress("，".join(f"{k} {v:,}" for k, v in counts.items()))
