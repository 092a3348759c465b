"""Fast inserts of generated rows (demo and benchmark data), below the ORM.

``insert_rows(Model, ["agency_id", "name", …], rows)`` writes plain value tuples straight to the
model's table: ``COPY … FROM STDIN`` on PostgreSQL, one ``executemany`` elsewhere. No model
instances, no ``save()``, no signals (so no automatic audit event) and no ``full_clean()``: use it
only for data that is valid by construction and record what was made through ``core.audit`` if it
must be in the chain. Everything else goes through the ORM.

Values are what the column stores: ``str``, ``int``, ``bool``, ``None``, ``datetime.date``
(foreign keys as ids, by attname). Fields not named take their model default (``""`` for blank
text), ``auto_now``/``auto_now_add`` stamps take the current time, as ``bulk_create`` would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``) into ``model``'s table; return count."""
    meta = model._meta
    named = [meta.get_field(name) for name in fields]
    for field in named:
        if not isinstance(field, PLAIN_FIELDS) or isinstance(field, models.DateTimeField):
            raise TypeError(f"insert_rows: {meta.label}.{field.name} is not a plain field")
    now = timezone.now()
    rest = [f for f in meta.concrete_fields if f not in named and not f.primary_key and f.concrete]
    constants = tuple(_default(f, now) for f in rest)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in [*named, *rest])
    table = connection.ops.quote_name(meta.db_table)
    count = 0

    def full_rows():
        nonlocal count
        for row in rows:
            count += 1
            yield (*row, *constants)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in full_rows():
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * (len(named) + len(rest)))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", full_rows())
    return count
