"""Figures of 双随机 supervision for dashboards and the annual report (RULES.md §4, §11 rows 14–16).

完成率 = inspected ÷ assigned; 完结率 = (inspected + validly written off as unable) ÷ assigned —
the definitions derived from seed 002 (564 tasks, 4 closed or out of business → 99.29%, 100%).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from core.indicators import Measure, indicator
from core.periods import Period
from supervision.models import Task, TaskStatus


def _tasks(scope, period: Period):
    return Task.objects.in_scope(scope).filter(plan__planned_on__range=(period.start, period.end))


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage to two decimals (None when the denominator is zero)."""
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.01"), ROUND_HALF_UP)


@indicator("random_tasks")
def random_tasks(scope, period: Period) -> Measure:
    qs = _tasks(scope, period)
    return Measure(value=qs.count(), records=qs)


@indicator("random_completion_rate")
def random_completion_rate(scope, period: Period) -> Measure:
    tasks = _tasks(scope, period)
    done = tasks.filter(inspected_on__isnull=False).exclude(unable_reason__gt="")
    n, d = done.count(), tasks.count()
    return Measure(
        value=rate(n, d), records=done, numerator=n, denominator=d, denominator_records=tasks
    )


@indicator("random_closure_rate")
def random_closure_rate(scope, period: Period) -> Measure:
    tasks = _tasks(scope, period)
    finished = tasks.filter(status__in=[TaskStatus.INSPECTED, TaskStatus.UNABLE, TaskStatus.CLOSED])
    n, d = finished.count(), tasks.count()
    return Measure(
        value=rate(n, d), records=finished, numerator=n, denominator=d, denominator_records=tasks
    )
