"""文书编号 (document numbering), written once for every app.

A kind of document has a 代字 (``卫监意`` for 卫生监督意见书); an agency has a 机关代字
(``Agency.document_prefix``, e.g. 临东 for 临江市东湖区; its 简称 or name when none is set).
Numbers run from 1 per agency, kind and year, without gaps or repeats, also when several people
number documents at the same time: ``临东卫监意〔2026〕15号``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction


@dataclass(frozen=True)
class DocumentKind:
    key: str  # stored with the sequence: "supervision.opinion"
    name: str  # 卫生监督意见书
    word: str  # 代字: 卫监意

    def number(self, agency: Any, year: int) -> str:
        """The next number of this kind for ``agency`` in ``year``, formatted."""
        return format_number(agency, self, year, next_number(agency, self, year))


def prefix_of(agency: Any) -> str:
    return agency.document_prefix or agency.short_name or agency.name


def format_number(agency: Any, kind: DocumentKind, year: int, n: int) -> str:
    return f"{prefix_of(agency)}{kind.word}〔{year}〕{n}号"


def next_number(agency: Any, kind: DocumentKind, year: int) -> int:
    """Take the next number: 1 for the first document of the year, then 2, 3, …

    One statement (INSERT … ON CONFLICT DO UPDATE … RETURNING, on SQLite and PostgreSQL alike)
    adds or bumps the sequence row and locks it until the caller's transaction ends; a second
    caller waits for it, then gets the number after. Called outside a transaction, the number is
    taken in one of its own.
    """
    from core.models import DocumentSequence

    table = connection.ops.quote_name(DocumentSequence._meta.db_table)
    sql = (
        f"INSERT INTO {table} (agency_id, kind, year, last) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT (agency_id, kind, year) DO UPDATE SET last = {table}.last + 1 "
        "RETURNING last"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [agency.pk, kind.key, year])
        return cursor.fetchone()[0]


def advance_to(agency: Any, kind: DocumentKind, year: int, n: int) -> None:
    """Record that numbers up to ``n`` are used (documents numbered elsewhere, e.g. loaded in
    bulk), so that the next number taken is ``n + 1`` at least."""
    from core.models import DocumentSequence

    table = connection.ops.quote_name(DocumentSequence._meta.db_table)
    larger = "MAX" if connection.vendor == "sqlite" else "GREATEST"
    sql = (
        f"INSERT INTO {table} (agency_id, kind, year, last) VALUES (%s, %s, %s, %s) "
        f"ON CONFLICT (agency_id, kind, year) DO UPDATE SET last = {larger}({table}.last, "
        "EXCLUDED.last)"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [agency.pk, kind.key, year, n])
