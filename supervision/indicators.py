"""Figures of 双随机 and supervision for the indicator catalogue (RULES §4, §11 rows 14–20, 24, 44).

Every function aggregates in the database and returns the records behind the figure.
Rates follow RULES §4 (derived from seed 002, unconfirmed as official definitions).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef

from core.indicators import Measure, indicator, shared
from registry.models import EntityStatus, SupervisedEntity
from supervision.models import (
    Inspection,
    InspectionKind,
    RectificationOrder,
    RectificationStatus,
    Task,
    TaskStatus,
)

ASSIGNED_STATES = [s.value for s in TaskStatus]
DONE_STATES = [TaskStatus.INSPECTED, TaskStatus.REVIEWING, TaskStatus.CLOSED]


def rate(numerator: int, denominator: int) -> Decimal | None:
    """Percentage with two decimals (99.29 for 560/564); ``None`` when nothing to divide."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _count(name: str, qs, scope, period=None) -> int:
    """``qs.count()``, shared by the indicators of one batch that count the same rows."""
    return shared(("supervision", name, scope.pk, period), qs.count)


def _kinds(scope, period) -> dict[str, int]:
    """检查户次 by kind: one aggregate for 检查户次 and 专项检查."""
    qs = _inspections(scope, period).order_by().values_list("kind").annotate(c=Count("id"))
    return shared(("supervision", "kinds", scope.pk, period), lambda: dict(qs))


def _tasks(scope, period):
    return Task.objects.in_scope(scope).filter(plan__year=period.start.year)


def _inspections(scope, period):
    return Inspection.objects.in_scope(scope).filter(
        inspected_on__gte=period.start, inspected_on__lte=period.end
    )


@indicator("random_tasks")
def random_tasks(scope, period) -> Measure:
    """双随机任务（家）：the plan year's assigned units."""
    qs = _tasks(scope, period)
    return Measure(value=_count("tasks", qs, scope, period), records=qs)


@indicator("random_completion_rate")
def random_completion_rate(scope, period) -> Measure:
    """双随机完成率 = inspected ÷ assigned (seed 002: 560/564 = 99.29%)."""
    qs = _tasks(scope, period)
    done = qs.filter(inspected_on__isnull=False).exclude(status=TaskStatus.UNABLE)
    done = done.exclude(status=TaskStatus.CLOSED, unable_reason__gt="")
    n, d = _count("tasks_inspected", done, scope, period), _count("tasks", qs, scope, period)
    return Measure(rate(n, d), records=done, numerator=n, denominator=d, denominator_records=qs)


@indicator("random_closure_rate")
def random_closure_rate(scope, period) -> Measure:
    """双随机完结率 = (inspected + validly written off as UNABLE) ÷ assigned (seed 002: 100%)."""
    qs = _tasks(scope, period)
    done = qs.exclude(status=TaskStatus.ASSIGNED)
    n, d = _count("tasks_closed", done, scope, period), _count("tasks", qs, scope, period)
    return Measure(rate(n, d), records=done, numerator=n, denominator=d, denominator_records=qs)


@indicator("result_publication_rate")
def result_publication_rate(scope, period) -> Measure:
    """抽查结果公示率 = published ÷ inspected random tasks."""
    inspected = _tasks(scope, period).filter(inspected_on__isnull=False)
    published = inspected.filter(published_on__isnull=False)
    n, d = published.count(), inspected.count()
    return Measure(
        rate(n, d), records=published, numerator=n, denominator=d, denominator_records=inspected
    )


def _orders(scope, period):
    return RectificationOrder.objects.in_scope(scope).filter(
        issued_on__gte=period.start, issued_on__lte=period.end
    )


@indicator("rectification_orders")
def rectification_orders(scope, period) -> Measure:
    """责令整改（份）：rectification orders issued in the period."""
    qs = _orders(scope, period)
    return Measure(value=_count("orders", qs, scope, period), records=qs)


@indicator("rectification_completion_rate")
def rectification_completion_rate(scope, period) -> Measure:
    """整改完成率 = orders confirmed rectified ÷ orders issued (seed 000: 10份, 100%)."""
    qs = _orders(scope, period)
    done = qs.filter(status=RectificationStatus.COMPLETED)
    n, d = _count("orders_done", done, scope, period), _count("orders", qs, scope, period)
    return Measure(rate(n, d), records=done, numerator=n, denominator=d, denominator_records=qs)


def _supervised(scope):
    return SupervisedEntity.objects.in_scope(scope).exclude(
        status__in=[EntityStatus.CLOSED, EntityStatus.CANCELLED]
    )


@indicator("supervision_coverage_rate")
def supervision_coverage_rate(scope, period) -> Measure:
    """监督覆盖率 = units inspected at least once in the period ÷ units supervised (004: 42.48%)."""
    base = _supervised(scope)
    # A semi-join: each unit is probed through the (entity, inspected_on) index, which is
    # cheaper than collecting every inspected entity id of the period first.
    covered = base.filter(Exists(_inspections(scope, period).filter(entity_id=OuterRef("pk"))))
    n, d = _count("covered", covered, scope, period), _count("supervised", base, scope)
    return Measure(
        rate(n, d), records=covered, numerator=n, denominator=d, denominator_records=base
    )


@indicator("inspections_count")
def inspections_count(scope, period) -> Measure:
    """检查户次（家次）."""
    qs = _inspections(scope, period)
    breakdown = _kinds(scope, period)
    return Measure(value=sum(breakdown.values()), records=qs, breakdown=dict(breakdown))


@indicator("special_inspections")
def special_inspections(scope, period) -> Measure:
    """专项检查（家次）."""
    qs = _inspections(scope, period).filter(kind=InspectionKind.SPECIAL)
    return Measure(value=_kinds(scope, period).get(InspectionKind.SPECIAL, 0), records=qs)


@indicator("supervised_entities_total")
def supervised_entities_total(scope, period) -> Measure:
    """监管对象总数（户）：units under supervision (not closed or cancelled)."""
    qs = _supervised(scope)
    return Measure(value=_count("supervised", qs, scope), records=qs)


@indicator("random_results_published")
def random_results_published(scope, period) -> Measure:
    """公示条数（随机）：random-check results published in the period."""
    qs = Task.objects.in_scope(scope).filter(
        published_on__gte=period.start, published_on__lte=period.end
    )
    return Measure(value=qs.count(), records=qs)


@indicator("inspection_results_published")
def inspection_results_published(scope, period) -> Measure:
    """公示条数（检查）：inspection results published in the period."""
    qs = Inspection.objects.in_scope(scope).filter(
        published_on__gte=period.start, published_on__lte=period.end
    )
    return Measure(value=qs.count(), records=qs)
