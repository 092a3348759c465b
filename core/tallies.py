"""Running counts kept by database triggers, for figures that would otherwise read big tables.

A report of a city asks the same questions of a quarter of a million inspections for every county
and both years. Counting them again each time costs a scan per figure; instead the database keeps
a ``core.Tally`` row per (count, agency, period, dimension) and adjusts it by ±1 in a trigger on
the source table, in the transaction that writes the row. Every write path is covered: forms, the
API, ``QuerySet.update()``, bulk inserts, COPY and raw SQL. A rollback undoes the count with the
row, and concurrent writers queue on the one counter row they change.

An app declares its counts as ``Spec`` objects (``<app>/tallies.py``) and installs their triggers
from a migration (``install``). A ``Spec`` counts the rows of one table grouped by the row's own
agency, a period (the month or year of a date column, or ``STANDING`` for a state) and
dimension columns; a count that is not a plain group count (distinct units inspected in a year)
is a hand-written ``Source`` with the same methods. ``rebuild`` recounts from the source table
and ``verify`` names every count that differs from a recount (``fazhi tallies verify``).

Reading: ``counts(name, scope, start, end)`` sums a count over an agency and everything below it.
Inside ``core.indicators.batch()`` the rows of the first scope asked are loaded once, grouped by
agency, and the scopes below it are summed from them in Python. A figure asked for any range of
days reads through ``counted``: the kept count when the range is whole months (or the one whole
year a yearly count can answer), else its own count of the records. ``from_records()`` turns the
kept counts off, for comparing the two.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection as default_connection

from core.models.tallies import STANDING

TABLE = "core_tally"
UPSERT = "ON CONFLICT (name, agency_id, period, dim) DO UPDATE SET n = core_tally.n + excluded.n"


class Source(Protocol):
    """What ``install``/``rebuild``/``verify`` need of a count's definition."""

    names: tuple[str, ...]
    tables: tuple[str, ...]  # the tables whose triggers keep the counts

    def install_sql(self, vendor: str) -> list[str]: ...

    def uninstall_sql(self, vendor: str) -> list[str]: ...

    def recount_sql(self, vendor: str) -> str:
        """A SELECT of (name, agency_id, period, dim, n) recounted from the source rows."""
        ...


def period_sql(vendor: str, unit: str, expr: str) -> str:
    """The first day of the month or year of a date expression, or the standing date."""
    if unit == "standing":
        return f"DATE '{STANDING.isoformat()}'" if vendor == "postgresql" else f"'{STANDING}'"
    if unit not in ("month", "year"):
        raise ValueError(f"unknown tally period {unit!r}")
    if vendor == "postgresql":
        return f"date_trunc('{unit}', {expr})::date"
    return f"date({expr}, 'start of {unit}')"


def changed_sql(vendor: str, columns: tuple[str, ...]) -> str:
    op = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {op} NEW.{c}" for c in columns)


@dataclass(frozen=True)
class Spec:
    """Count the rows of ``table`` by agency, period and dimension columns.

    ``when`` is an SQL condition on the row written with ``{r}`` for the row (``NEW``/``OLD`` in
    triggers), e.g. ``"{r}.published_on IS NOT NULL"``; the columns it reads go in ``watch``.
    """

    name: str
    table: str
    period_unit: str = "standing"  # "month", "year" or "standing"
    period_column: str = ""
    dims: tuple[str, ...] = ()
    when: str = ""
    watch: tuple[str, ...] = ()
    agency_column: str = "agency_id"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name,)

    @property
    def tables(self) -> tuple[str, ...]:
        return (self.table,)

    @property
    def trigger(self) -> str:
        return "tally_" + self.name.replace(".", "_")

    @property
    def columns(self) -> tuple[str, ...]:
        cols = [self.agency_column, *self.dims, *self.watch]
        if self.period_column:
            cols.insert(1, self.period_column)
        return tuple(dict.fromkeys(cols))

    def _dim(self, r: str) -> str:
        if not self.dims:
            return "''"
        return " || ':' || ".join(f"{r}.{c}" for c in self.dims)

    def _period(self, vendor: str, r: str) -> str:
        return period_sql(vendor, self.period_unit, f"{r}.{self.period_column}")

    def bump_sql(self, vendor: str, r: str, sign: int) -> str:
        cond = self.when.format(r=r) if self.when else "1 = 1"
        return (
            f"INSERT INTO {TABLE} (name, agency_id, period, dim, n) "
            f"SELECT '{self.name}', {r}.{self.agency_column}, {self._period(vendor, r)}, "
            f"{self._dim(r)}, {sign} WHERE {cond} {UPSERT}"
        )

    def install_sql(self, vendor: str) -> list[str]:
        t, table = self.trigger, self.table
        changed = changed_sql(vendor, self.columns)
        cols = ", ".join(self.columns)
        minus, plus = self.bump_sql(vendor, "OLD", -1), self.bump_sql(vendor, "NEW", 1)
        if vendor == "postgresql":
            return [
                f"CREATE FUNCTION {t}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP <> 'INSERT' THEN {minus}; END IF; "
                f"IF TG_OP <> 'DELETE' THEN {plus}; END IF; "
                "RETURN NULL; END $$",
                f"CREATE TRIGGER {t}_insdel AFTER INSERT OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {t}()",
                f"CREATE TRIGGER {t}_upd AFTER UPDATE OF {cols} ON {table} "
                f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {t}()",
            ]
        return [
            f"CREATE TRIGGER {t}_ins AFTER INSERT ON {table} BEGIN {plus}; END",
            f"CREATE TRIGGER {t}_del AFTER DELETE ON {table} BEGIN {minus}; END",
            f"CREATE TRIGGER {t}_upd AFTER UPDATE OF {cols} ON {table} "
            f"WHEN {changed} BEGIN {minus}; {plus}; END",
        ]

    def uninstall_sql(self, vendor: str) -> list[str]:
        t, table = self.trigger, self.table
        if vendor == "postgresql":
            return [
                f"DROP TRIGGER IF EXISTS {t}_insdel ON {table}",
                f"DROP TRIGGER IF EXISTS {t}_upd ON {table}",
                f"DROP FUNCTION IF EXISTS {t}()",
            ]
        return [f"DROP TRIGGER IF EXISTS {t}_{s}" for s in ("ins", "del", "upd")]

    def recount_sql(self, vendor: str) -> str:
        cond = self.when.format(r="r") if self.when else "1 = 1"
        period, dim = self._period(vendor, "r"), self._dim("r")
        groups = [f"r.{self.agency_column}"]
        groups += [period] if self.period_column else []
        groups += [dim] if self.dims else []
        return (
            f"SELECT '{self.name}', r.{self.agency_column}, {period}, {dim}, COUNT(*) "
            f"FROM {self.table} r WHERE {cond} GROUP BY {', '.join(groups)}"
        )


def _execute(statements: list[str], conn) -> None:
    with conn.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def install(sources: list[Source], conn=None) -> None:
    """Create the triggers of ``sources`` and count what the tables already hold."""
    conn = conn or default_connection
    for source in sources:
        _execute(source.uninstall_sql(conn.vendor) + source.install_sql(conn.vendor), conn)
    rebuild(sources, conn)


def migration(module: str):
    """The migration operation that installs the ``SOURCES`` of ``module`` (``"registry.tallies"``)
    and, reversed, removes them."""
    from importlib import import_module

    from django.db import migrations

    def forwards(apps, schema_editor):
        install(import_module(module).SOURCES, schema_editor.connection)

    def backwards(apps, schema_editor):
        uninstall(import_module(module).SOURCES, schema_editor.connection)

    return migrations.RunPython(forwards, backwards)


def uninstall(sources: list[Source], conn=None) -> None:
    conn = conn or default_connection
    for source in sources:
        _execute(source.uninstall_sql(conn.vendor), conn)
        with conn.cursor() as cur:
            _forget(source, cur)


def _forget(source: Source, cur) -> None:
    """Delete the kept counts of ``source``."""
    marks = ", ".join(["%s"] * len(source.names))
    cur.execute(f"DELETE FROM {TABLE} WHERE name IN ({marks})", list(source.names))


def rebuild(sources: list[Source], conn=None) -> None:
    """Recount every count of ``sources`` from its table (after a raw fix, or on install)."""
    conn = conn or default_connection
    for source in sources:
        with conn.cursor() as cur:
            _forget(source, cur)
            cur.execute(
                f"INSERT INTO {TABLE} (name, agency_id, period, dim, n) "
                f"{source.recount_sql(conn.vendor)}"
            )


@contextmanager
def counted_once(*models_: Any) -> Iterator[None]:
    """Count once at the end of a large load into ``models_``' tables instead of row by row.

    Inside the caller's transaction the triggers of every source on those tables are dropped;
    when the block ends they are created again and the counts recounted from the tables. Other
    sessions wait for the tables until the transaction ends (the demo's load, an initial
    import), and a failure rolls back triggers and rows together.
    """
    from django.db import connection

    if not connection.in_atomic_block:
        raise RuntimeError("counted_once needs a transaction (atomic)")
    tables = {m._meta.db_table for m in models_}
    sources = [s for s in registered() if tables & set(s.tables)]
    for source in sources:
        _execute(source.uninstall_sql(connection.vendor), connection)
    yield
    install(sources, connection)


@dataclass
class Difference:
    name: str
    agency_id: int
    period: datetime.date
    dim: str
    kept: int
    recounted: int

    def __str__(self) -> str:
        return (
            f"{self.name} 机构{self.agency_id} {self.period} {self.dim or '—'}："
            f"计数 {self.kept}，重新统计 {self.recounted}"
        )


def _as_date(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def verify(sources: list[Source], conn=None) -> list[Difference]:
    """Every kept count that differs from a recount of its source (empty when all agree)."""
    conn = conn or default_connection
    out: list[Difference] = []
    for source in sources:
        with conn.cursor() as cur:
            marks = ", ".join(["%s"] * len(source.names))
            cur.execute(
                f"SELECT name, agency_id, period, dim, n FROM {TABLE} WHERE name IN ({marks})",
                list(source.names),
            )
            kept = {(r[0], r[1], _as_date(r[2]), r[3]): r[4] for r in cur.fetchall()}
            cur.execute(source.recount_sql(conn.vendor))
            recount = {(r[0], r[1], _as_date(r[2]), r[3]): r[4] for r in cur.fetchall()}
        for key in sorted(set(kept) | set(recount), key=str):
            a, b = kept.get(key, 0), recount.get(key, 0)
            if a != b:
                out.append(Difference(*key, kept=a, recounted=b))
    return out


def registered() -> list[Source]:
    """The sources every installed app declares in ``<app>/tallies.py`` (``SOURCES``)."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    out: list[Source] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tallies"
        if find_spec(name) is not None:
            out.extend(getattr(import_module(name), "SOURCES", []))
    return out


# --- Reading -------------------------------------------------------------------------------------


def aligned(start: datetime.date, end: datetime.date, unit: str) -> bool:
    """Whether ``[start, end]`` is whole months, or one whole calendar year, that a count kept by
    that unit can answer (a count kept by year, such as units covered, does not add up across
    years)."""
    if unit == "month":
        return start.day == 1 and (end + datetime.timedelta(days=1)).day == 1 and start <= end
    if unit == "year":
        return (start, end) == (datetime.date(end.year, 1, 1), datetime.date(end.year, 12, 31))
    raise ValueError(f"unknown tally period {unit!r}")


_records_only: ContextVar[bool] = ContextVar("tallies_records_only", default=False)


@contextmanager
def from_records() -> Iterator[None]:
    """Within the block, ``counted`` always counts the records (benchmarks compare the two)."""
    token = _records_only.set(True)
    try:
        yield
    finally:
        _records_only.reset(token)


def counted(
    name: str,
    scope: Any,
    start: datetime.date,
    end: datetime.date,
    *,
    unit: str,
    live: Callable[[], dict[str, int]],
) -> dict[str, int]:
    """{dim: n} of count ``name`` over ``scope`` for the days ``start`` to ``end``.

    The kept count answers when the range is whole ``unit``s (``aligned``); otherwise, or inside
    ``from_records()``, ``live()`` counts the records, once per ``core.indicators.batch()``."""
    from core.indicators import shared

    if not _records_only.get() and aligned(start, end, unit):
        return counts(name, scope, start, end)
    return shared(("core.tallies.live", name, scope.pk, start, end), live)


def _load(name: str, path: str, start: datetime.date, end: datetime.date) -> dict:
    """{agency path: {dim: n}} for every agency under ``path``."""
    sql = (
        f"SELECT a.path, t.dim, SUM(t.n) FROM {TABLE} t "
        "INNER JOIN core_agency a ON a.id = t.agency_id "
        "WHERE t.name = %s AND t.period >= %s AND t.period <= %s AND a.path LIKE %s "
        "GROUP BY a.path, t.dim"
    )
    rows: dict[str, dict[str, int]] = defaultdict(dict)
    with default_connection.cursor() as cur:
        cur.execute(sql, [name, start, end, path + "%"])  # paths are digits and slashes
        for p, dim, n in cur.fetchall():
            if n:  # a count that went back to zero keeps its row
                rows[p][dim] = int(n)
    return rows


def counts(
    name: str,
    scope: Any,
    start: datetime.date = STANDING,
    end: datetime.date = STANDING,
) -> dict[str, int]:
    """{dim: n} of count ``name`` over ``scope`` and every agency below it, for the periods
    from ``start`` to ``end`` (first days of months or years; ``STANDING`` for states)."""
    from core.indicators import subtree_sums

    return subtree_sums(
        ("core.tallies", name, start, end), scope, lambda path: _load(name, path, start, end)
    )
