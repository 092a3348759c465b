"""Figures of 双随机 and supervision for the indicator catalogue (RULES §4, §11 rows 14–20, 24, 44).

Every function returns the records behind its figure. Inspections, rectification orders, units
and coverage are read from the counts the database keeps (``supervision.tallies``,
``registry.tallies``) when the period is whole months (or, for coverage, a calendar year); any
other range is counted from the records. Random tasks, a few thousand a year, are counted with
one grouped query per year and scope tree; joint inspections, a few per year, from the records.
Rates follow RULES §4 (derived from seed 002, unconfirmed as official definitions).

监督覆盖率 counts a unit of the scope once when anyone inspected it in the period (a unit of a
county inspected by the city's 监督所 is covered), and only while it is under supervision. The
kept count has the unit's category as its dimension, so coverage by 监管类别 costs nothing more.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q

from core import tallies
from core.indicators import Measure, indicator, shared, subtree_sums
from registry.models import NOT_SUPERVISED, EntityCategory, SupervisedEntity
from supervision.models import (
    Campaign,
    Finding,
    Inspection,
    InspectionKind,
    InspectionResult,
    PlanStatus,
    RectificationOrder,
    RectificationStatus,
    SamplingPlan,
    Task,
    TaskStatus,
    UnableReason,
)


def rate(numerator: int, denominator: int) -> Decimal | None:
    """Percentage with two decimals (99.29 for 560/564); ``None`` when nothing to divide."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _rate(n: int, d: int, records, denominator_records) -> Measure:
    """A rate figure: n ÷ d with the records behind each (querysets or functions giving one)."""
    return Measure(
        rate(n, d),
        records=records,
        numerator=n,
        denominator=d,
        denominator_records=denominator_records,
    )


def _count(name: str, qs, scope, period=None) -> int:
    """``qs.count()``, shared by the indicators of one batch that count the same rows."""
    return shared(("supervision", name, scope.pk, period), qs.count)


def _kinds(scope, period) -> dict[str, int]:
    """检查户次 by kind: one count for 检查户次 and 专项检查."""

    def live():
        return dict(
            _inspections(scope, period).order_by().values_list("kind").annotate(c=Count("id"))
        )

    return _monthly("supervision.inspections", scope, period, live)


def _monthly(name: str, scope, period, live) -> dict[str, int]:
    """Count ``name`` kept by month (``tallies.counted``), or ``live()`` for a range of days."""
    return tallies.counted(name, scope, period.start, period.end, unit="month", live=live)


def _tasks(scope, period):
    return Task.objects.in_scope(scope).filter(plan__year=period.start.year)


#: 双随机完成率's numerator: inspected, not written off as UNABLE (then closed).
INSPECTED = (
    Q(inspected_on__isnull=False)
    & ~Q(status=TaskStatus.UNABLE)
    & ~Q(status=TaskStatus.CLOSED, unable_reason__gt="")
)

#: 双随机完结率's numerator: tasks with nothing left to do (RULES §4: inspected, or validly
#: written off as UNABLE, with follow-up concluded). A CLOSED task is concluded, whichever way it
#: came (inspected, rectification confirmed by 复查, or written off). An INSPECTED task found 合格
#: is concluded too: nothing is pending, and closing it is a formality the workflow allows at
#: any time (INSPECTED → CLOSED), so a 合格 task left open would otherwise lower the rate for
#: bookkeeping only. Not concluded: REVIEWING (rectification pending its 复查), INSPECTED with
#: 责令整改 or 立案 (the follow-up is still open until the task is closed), UNABLE (the write-off
#: is not yet confirmed) and ASSIGNED.
CONCLUDED = Q(status=TaskStatus.CLOSED) | Q(
    status=TaskStatus.INSPECTED, result=InspectionResult.PASSED
)


def _task_counts(scope, period) -> dict[str, int]:
    """The plan year's task counts of ``scope``, from one grouped query per scope tree."""
    year = period.start.year

    def load(path: str) -> dict[str, dict[str, int]]:
        rows = (
            Task.objects.filter(agency__path__startswith=path, plan__year=year)
            .order_by()
            .values("agency__path")
            .annotate(
                tasks=Count("id"),
                inspected=Count("id", filter=INSPECTED),
                concluded=Count("id", filter=CONCLUDED),
                reported=Count("id", filter=Q(inspected_on__isnull=False)),
                published=Count(
                    "id", filter=Q(inspected_on__isnull=False, published_on__isnull=False)
                ),
            )
        )
        return {r.pop("agency__path"): r for r in rows}

    return subtree_sums(("supervision", "tasks", year), scope, load)


def _inspections(scope, period):
    return Inspection.objects.in_scope(scope).filter(
        inspected_on__gte=period.start, inspected_on__lte=period.end
    )


@indicator("random_tasks")
def random_tasks(scope, period) -> Measure:
    """双随机任务（家）：the plan year's assigned units."""
    count = _task_counts(scope, period).get("tasks", 0)
    return Measure(value=count, records=lambda: _tasks(scope, period))


@indicator("random_completion_rate")
def random_completion_rate(scope, period) -> Measure:
    """双随机完成率 = inspected ÷ assigned (seed 002: 560/564 = 99.29%)."""
    c = _task_counts(scope, period)
    n, d = c.get("inspected", 0), c.get("tasks", 0)
    return _rate(
        n, d, lambda: _tasks(scope, period).filter(INSPECTED), lambda: _tasks(scope, period)
    )


@indicator("random_closure_rate")
def random_closure_rate(scope, period) -> Measure:
    """双随机完结率 = tasks concluded (``CONCLUDED``: inspected with nothing pending, or validly
    written off as UNABLE and closed) ÷ assigned (seed 002: 100%)."""
    c = _task_counts(scope, period)
    n, d = c.get("concluded", 0), c.get("tasks", 0)
    return _rate(
        n, d, lambda: _tasks(scope, period).filter(CONCLUDED), lambda: _tasks(scope, period)
    )


@indicator("result_publication_rate")
def result_publication_rate(scope, period) -> Measure:
    """抽查结果公示率 = published ÷ inspected random tasks."""
    c = _task_counts(scope, period)
    n, d = c.get("published", 0), c.get("reported", 0)

    def inspected():
        return _tasks(scope, period).filter(inspected_on__isnull=False)

    return _rate(n, d, lambda: inspected().filter(published_on__isnull=False), inspected)


def _orders(scope, period):
    return RectificationOrder.objects.in_scope(scope).filter(
        issued_on__gte=period.start, issued_on__lte=period.end
    )


def _order_counts(scope, period) -> dict[str, int]:
    def live():
        qs = _orders(scope, period).order_by().values_list("status").annotate(c=Count("id"))
        return dict(qs)

    return _monthly("supervision.orders", scope, period, live)


@indicator("rectification_orders")
def rectification_orders(scope, period) -> Measure:
    """责令整改（份）：rectification orders issued in the period."""
    count = sum(_order_counts(scope, period).values())
    return Measure(value=count, records=lambda: _orders(scope, period))


@indicator("rectification_completion_rate")
def rectification_completion_rate(scope, period) -> Measure:
    """整改完成率 = orders confirmed rectified ÷ orders issued (seed 000: 10份, 100%)."""
    c = _order_counts(scope, period)
    n, d = c.get(RectificationStatus.COMPLETED, 0), sum(c.values())
    return _rate(
        n,
        d,
        lambda: _orders(scope, period).filter(status=RectificationStatus.COMPLETED),
        lambda: _orders(scope, period),
    )


def _supervised(scope):
    return SupervisedEntity.objects.in_scope(scope).exclude(status__in=NOT_SUPERVISED)


def _supervised_by_category(scope) -> dict[str, int]:
    """Units under supervision now by 监管类别, from the kept counts by category and status."""
    out: dict[str, int] = {}
    for dim, n in tallies.counts("registry.entities", scope).items():
        category, _, status = dim.rpartition(":")
        if status not in NOT_SUPERVISED:
            out[category] = out.get(category, 0) + n
    return out


def _supervised_count(scope) -> int:
    """Units under supervision now, from the kept counts by category and status."""
    return sum(_supervised_by_category(scope).values())


def _covered(scope, period):
    """Units of ``scope`` under supervision that anyone inspected at least once in the period."""
    inspected = Inspection.objects.filter(
        entity_id=OuterRef("pk"), inspected_on__gte=period.start, inspected_on__lte=period.end
    )
    return _supervised(scope).filter(Exists(inspected))


def _covered_by_category(scope, period) -> dict[str, int]:
    """Covered units by 监管类别: the kept count for a calendar year, else from the records."""

    def live():
        qs = _covered(scope, period).order_by().values_list("category").annotate(c=Count("id"))
        return dict(qs)

    return tallies.counted(
        "supervision.covered", scope, period.start, period.end, unit="year", live=live
    )


def _categories(counts: dict[str, int]) -> list[str]:
    """The categories counted in ``counts``, in the order of ``EntityCategory``."""
    present = {c for c, n in counts.items() if n}
    known = [c for c in EntityCategory.values if c in present]
    return known + sorted(present - set(known))


def _category_label(category: str) -> str:
    """The 监管类别's Chinese name (a stored key no longer among the choices prints as is)."""
    return dict(EntityCategory.choices).get(category, category)


def _coverage_parts(scope, period, covered, supervised) -> dict[str, Measure]:
    parts = {}
    for c in _categories(supervised):
        parts[c] = _rate(
            covered.get(c, 0),
            supervised[c],
            lambda c=c: _covered(scope, period).filter(category=c),
            lambda c=c: _supervised(scope).filter(category=c),
        )
        parts[c].label = _category_label(c)
    return parts


def coverage_by_category(scope, period) -> dict[str, Measure]:
    """监督覆盖率 by 监管类别: {category: covered ÷ supervised units of that category}.

    Every category with units under supervision has its rate (0% when none was inspected),
    each with its records: the covered units and the supervised units of the category.
    """
    covered, supervised = _covered_by_category(scope, period), _supervised_by_category(scope)
    return _coverage_parts(scope, period, covered, supervised)


@indicator("supervision_coverage_rate")
def supervision_coverage_rate(scope, period) -> Measure:
    """监督覆盖率 = units inspected at least once in the period ÷ units supervised (004: 42.48%).

    ``breakdown``: the same rate by 监管类别 (``coverage_by_category``).
    """
    covered, supervised = _covered_by_category(scope, period), _supervised_by_category(scope)
    n, d = sum(covered.values()), sum(supervised.values())
    m = _rate(n, d, lambda: _covered(scope, period), lambda: _supervised(scope))
    m.breakdown = _coverage_parts(scope, period, covered, supervised)
    return m


@indicator("entities_inspected")
def entities_inspected(scope, period) -> Measure:
    """监督检查户数（户）：units under supervision inspected at least once in the period, a unit
    inspected several times counted once (监督覆盖率's numerator, 004: 384).

    ``breakdown``: {category: Measure} with each category's covered units as records.
    """
    counts = _covered_by_category(scope, period)
    breakdown = {
        c: Measure(
            value=counts[c],
            records=lambda c=c: _covered(scope, period).filter(category=c),
            label=_category_label(c),
        )
        for c in _categories(counts)
    }
    return Measure(
        value=sum(counts.values()), records=lambda: _covered(scope, period), breakdown=breakdown
    )


@indicator("inspections_count")
def inspections_count(scope, period) -> Measure:
    """检查户次（家次）.

    ``breakdown``: {kind: Measure} by 检查类型 (日常、双随机、专项…), each with its inspections.
    """
    counts = _kinds(scope, period)
    labels = dict(InspectionKind.choices)
    kinds = [k for k in labels if counts.get(k)] + sorted(k for k in counts if k not in labels)
    breakdown = {
        k: Measure(
            value=counts[k],
            records=lambda k=k: _inspections(scope, period).filter(kind=k),
            label=labels.get(k, k),
        )
        for k in kinds
        if counts[k]
    }
    return Measure(
        value=sum(counts.values()),
        records=lambda: _inspections(scope, period),
        breakdown=breakdown,
    )


@indicator("special_inspections")
def special_inspections(scope, period) -> Measure:
    """专项检查（家次）."""
    return Measure(
        value=_kinds(scope, period).get(InspectionKind.SPECIAL, 0),
        records=lambda: _inspections(scope, period).filter(kind=InspectionKind.SPECIAL),
    )


def _joint(scope, period):
    return _inspections(scope, period).filter(task__plan__partner_department__gt="")


@indicator("joint_inspections")
def joint_inspections(scope, period) -> Measure:
    """联合检查（次）：inspections of random tasks drawn by a 联合抽查 plan (one naming its
    partner department, ``SamplingPlan.partner_department``).

    Only these record a partner: a routine or special inspection made together with another
    department carries no such mark, so it is not counted here.
    """
    return Measure(
        value=_count("joint", _joint(scope, period), scope, period),
        records=lambda: _joint(scope, period),
    )


@indicator("supervised_entities_total")
def supervised_entities_total(scope, period) -> Measure:
    """监管对象总数（户）：units under supervision (not closed or cancelled)."""
    return Measure(value=_supervised_count(scope), records=lambda: _supervised(scope))


@indicator("random_results_published")
def random_results_published(scope, period) -> Measure:
    """公示条数（随机）：random-check results published in the period."""

    def records():
        return Task.objects.in_scope(scope).filter(
            published_on__gte=period.start, published_on__lte=period.end
        )

    def load(path: str) -> dict[str, dict[str, int]]:
        rows = (
            Task.objects.filter(
                agency__path__startswith=path,
                published_on__gte=period.start,
                published_on__lte=period.end,
            )
            .order_by()
            .values_list("agency__path")
            .annotate(c=Count("id"))
        )
        return {p: {"published": c} for p, c in rows}

    counts = subtree_sums(("supervision", "tasks_published", period), scope, load)
    return Measure(value=counts.get("published", 0), records=records)


@indicator("inspection_results_published")
def inspection_results_published(scope, period) -> Measure:
    """公示条数（检查）：日常监督检查结果 published in the period; a 双随机 inspection's result
    is published with its plan and counted in ``random_results_published``."""

    def records():
        return (
            Inspection.objects.in_scope(scope)
            .filter(published_on__gte=period.start, published_on__lte=period.end)
            .exclude(kind=InspectionKind.RANDOM)
        )

    name = "supervision.inspections_published"
    counts = _monthly(name, scope, period, lambda: {"": records().count()})
    return Measure(value=sum(counts.values()), records=records)


# --- 抽查计划、核销、专项行动、问题隐患、回头看、投诉核查、文书 (seeds 000, 002, 003) -------------


def _plans(scope, period):
    return (
        SamplingPlan.objects.in_scope(scope)
        .filter(year=period.start.year)
        .exclude(status=PlanStatus.DRAFT)
    )


@indicator("random_plans")
def random_plans(scope, period) -> Measure:
    """双随机抽查计划（批次）：the plan year's plans drawn (a draft is not yet a plan carried out;
    seed 000: 全年制定双随机抽查计划2批次)."""
    return Measure(
        value=_count("plans", _plans(scope, period), scope, period),
        records=lambda: _plans(scope, period),
    )


#: A written-off task: found unable to be inspected (停业、关闭、查无此户、注销, with evidence)
#: and closed — 双随机完结率 counts it as concluded, 完成率 does not (seed 002: 564家 “除4家
#: 公共场所停业关闭外” 完成率99.29%, 完结率100%). The unit's 经营状态 in the registry is the
#: registry's record and may be changed apart from the task; the write-off is the task's.
WRITTEN_OFF = Q(status=TaskStatus.CLOSED, unable_reason__gt="")


@indicator("written_off")
def written_off(scope, period) -> Measure:
    """停业关闭等核销（家）：the plan year's tasks written off, by reason (``breakdown``)."""

    def records():
        return _tasks(scope, period).filter(WRITTEN_OFF)

    counts = dict(records().order_by().values_list("unable_reason").annotate(c=Count("id")))
    labels = dict(UnableReason.choices)
    breakdown = {
        r: Measure(
            value=counts[r],
            records=lambda r=r: records().filter(unable_reason=r),
            label=labels.get(r, r),
        )
        for r in [*labels, *sorted(set(counts) - set(labels))]
        if counts.get(r)
    }
    return Measure(value=sum(counts.values()), records=records, breakdown=breakdown)


def _campaigns(scope, period):
    """专项行动 under way in the period: begun by its end and not ended before its start."""
    return Campaign.objects.in_scope(scope).filter(
        starts_on__lte=period.end, ends_on__gte=period.start
    )


@indicator("campaigns")
def campaigns(scope, period) -> Measure:
    """专项行动（次）：campaigns under way in the period (seed 000: 专项执法行动4次)."""
    return Measure(
        value=_campaigns(scope, period).count(), records=lambda: _campaigns(scope, period)
    )


def _problems(scope, period):
    return Finding.objects.filter(
        inspection__in=_inspections(scope, period).values("pk"), compliant=False
    )


@indicator("problems_found")
def problems_found(scope, period) -> Measure:
    """发现问题隐患（项）：checklist points found not conforming in the period's inspections
    (seed 000: 发现问题隐患12项)."""
    return Measure(value=_problems(scope, period).count(), records=lambda: _problems(scope, period))


def _of_kind(kind: str):
    def compute(scope, period) -> Measure:
        return Measure(
            value=_kinds(scope, period).get(kind, 0),
            records=lambda: _inspections(scope, period).filter(kind=kind),
        )

    return compute


#: 回头看（家次）：follow-up inspections of rectification (seed 003: 对部分学校进行了回头看).
follow_up_inspections = indicator("follow_up_inspections")(_of_kind(InspectionKind.FOLLOW_UP))
#: 投诉核查（家次）：inspections made on a complaint.
complaint_inspections = indicator("complaint_inspections")(_of_kind(InspectionKind.COMPLAINT))


def _site_records(scope, period):
    return _inspections(scope, period).exclude(record_number="")


def _opinions_on_inspection(scope, period):
    return _inspections(scope, period).exclude(opinion_number="")


def _opinions_apart(scope, period):
    """Orders issued in the period under a 意见书 number of their own (a second order of one
    inspection; the first takes the inspection's)."""
    return _orders(scope, period).exclude(number=F("inspection__opinion_number"))


@indicator("inspection_documents")
def inspection_documents(scope, period) -> Measure:
    """现场笔录和卫生监督意见书（份）：one 现场笔录 per inspection (numbered when it is saved),
    one 意见书 per inspection concluding 责令整改 or 立案 (its number) and one per order given a
    number of its own (seed 003: 全年各项监督检查共计下达笔录和意见书700余份).

    ``breakdown``: 现场笔录, 卫生监督意见书 (on inspections) and 整改意见书 (orders apart), each
    with its records (inspections, or orders). The whole has no records of its own: documents
    of two kinds are not one list, and a list of the inspections would not count to the figure.
    """
    on_inspections = _inspections(scope, period).aggregate(
        site_record=Count("id", filter=~Q(record_number="")),
        opinion=Count("id", filter=~Q(opinion_number="")),
    )
    counts = {**on_inspections, "order_opinion": _opinions_apart(scope, period).count()}
    parts = {
        "site_record": ("现场笔录", _site_records),
        "opinion": ("卫生监督意见书", _opinions_on_inspection),
        "order_opinion": ("另行下达的整改意见书", _opinions_apart),
    }
    breakdown = {
        key: Measure(value=counts[key], records=lambda qs=qs: qs(scope, period), label=label)
        for key, (label, qs) in parts.items()
    }
    return Measure(
        value=sum(m.value for m in breakdown.values()),
        breakdown={k: m for k, m in breakdown.items() if m.value},
    )
