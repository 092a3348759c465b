"""Excel import and export, shared by every app's ledgers: the one import implementation.

Import (``import_workbook``, ``import_sheet``) is all-or-nothing: every row goes through the same
ModelForm as the UI (so the same validators and ``Model.clean()`` rules apply), inside one
``atomic()``; every bad row is reported with its sheet, spreadsheet row number and column; if any
row is bad nothing is written. Rows repeating each other within a sheet are refused through
``Sheet.unique_by``. Apps describe their sheets (``Column``, ``Sheet``) and never loop over rows
themselves; a test in ``core/tests/test_io.py`` keeps it so.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import IntegrityError, transaction
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
    """One error of an import: “工作表“许可证”第3行“有效期至”：…”.

    ``row`` 0 is an error of the whole file or sheet (its message says which)."""

    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        if not self.row:
            return self.message
        where = f"工作表“{self.sheet}”" if self.sheet else ""
        where += f"第{self.row}行" + (f"“{self.column}”" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class ImportResult:
    """What an import wrote: nothing unless ``ok``. ``created_by_sheet[i]`` counts the rows
    created from the ``i``-th ``Sheet`` given to ``import_workbook``."""

    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    created_by_sheet: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Unique:
    """Rows of one sheet may not repeat each other in ``fields`` (form field names).

    The later row is refused, its error on the column of ``on`` (default: the first field).
    ``key(*values)`` makes the values comparable (default: text, stripped, case-folded); rows
    whose values are all empty are not compared. ``message`` is formatted with ``row`` (the
    earlier row's number) and ``headers`` (the columns' headers, “、”-joined).
    """

    fields: tuple[str, ...]
    key: Callable[..., Any] | None = None
    message: str = "与第{row}行重复（{headers}相同）。"
    on: str = ""


def _unique(spec: str | Sequence[str] | Unique) -> Unique:
    if isinstance(spec, Unique):
        return spec
    if isinstance(spec, str):
        return Unique((spec,))
    return Unique(tuple(spec))


def _default_key(*values: Any) -> tuple[str, ...]:
    return tuple("" if v is None else str(v).strip().casefold() for v in values)


@dataclass
class Sheet:
    """One sheet of a workbook to import, and how its rows become records.

    ``title`` None means the first sheet, whatever its title. ``make_form(data, raw)`` returns
    the bound ModelForm of one row (``data`` keyed by form field, ``raw`` by header); ``save``
    saves a valid form (default ``form.save()``). ``check(number, data)`` may report what no
    form can see (a row naming another record); ``unique_by`` lists the fields (a name, a
    tuple of names, or a ``Unique``) that no two rows of the sheet may share. A row faulted
    by ``check`` or ``unique_by`` is not validated further. An ``optional`` sheet may be
    missing from the workbook; a sheet already read for an earlier ``Sheet`` counts as missing.
    """

    columns: Sequence[Column]
    make_form: Callable[[dict[str, Any], dict[str, Any]], forms.ModelForm]
    title: str | None = None
    save: Callable[[forms.ModelForm], Any] | None = None
    check: Callable[[int, dict[str, Any]], list[RowError]] | None = None
    unique_by: Sequence[str | Sequence[str] | Unique] = ()
    optional: bool = False


#: Said when the database refuses a row the checks passed (another user wrote the same key
#: meanwhile): nothing is written and the file gets this one error.
CONFLICT_MESSAGE = "导入期间其他用户修改了相关数据，本次未导入任何数据；请重新导入。"


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


def import_workbook(
    file,
    sheets: Sequence[Sheet],
    *,
    prepare: Callable[[list[list[tuple[int, dict[str, Any]]]]], None] | None = None,
    conflict_message: str = CONFLICT_MESSAGE,
) -> ImportResult:
    """Import the sheets of an uploaded workbook, all or nothing: the one import of every app.

    The file is opened as ``open_workbook`` does (upload limits, decompression check) and each
    sheet read as ``sheet_rows`` does; a file or header fault is one error of the result (row 0).
    Then, inside one transaction, ``prepare(rows)`` runs first (``rows[i]`` the rows of
    ``sheets[i]``: take locks, look up what the rows name) and the sheets are imported in
    order, each row through its form; a later row or sheet may refer to an earlier one, saved
    in the same transaction. Every error names its sheet, row and column; if there is any,
    nothing is written and the counts are 0.
    """
    result = ImportResult()
    try:
        with open_workbook(file) as wb:
            titles, read = [], []
            for spec in sheets:
                if spec.title is None:
                    title = wb.sheetnames[0]
                elif spec.title in wb.sheetnames and spec.title not in titles:
                    # A sheet read for an earlier Sheet (the first, whatever its title) is
                    # not read again for a later one of that title.
                    title = spec.title
                elif spec.optional:
                    titles.append(spec.title)
                    read.append([])
                    continue
                else:
                    raise SheetNotFound(f"工作簿中没有名为“{spec.title}”的工作表。")
                titles.append(title)
                read.append(sheet_rows(wb, spec.columns, sheet=spec.title))
    except ImportFileError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return result
    try:
        with transaction.atomic():
            if prepare is not None:
                prepare(read)
            for spec, title, rows in zip(sheets, titles, read, strict=True):
                created, updated, errors = _import_rows(rows, spec)
                result.created += created
                result.updated += updated
                result.created_by_sheet.append(created)
                result.errors.extend(
                    RowError(e.row, e.column, e.message, sheet=title) for e in errors
                )
            if result.errors:
                raise ImportAborted
    except ImportAborted:
        pass
    except IntegrityError:
        result.errors = [RowError(0, "", conflict_message)]
    if result.errors:
        result.created = result.updated = 0
        result.created_by_sheet = [0] * len(sheets)
    return result


def import_sheet(file, sheet: Sheet, **kwargs) -> ImportResult:
    """``import_workbook`` of a workbook with one sheet to import."""
    return import_workbook(file, [sheet], **kwargs)


def _import_rows(
    rows: Iterable[tuple[int, dict[str, Any]]], sheet: Sheet
) -> tuple[int, int, list[RowError]]:
    """Validate and save every row of one sheet through its form: (created, updated, errors).

    Runs inside ``import_workbook``'s transaction, which rolls everything back on any error;
    rows keep being checked after an error so that every error is reported at once.
    """
    columns = sheet.columns
    by_field = {c.field: c for c in columns}
    uniques = [_unique(u) for u in sheet.unique_by]
    named = {f for u in uniques for f in (*u.fields, u.on) if f}
    if unknown := sorted(named - by_field.keys()):
        raise ValueError(f"unique_by names fields that are no column: {', '.join(unknown)}")
    seen: list[dict[Any, int]] = [{} for _ in uniques]
    created = updated = 0
    errors: list[RowError] = []
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
            errors.extend(parse_errors)
            continue
        row_errors = list(sheet.check(number, data)) if sheet.check is not None else []
        for unique, earlier in zip(uniques, seen, strict=True):
            values = [data.get(f) for f in unique.fields]
            if all(v is None or v == "" for v in values):
                continue
            key = (unique.key or _default_key)(*values)
            if key in earlier:
                headers = "、".join(by_field[f].header for f in unique.fields if f in by_field)
                first = by_field.get(unique.on or unique.fields[0])
                message = unique.message.format(row=earlier[key], headers=headers)
                row_errors.append(RowError(number, first.header if first else "", message))
            else:
                earlier[key] = number
        if row_errors:
            errors.extend(row_errors)
            continue
        form = sheet.make_form(data, raw)
        if not form.is_valid():
            for name, errs in form.errors.items():
                col = by_field.get(name)
                header = col.header if col else ""
                for e in errs:
                    errors.append(RowError(number, header, e))
            continue
        is_new = form.instance.pk is None
        if sheet.save is not None:
            sheet.save(form)
        else:
            form.save()
        if is_new:
            created += 1
        else:
            updated += 1
    return created, updated, errors


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
