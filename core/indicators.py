"""The indicator plug: how an app contributes the figures that dashboards and reports print.

An app that owns records puts its computations in ``<app>/indicators.py``::

    from core.indicators import Measure, indicator

    @indicator("random_tasks")
    def random_tasks(scope, period):
        qs = Task.objects.in_scope(scope).filter(plan__year=period.start.year)
        return Measure(value=qs.count(), records=qs)

``scope`` is an ``Agency`` (that agency and everything below it), ``period`` a
``core.periods.Period``. ``records`` is the queryset behind the figure, so every printed number
can be opened to its records; for a rate, ``numerator`` and ``denominator`` are given too and
``records`` is the numerator's queryset. Modules are discovered when core starts
(``autodiscover``), so the ``indicators`` app, which holds the catalogue (names, units,
definitions) and renders dashboards and reports, never needs editing when an app connects one.
Keys are those of the catalogue; a computation for an unknown key is reported by the catalogue's
consistency test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.periods import Period


@dataclass
class Measure:
    """One computed figure: value, optional rate parts, the records behind it."""

    value: int | Decimal | float | None
    records: Any = None  # QuerySet of the records behind the value (numerator for rates)
    numerator: int | Decimal | None = None
    denominator: int | Decimal | None = None
    denominator_records: Any = None
    approx: bool = False
    note: str = ""
    breakdown: dict[str, Any] = field(default_factory=dict)


Compute = Callable[[Any, Period], Measure]

_registry: dict[str, tuple[Compute, str]] = {}


def indicator(key: str) -> Callable[[Compute], Compute]:
    """Register ``func`` as the computation of catalogue indicator ``key``."""

    def deco(func: Compute) -> Compute:
        if key in _registry and _registry[key][0] is not func:
            raise ValueError(f"indicator {key!r} registered twice")
        _registry[key] = (func, func.__module__.split(".")[0])
        return func

    return deco


def computations() -> dict[str, tuple[Compute, str]]:
    """key → (function, source app label) for every connected indicator."""
    return dict(_registry)


def compute(key: str, scope: Any, period: Period) -> Measure | None:
    """The figure for ``key``, or ``None`` when no app computes it yet (未接入: show 无数据)."""
    entry = _registry.get(key)
    if entry is None:
        return None
    return entry[0](scope, period)


_memo: ContextVar[dict | None] = ContextVar("indicator_memo", default=None)


@contextmanager
def batch() -> Iterator[None]:
    """Evaluate many indicators sharing work: inside the block, ``shared()`` runs each
    underlying aggregate once per key (a report asks for 检查户次 and 专项检查 of the same scope
    and year, both read from one count by kind). Outside a batch nothing is kept, so figures
    are always fresh."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def shared[T](key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or its result from earlier in the current ``batch()`` for the same key."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("indicators")


# --- Figures core itself owns (people and their 执法证) -----------------------------------------


@indicator("certified_inspectors")
def certified_inspectors(scope: Any, period: Period) -> Measure:
    """持证执法人员（人）：people holding a valid 执法证 on the last day of the period."""
    from core.models import Person

    qs = Person.objects.in_scope(scope).certified_on(period.end)
    return Measure(value=qs.count(), records=qs)
