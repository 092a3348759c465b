"""Values written into exported spreadsheets (.xlsx, .csv): text never becomes a formula.

A name such as ``=HYPERLINK("http://evil.example","点击")`` or ``@SUM(1+1)*cmd|' /C calc'!A0``
typed into a record must reach an export as the text it is, not as a formula the spreadsheet
runs when the file is opened (OWASP "CSV Injection"). Every writer of an export goes through
``csv_row`` or ``xlsx_row``:

- .csv: text starting with ``= + - @``, tab or carriage return (or their full-width forms,
  which some spreadsheet programs fold to ASCII) gets a leading ``'``, as OWASP advises; the
  ``csv`` module quotes the rest.
- .xlsx: text is written as a string cell (openpyxl would otherwise store ``"=…"`` as a formula)
  and such text gets Excel's quote-prefix style, which keeps it text when the cell is edited;
  the value itself is unchanged, so an exported sheet imports again as it was.

Numbers, dates and booleans are written as they are: a negative number stays a number.
Pure Python (openpyxl only), usable by the report checker's comparison export too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ERROR_CODES, Cell, WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def formula_like(value: Any) -> bool:
    """True for text a spreadsheet program could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_value(value: Any) -> Any:
    """One value for ``csv.writer``: None as empty, formula-like text with a leading ``'``."""
    if value is None:
        return ""
    if formula_like(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_value(v) for v in values]


def xlsx_cell(ws: Any, value: Any) -> Any:
    """A cell for ``ws.append``: text as a string cell, formula-like text quote-prefixed.

    Other values are returned as they are (openpyxl types them itself; a cell object is made
    only where its guess would be wrong, which keeps large write-only exports fast).
    """
    if not isinstance(value, str) or not (formula_like(value) or value in ERROR_CODES):
        return value
    cell = WriteOnlyCell(ws, value) if not isinstance(ws, Worksheet) else Cell(ws, value=value)
    # openpyxl makes "=…" a formula ("f") and "#N/A" an error ("e") when the value is assigned.
    cell.data_type = "s"
    if formula_like(value):
        cell.quotePrefix = True
    return cell


def xlsx_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """A row for ``ws.append`` of a normal or a write-only worksheet."""
    return [xlsx_cell(ws, v) for v in values]


def json_value(value: Any) -> Any:
    """One value for a JSON export: dates and times in ISO 8601, decimals as text (no float
    rounding), None as null, text as it is (a JSON reader runs no formula)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def json_row(columns: Iterable[str], values: Iterable[Any]) -> dict[str, Any]:
    """A row for a JSON export: an object keyed by the columns' Chinese names."""
    return {c: json_value(v) for c, v in zip(columns, values, strict=True)}
