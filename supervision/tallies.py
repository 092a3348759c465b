"""Counts of inspections and rectification kept by the database (see ``core.tallies``).

``supervision.covered`` is not a plain group count: a unit counts once in a year however often
it is inspected, and only while it is under supervision (not 关闭/注销). It is kept by triggers
on both tables: an inspection counts its unit when it is the unit's first of the year (and uncounts
it when it was the last), and a unit whose status, agency or category changes moves its counts.
It is attributed to the unit's own agency and category, so it adds up across agencies.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.tallies import UPSERT, Spec, changed_sql, period_sql
from registry.models import NOT_SUPERVISED

INSPECTIONS = Spec(
    name="supervision.inspections",
    table="supervision_inspection",
    period_unit="month",
    period_column="inspected_on",
    dims=("kind",),
)
INSPECTIONS_PUBLISHED = Spec(
    name="supervision.inspections_published",
    table="supervision_inspection",
    period_unit="month",
    period_column="published_on",
    # 日常监督检查结果 (RULES §11 row 24, seed 004: 检查1202 apart from 随机273): a 双随机
    # inspection's result is published with its plan and counted as a random-check result.
    when="{r}.published_on IS NOT NULL AND {r}.kind <> 'random'",
    watch=("kind",),
)
ORDERS = Spec(
    name="supervision.orders",
    table="supervision_rectificationorder",
    period_unit="month",
    period_column="issued_on",
    dims=("status",),
)

GONE = "(" + ", ".join(f"'{s}'" for s in NOT_SUPERVISED) + ")"
ENTITY = "registry_supervisedentity"
INSPECTION = "supervision_inspection"


@dataclass(frozen=True)
class Covered:
    """监督覆盖率's numerator: units under supervision inspected at least once in a year."""

    name: str = "supervision.covered"
    tables: tuple[str, ...] = ("supervision_inspection", "registry_supervisedentity")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name,)

    def _year_bounds(self, vendor: str, expr: str) -> tuple[str, str]:
        start = period_sql(vendor, "year", expr)
        if vendor == "postgresql":
            return start, f"(date_trunc('year', {expr}) + interval '1 year')::date"
        return start, f"date({expr}, 'start of year', '+1 year')"

    def _inspection(
        self, vendor: str, r: str, sign: int, *, exclude_self: bool, moved: bool = False
    ) -> str:
        """Count (or uncount) ``r``'s unit in r's year when no other inspection holds it there.

        ``exclude_self``: the row being written is in the table and is not "another" inspection
        (SQLite's AFTER triggers see a new row; PostgreSQL's BEFORE triggers still see an old
        one). ``moved``: an update, which changes the count only when the (unit, year) changes.
        """
        start, after = self._year_bounds(vendor, f"{r}.inspected_on")
        other = f"AND i.id <> {r}.id" if exclude_self else ""
        guard = ""
        if moved:
            old_start = period_sql(vendor, "year", "OLD.inspected_on")
            new_start = period_sql(vendor, "year", "NEW.inspected_on")
            guard = f"AND NOT (OLD.entity_id = NEW.entity_id AND {old_start} = {new_start}) "
        return (
            f"INSERT INTO core_tally (name, agency_id, period, dim, n) "
            f"SELECT '{self.name}', e.agency_id, {start}, e.category, {sign} "
            f"FROM {ENTITY} e WHERE e.id = {r}.entity_id AND e.status NOT IN {GONE} {guard}"
            f"AND NOT EXISTS (SELECT 1 FROM {INSPECTION} i WHERE i.entity_id = {r}.entity_id "
            f"AND i.inspected_on >= {start} AND i.inspected_on < {after} {other}) {UPSERT}"
        )

    def _entity(self, vendor: str, r: str, sign: int) -> str:
        """Count (or uncount) unit ``r`` once for every year it has inspections in."""
        year = period_sql(vendor, "year", "i.inspected_on")
        return (
            f"INSERT INTO core_tally (name, agency_id, period, dim, n) "
            f"SELECT '{self.name}', {r}.agency_id, {year}, {r}.category, {sign} "
            f"FROM {INSPECTION} i WHERE i.entity_id = {r}.id AND {r}.status NOT IN {GONE} "
            f"GROUP BY {year} {UPSERT}"
        )

    def install_sql(self, vendor: str) -> list[str]:
        icols, ecols = ("entity_id", "inspected_on"), ("agency_id", "category", "status")
        i_changed, e_changed = changed_sql(vendor, icols), changed_sql(vendor, ecols)
        e_minus, e_plus = self._entity(vendor, "OLD", -1), self._entity(vendor, "NEW", 1)
        if vendor == "postgresql":
            # PostgreSQL runs row-level AFTER triggers once the whole statement is done, when
            # every row of a multi-row INSERT is already visible; BEFORE triggers run row by row
            # and see the rows before them, which is the order counting needs. The unit's row is
            # locked first, so that two inspections of one unit, or an inspection and a change
            # of the unit's status, are counted one after the other.
            lock = f"PERFORM 1 FROM {ENTITY} WHERE id = {{r}}.entity_id FOR NO KEY UPDATE"
            plus = self._inspection(vendor, "NEW", 1, exclude_self=True)
            minus = self._inspection(vendor, "OLD", -1, exclude_self=True)
            moved_minus = self._inspection(vendor, "OLD", -1, exclude_self=True, moved=True)
            moved_plus = self._inspection(vendor, "NEW", 1, exclude_self=True, moved=True)
            return [
                "CREATE FUNCTION tally_covered_inspection() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN "
                f"IF TG_OP = 'INSERT' THEN {lock.format(r='NEW')}; {plus}; RETURN NEW; END IF; "
                f"IF TG_OP = 'DELETE' THEN {lock.format(r='OLD')}; {minus}; RETURN OLD; END IF; "
                f"{lock.format(r='OLD')}; {lock.format(r='NEW')}; {moved_minus}; {moved_plus}; "
                "RETURN NEW; END $$",
                f"CREATE TRIGGER tally_covered_inspection_insdel BEFORE INSERT OR DELETE ON "
                f"{INSPECTION} FOR EACH ROW EXECUTE FUNCTION tally_covered_inspection()",
                f"CREATE TRIGGER tally_covered_inspection_upd BEFORE UPDATE OF "
                f"{', '.join(icols)} ON {INSPECTION} FOR EACH ROW WHEN ({i_changed}) "
                "EXECUTE FUNCTION tally_covered_inspection()",
                "CREATE FUNCTION tally_covered_entity() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN "
                f"IF TG_OP <> 'INSERT' THEN {e_minus}; END IF; "
                f"IF TG_OP <> 'DELETE' THEN {e_plus}; END IF; "
                "RETURN NULL; END $$",
                f"CREATE TRIGGER tally_covered_entity_del AFTER DELETE ON {ENTITY} "
                "FOR EACH ROW EXECUTE FUNCTION tally_covered_entity()",
                f"CREATE TRIGGER tally_covered_entity_upd AFTER UPDATE OF {', '.join(ecols)} "
                f"ON {ENTITY} FOR EACH ROW WHEN ({e_changed}) "
                "EXECUTE FUNCTION tally_covered_entity()",
            ]
        # SQLite runs AFTER triggers row by row: the row is written, the rows after it are not.
        plus = self._inspection(vendor, "NEW", 1, exclude_self=True)
        minus = self._inspection(vendor, "OLD", -1, exclude_self=False)
        moved_minus = self._inspection(vendor, "OLD", -1, exclude_self=False, moved=True)
        moved_plus = self._inspection(vendor, "NEW", 1, exclude_self=True, moved=True)
        return [
            f"CREATE TRIGGER tally_covered_inspection_ins AFTER INSERT ON {INSPECTION} "
            f"BEGIN {plus}; END",
            f"CREATE TRIGGER tally_covered_inspection_del AFTER DELETE ON {INSPECTION} "
            f"BEGIN {minus}; END",
            f"CREATE TRIGGER tally_covered_inspection_upd AFTER UPDATE OF {', '.join(icols)} "
            f"ON {INSPECTION} WHEN {i_changed} BEGIN {moved_minus}; {moved_plus}; END",
            f"CREATE TRIGGER tally_covered_entity_del AFTER DELETE ON {ENTITY} "
            f"BEGIN {e_minus}; END",
            f"CREATE TRIGGER tally_covered_entity_upd AFTER UPDATE OF {', '.join(ecols)} "
            f"ON {ENTITY} WHEN {e_changed} BEGIN {e_minus}; {e_plus}; END",
        ]

    def uninstall_sql(self, vendor: str) -> list[str]:
        if vendor == "postgresql":
            return [
                f"DROP TRIGGER IF EXISTS tally_covered_inspection_insdel ON {INSPECTION}",
                f"DROP TRIGGER IF EXISTS tally_covered_inspection_upd ON {INSPECTION}",
                f"DROP TRIGGER IF EXISTS tally_covered_entity_del ON {ENTITY}",
                f"DROP TRIGGER IF EXISTS tally_covered_entity_upd ON {ENTITY}",
                "DROP FUNCTION IF EXISTS tally_covered_inspection()",
                "DROP FUNCTION IF EXISTS tally_covered_entity()",
            ]
        return [
            f"DROP TRIGGER IF EXISTS tally_covered_{t}"
            for t in (
                "inspection_ins",
                "inspection_del",
                "inspection_upd",
                "entity_del",
                "entity_upd",
            )
        ]

    def recount_sql(self, vendor: str) -> str:
        year = period_sql(vendor, "year", "i.inspected_on")
        return (
            f"SELECT '{self.name}', e.agency_id, {year}, e.category, COUNT(DISTINCT e.id) "
            f"FROM {INSPECTION} i INNER JOIN {ENTITY} e ON e.id = i.entity_id "
            f"WHERE e.status NOT IN {GONE} GROUP BY e.agency_id, {year}, e.category"
        )


COVERED = Covered()

SOURCES = [INSPECTIONS, INSPECTIONS_PUBLISHED, ORDERS, COVERED]
