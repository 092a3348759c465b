"""Fast insert of many plain rows (the 双随机 draw writes tens of thousands of tasks at once).

``Model.objects.bulk_create`` builds a model instance and prepares every field of every row in
Python; for 50,000 tasks with 16 columns that is most of the draw's time. ``insert_rows`` takes
the few columns that vary as plain database values and prepares every other column once:

* SQLite and other backends: one ``executemany`` of a parameterised ``INSERT``;
* PostgreSQL: ``COPY … FROM STDIN`` (psycopg 3), the same rows and values.

It bypasses ``save()``, signals and the audit receivers like ``bulk_create`` does: callers record
the batch themselves (the draw records one ``draw`` event with the count).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, models, router
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone


def insert_rows(
    model: type[models.Model],
    varying: Sequence[str],
    rows: Iterable[tuple],
    **constants: Any,
) -> None:
    """Insert ``rows`` (values of the ``varying`` fields, ready for the database) into ``model``.

    Every other concrete field takes the value in ``constants`` or its default: ``auto_now`` and
    ``auto_now_add`` fields the current time, others ``Field.get_default()`` (their default, "" for
    text, else NULL). Field names may be given as attnames (``plan_id``) or names (``plan``).
    """
    using = router.db_for_write(model)
    connection = connections[using]
    now = timezone.now()
    by_name = {}
    for f in model._meta.concrete_fields:
        by_name[f.name] = by_name[f.attname] = f
    varying_fields = [by_name[name] for name in varying]
    fixed_columns: list[str] = []
    fixed_values: list[Any] = []
    for f in model._meta.concrete_fields:
        if f in varying_fields or (f.primary_key and isinstance(f, AutoFieldMixin)):
            continue
        if f.name in constants or f.attname in constants:
            value = constants.get(f.name, constants.get(f.attname))
            if isinstance(value, models.Model):
                value = value.pk
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        else:
            value = f.get_default()  # the default, "" for text fields, else None
        fixed_columns.append(f.column)
        fixed_values.append(f.get_db_prep_save(value, connection))
    columns = [f.column for f in varying_fields] + fixed_columns
    fixed = tuple(fixed_values)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + fixed)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", [row + fixed for row in rows]
            )
