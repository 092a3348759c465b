"""Excel import and export, shared by every app's ledgers.

Import is all-or-nothing: every row goes through the same ModelForm as the UI (so the same
validators and ``Model.clean()`` rules apply), inside one ``atomic()``; every bad row is reported
with its spreadsheet row number and the column named; if any row is bad nothing is written.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.cells import xlsx_row
from core.uploads import ArchiveRefused, check_upload

MAX_IMPORT_ROWS = 50_000


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: Chinese header, form field name, and an optional parser."""

    header: str
    field: str
    parse: Callable[[Any], Any] | None = None
    required: bool = False
    export: Callable[[Any], Any] | None = None


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportAborted(Exception):
    """Raised inside the transaction to roll back an import with errors."""


class ImportFileError(ValueError):
    """The file itself cannot be read as a spreadsheet of the expected layout."""


class SheetNotFound(ImportFileError):
    """The workbook has no sheet of the title asked for."""


@contextmanager
def open_workbook(file) -> Iterator[Workbook]:
    """The uploaded workbook, read-only, closed on leaving; ``ImportFileError`` if not .xlsx,
    or if it would inflate past the upload limits (``core.uploads.check_upload``, checked on the
    zip directory before openpyxl reads anything)."""
    try:
        check_upload(file)
    except ArchiveRefused as exc:
        raise ImportFileError(str(exc)) from exc
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise ImportFileError("无法读取该文件：请上传 .xlsx 格式的 Excel 工作簿。") from exc
    try:
        yield wb
    finally:
        wb.close()


def read_rows(
    file, columns: Sequence[Column], *, sheet: str | None = None
) -> list[tuple[int, dict[str, Any]]]:
    """The rows of the first sheet of an uploaded file, or of the sheet titled ``sheet``.

    Opens the file as ``open_workbook`` does and reads as ``sheet_rows`` does.
    """
    with open_workbook(file) as wb:
        return sheet_rows(wb, columns, sheet=sheet)


def sheet_rows(
    wb: Workbook, columns: Sequence[Column], *, sheet: str | None = None
) -> list[tuple[int, dict[str, Any]]]:
    """The rows of the first sheet of an open workbook, or of the sheet titled ``sheet``.

    The header row is matched by Chinese header; returns (Excel row number, values by header),
    empty rows skipped, text stripped. Errors about a named sheet name it (“工作表“许可证”的表头缺少
    必需的列：…”); an empty named sheet has no header, so its required columns are missing. A
    workbook without the named sheet raises ``SheetNotFound``.
    """
    if sheet is None:
        ws = wb.worksheets[0]
    elif sheet in wb.sheetnames:
        ws = wb[sheet]
    else:
        raise SheetNotFound(f"工作簿中没有名为“{sheet}”的工作表。")
    where = f"工作表“{sheet}”" if sheet is not None else ""
    rows = ws.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None and sheet is None:
        raise ImportFileError("文件为空：第1行应为表头。")
    header = [str(h).strip() if h is not None else "" for h in first or ()]
    missing = [c.header for c in columns if c.required and c.header not in header]
    if missing:
        header_of = f"{where}的表头" if where else "表头"
        raise ImportFileError(f"{header_of}缺少必需的列：{'、'.join(missing)}。")
    index = {c.header: header.index(c.header) for c in columns if c.header in header}
    out = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(out) >= MAX_IMPORT_ROWS:
            raise ImportFileError(f"{where}一次最多导入{MAX_IMPORT_ROWS}行。")
        row = {}
        for col in columns:
            i = index.get(col.header)
            value = values[i] if i is not None and i < len(values) else None
            if isinstance(value, str):
                value = value.strip()
            row[col.header] = value
        out.append((number, row))
    return out


def import_rows(
    rows: Iterable[tuple[int, dict[str, Any]]],
    columns: Sequence[Column],
    make_form: Callable[[dict[str, Any], dict[str, Any]], forms.ModelForm],
    *,
    save: Callable[[forms.ModelForm], Any] | None = None,
    check: Callable[[int, dict[str, Any]], list[RowError]] | None = None,
) -> ImportResult:
    """Validate and save every row through its form, all or nothing.

    ``make_form(data, raw)`` returns a bound ModelForm for one row (``data`` keyed by form field,
    ``raw`` keyed by header). Rows are saved in order inside one transaction, so a later row may
    refer to an earlier one (an agency whose parent is defined above it). ``check(number, data)``
    may report errors the form cannot see, such as a row repeating an earlier row of the sheet;
    a row it faults is not validated further.
    """
    result = ImportResult()
    by_field = {c.field: c for c in columns}
    try:
        with transaction.atomic():
            for number, raw in rows:
                data, parse_errors = {}, []
                for col in columns:
                    value = raw.get(col.header)
                    if col.required and (value is None or value == ""):
                        parse_errors.append(RowError(number, col.header, "必填，不能为空。"))
                        continue
                    if col.parse is not None and value not in (None, ""):
                        try:
                            value = col.parse(value)
                        except ValueError as exc:
                            parse_errors.append(RowError(number, col.header, str(exc)))
                            continue
                    data[col.field] = "" if value is None else value
                if parse_errors:
                    result.errors.extend(parse_errors)
                    continue
                if check is not None and (row_errors := check(number, data)):
                    result.errors.extend(row_errors)
                    continue
                form = make_form(data, raw)
                if not form.is_valid():
                    for name, errs in form.errors.items():
                        col = by_field.get(name)
                        header = col.header if col else ""
                        for e in errs:
                            result.errors.append(RowError(number, header, e))
                    continue
                is_new = form.instance.pk is None
                obj = save(form) if save else form.save()
                del obj
                if is_new:
                    result.created += 1
                else:
                    result.updated += 1
            if result.errors:
                raise ImportAborted
    except ImportAborted:
        result.created = result.updated = 0
    return result


def parse_date(value: Any) -> datetime.date:
    """A date cell or text ``YYYY-MM-DD`` / ``YYYY/MM/DD`` / ``YYYY年M月D日``."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip().replace("年", "-").replace("月", "-").replace("日", "")
    text = text.replace("/", "-").replace(".", "-")
    try:
        y, m, d = (int(p) for p in text.split("-"))
        return datetime.date(y, m, d)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"日期格式错误：“{value}”，应为 YYYY-MM-DD。") from exc


def parse_bool(value: Any) -> bool:
    text = str(value).strip().lower()
    if text in {"是", "y", "yes", "true", "1", "有"}:
        return True
    if text in {"否", "n", "no", "false", "0", "无", ""}:
        return False
    raise ValueError(f"应填写“是”或“否”，实为“{value}”。")


def choice_parser(choices) -> Callable[[Any], str]:
    """Accept a choice's Chinese label or its value."""
    by_label = {str(label): value for value, label in choices}
    values = {value for value, _ in choices}

    def parse(value: Any) -> str:
        text = str(value).strip()
        if text in values:
            return text
        if text in by_label:
            return by_label[text]
        allowed = "、".join(by_label)
        raise ValueError(f"取值“{text}”无效，应为：{allowed}。")

    return parse


def export_xlsx(rows: Iterable[Any], columns: Sequence[Column], title: str) -> bytes:
    """Write rows (model instances) to an .xlsx workbook with a bold header row.

    Text is written as text, never as a formula (``core.cells``)."""
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = title[:31]
    ws.append(xlsx_row(ws, [c.header for c in columns]))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for obj in rows:
        line = []
        for c in columns:
            if c.export is not None:
                value = c.export(obj)
            else:
                value = getattr(obj, c.field, None)
                display = getattr(obj, f"get_{c.field}_display", None)
                if display is not None:
                    value = display()
                elif isinstance(value, bool):
                    value = "是" if value else "否"
                elif hasattr(value, "_meta"):
                    value = str(value)
            line.append(value)
        ws.append(xlsx_row(ws, line))
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, len(c.header) * 2 + 4)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
