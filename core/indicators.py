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
``records`` is the numerator's queryset. A figure made of parts (监督覆盖率 by 监管类别) gives
them in ``breakdown``: {part key: Measure}, each part a figure of its own with its records and
a ``label`` naming it in Chinese (公共场所), so that pages and reports can print the parts
without knowing the computing app's categories. Modules are discovered when core starts
(``autodiscover``), so the ``indicators`` app, which holds the catalogue (names, units,
definitions) and renders dashboards and reports, never needs editing when an app connects one.
Keys are those of the catalogue; a computation for an unknown key is reported by the catalogue's
consistency test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from core.periods import Period


class Measure:
    """One computed figure: value, optional rate parts, the records behind it.

    ``records`` (the numerator's records for a rate) and ``denominator_records`` are querysets,
    or functions returning one: a report prints a hundred figures and opens none of their
    records, so building the querysets can wait until someone asks for them.
    """

    def __init__(
        self,
        value: int | Decimal | float | None,
        records: Any = None,
        numerator: int | Decimal | None = None,
        denominator: int | Decimal | None = None,
        denominator_records: Any = None,
        approx: bool = False,
        note: str = "",
        breakdown: dict[str, Measure] | None = None,
        label: str = "",
    ):
        self.value = value
        self._records = records
        self.numerator = numerator
        self.denominator = denominator
        self._denominator_records = denominator_records
        self.approx = approx
        self.note = note
        self.breakdown = breakdown if breakdown is not None else {}
        self.label = label

    @property
    def records(self) -> Any:
        if callable(self._records):
            self._records = self._records()
        return self._records

    @property
    def denominator_records(self) -> Any:
        if callable(self._denominator_records):
            self._denominator_records = self._denominator_records()
        return self._denominator_records

    def __repr__(self) -> str:
        parts = f"{self.value!r}"
        if self.denominator is not None:
            parts += f", {self.numerator!r}/{self.denominator!r}"
        return f"Measure({parts})"


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


class _Subtrees:
    """Rows loaded per root agency path: {root path: {agency path: {name: n}}}."""

    def __init__(self) -> None:
        self.by_root: dict[str, dict[str, dict[str, int]]] = {}


def subtree_sums(
    key: tuple, scope: Any, load: Callable[[str], dict[str, dict[str, int]]]
) -> dict[str, int]:
    """Counts of ``scope`` and the agencies below it, summed from per-agency rows.

    ``load(path)`` returns ``{agency path: {name: n}}`` for every agency under ``path`` (one
    grouped query). Inside a ``batch()`` the rows of the first scope asked are kept, and every
    scope below it is summed from them without asking the database again: a city's report asks
    the city and each county for the same figure.
    """
    loaded = shared(("subtrees", *key), _Subtrees)
    root = next((r for r in loaded.by_root if scope.path.startswith(r)), None)
    if root is None:
        root = scope.path
        loaded.by_root[root] = load(root)
    rows = loaded.by_root[root]
    total: dict[str, int] = {}
    for path, counts in rows.items():
        if path.startswith(scope.path):
            for name, n in counts.items():
                total[name] = total.get(name, 0) + n
    return total


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("indicators")


# --- Figures core itself owns (people and their 执法证) -----------------------------------------


@indicator("certified_inspectors")
def certified_inspectors(scope: Any, period: Period) -> Measure:
    """持证执法人员（人）：people holding a valid 执法证 on the last day of the period."""
    from django.db.models import Count

    from core.models import Person

    def load(path: str) -> dict[str, dict[str, int]]:
        rows = (
            Person.objects.filter(agency__path__startswith=path)
            .certified_on(period.end)
            .order_by()
            .values_list("agency__path")
            .annotate(n=Count("id"))
        )
        return {p: {"certified": n} for p, n in rows}

    return Measure(
        value=subtree_sums(("core", "certified", period.end), scope, load).get("certified", 0),
        records=lambda: Person.objects.in_scope(scope).certified_on(period.end),
    )
