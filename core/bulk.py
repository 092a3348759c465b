"""Fast inserts of generated rows (demo and benchmark data), below the ORM.

``insert_rows(Model, ["agency_id", "name", …], rows)`` writes plain value tuples straight to the
model's table: ``COPY … FROM STDIN`` on PostgreSQL, ``INSERT … SELECT … FROM json_each(…)`` on
SQLite (the rows go over as one JSON array per batch and SQLite unpacks them in C: binding every
value of every row from Python through ``executemany`` costs about 10 µs a row). No model
instances, no ``save()``, no signals (so no automatic audit event) and no ``full_clean()``: use it
only for data that is valid by construction and record what was made through ``core.audit`` if it
must be in the chain. Everything else goes through the ORM.

``foreign_keys_checked_once(Model, …)`` around a large load makes PostgreSQL check the models'
foreign keys once, with one query per constraint, instead of once per row at commit.

Values are what the column stores: ``str``, ``int``, ``bool``, ``None``, ``datetime.date``
(foreign keys as ids, by attname). Fields not named take their model default (``""`` for blank
text), ``auto_now``/``auto_now_add`` stamps take the current time, as ``bulk_create`` would.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from itertools import batched
from typing import Any

from django.db import connection, models
from django.utils import timezone

#: Field types whose Python values the database drivers take as they are. Date-times are not
#: among them (time zone handling differs per backend): they are only filled from defaults here.
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,
    models.ForeignKey,
)


def _default(field: models.Field, now) -> object:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = now if isinstance(field, models.DateTimeField) else now.date()
    elif field.has_default() or not field.null:
        value = field.get_default()
    else:
        value = None
    return field.get_db_prep_save(value, connection)


def _json_value(value: object) -> str:
    # Dates are the only plain values JSON has no type for; SQLite stores them as ISO text.
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    raise TypeError(f"insert_rows: {value!r} is not a plain value")


#: Rows per statement on SQLite (the JSON text of a batch stays far below SQLite's 1 GB limit).
SQLITE_BATCH = 50_000


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple], **constants: Any
) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``) into ``model``'s table; return count.

    ``constants`` give one value for a column in every row (``plan_id=plan.pk`` or
    ``plan=plan``); the other columns take their default.
    """
    meta = model._meta
    named = [meta.get_field(name) for name in fields]
    for field in named:
        if not isinstance(field, PLAIN_FIELDS) or isinstance(field, models.DateTimeField):
            raise TypeError(f"insert_rows: {meta.label}.{field.name} is not a plain field")
    now = timezone.now()
    rest = [f for f in meta.concrete_fields if f not in named and not f.primary_key and f.concrete]
    given = {}
    for name, value in constants.items():
        field = meta.get_field(name)  # a name or an attname (plan or plan_id)
        given[field] = field.get_db_prep_save(
            value.pk if isinstance(value, models.Model) else value, connection
        )
    constants = tuple(given[f] if f in given else _default(f, now) for f in rest)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in [*named, *rest])
    table = connection.ops.quote_name(meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    count += 1
                    copy.write_row((*row, *constants))
        else:  # SQLite, the only other database the project runs on
            # json_extract (not ->>, which needs SQLite 3.38): Django supports 3.37 and up.
            picked = [f"json_extract(value, '$[{i}]')" for i in range(len(named))]
            select = ", ".join([*picked, *(["%s"] * len(rest))])
            sql = f"INSERT INTO {table} ({columns}) SELECT {select} FROM json_each(%s)"
            for batch in batched(rows, SQLITE_BATCH):
                text = json.dumps(batch, ensure_ascii=False, default=_json_value)
                cursor.execute(sql, [*constants, text])
                count += len(batch)
    return count


@contextmanager
def foreign_keys_checked_once(*models_: type[models.Model]):
    """On PostgreSQL, check the foreign keys of ``models_``' tables once, at the end of the block.

    Django's foreign keys are ``DEFERRABLE INITIALLY DEFERRED``: every inserted row queues a
    trigger that looks up its parents at commit, which for hundreds of thousands of rows costs
    more than the load itself. Inside the caller's transaction the constraints are dropped and,
    when the block ends, added back with their exact definitions (``pg_get_constraintdef``);
    adding a constraint checks all rows at once, and a bad row aborts the transaction. This is
    PostgreSQL's own advice for populating a database. Other databases: a no-op.
    """
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("foreign_keys_checked_once needs a transaction (atomic)")
    tables = [m._meta.db_table for m in models_]
    # ALTER TABLE refuses tables (and referenced tables) with queued checks: run those first.
    connection.check_constraints()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])"
            " ORDER BY 1, 2",
            [tables],
        )
        constraints = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    yield  # on an exception the transaction rolls back, constraints included
    connection.check_constraints()
    with connection.cursor() as cursor:
        for table, name, definition in constraints:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )
