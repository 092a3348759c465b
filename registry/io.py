"""Excel import/export of the entity directory (监管对象名录).

Import is all-or-nothing (STYLE §6): every row goes through ``EntityForm`` (so the model's
validators and ``clean()`` apply), errors are collected with their Excel row number, and nothing
is written unless every row is valid.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from openpyxl import Workbook, load_workbook

from core.models import Region
from registry.forms import EntityForm
from registry.models import (
    SUBCATEGORY_CHOICES,
    CreditGrade,
    EntityCategory,
    EntityStatus,
    RiskGrade,
    SupervisedEntity,
    match_key,
)

#: (header, field, choices or None) in sheet order.
COLUMNS = [
    ("单位名称", "name", None),
    ("统一社会信用代码", "uscc", None),
    ("地址", "address", None),
    ("片区", "region", None),
    ("监管类别", "category", EntityCategory.choices),
    ("细分类别", "subcategory", SUBCATEGORY_CHOICES),
    ("风险等级", "risk_grade", RiskGrade.choices),
    ("信用等级", "credit_grade", CreditGrade.choices),
    ("经营状态", "status", EntityStatus.choices),
    ("开业日期", "opened_on", None),
    ("法定代表人/负责人", "legal_representative", None),
]


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行【{self.column}】{self.message}"


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _label_map(choices) -> dict[str, str]:
    out = {}
    for value, label in choices:
        out[str(label)] = value
        out[str(value)] = value
    return out


def import_entities(fileobj, agency, user=None) -> ImportResult:
    """Import entities from an .xlsx sheet into ``agency``; all rows or none."""
    result = ImportResult()
    wb = load_workbook(fileobj, read_only=True, data_only=True)
    ws = wb.active
    rows = ws.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
    missing = [h for h, _, _ in COLUMNS if h not in header and h not in ("片区",)]
    if missing:
        result.errors.append(RowError(1, "、".join(missing), "缺少必需的列。"))
        return result
    pos = {h: header.index(h) for h, _, _ in COLUMNS if h in header}
    regions = dict(Region.objects.filter(agency=agency).values_list("name", "pk"))
    label_of = {f: h for h, f, _ in COLUMNS}
    seen_codes: dict[str, int] = {}
    seen_keys: dict[str, int] = {}
    forms = []
    for rownum, raw in enumerate(rows, start=2):
        if raw is None or all(v in (None, "") for v in raw):
            continue
        data: dict[str, object] = {}
        row_errors: list[RowError] = []
        for head, fname, choices in COLUMNS:
            value = raw[pos[head]] if head in pos and pos[head] < len(raw) else None
            if isinstance(value, datetime.datetime):
                value = value.date()
            value = "" if value is None else value
            if isinstance(value, str):
                value = value.strip()
            if choices and value != "":
                mapping = _label_map(choices)
                if value not in mapping:
                    row_errors.append(RowError(rownum, head, f"未知的{head}“{value}”。"))
                    continue
                value = mapping[value]
            if fname == "region" and value != "":
                if value not in regions:
                    row_errors.append(RowError(rownum, head, f"本机构没有名为“{value}”的片区。"))
                    continue
                value = regions[value]
            data[fname] = value
        form = EntityForm(data=data, instance=SupervisedEntity(agency=agency))
        if not form.is_valid():
            for fname, errs in form.errors.items():
                col = label_of.get(fname, "整行")
                if any(e.column == col for e in row_errors):
                    continue
                row_errors.extend(RowError(rownum, col, str(e)) for e in errs)
        code = str(data.get("uscc", "")).upper()
        if code:
            if code in seen_codes:
                row_errors.append(
                    RowError(rownum, "统一社会信用代码", f"与第{seen_codes[code]}行重复。")
                )
            seen_codes.setdefault(code, rownum)
        key = match_key(str(data.get("name", "")), str(data.get("address", "")))
        if key in seen_keys:
            row_errors.append(
                RowError(rownum, "单位名称", f"与第{seen_keys[key]}行同名同地址（疑似重复）。")
            )
        seen_keys.setdefault(key, rownum)
        result.errors.extend(row_errors)
        forms.append(form)
    if result.errors:
        return result
    with transaction.atomic():
        for form in forms:
            obj = form.save(commit=False)
            obj.created_by = obj.updated_by = user if getattr(user, "pk", None) else None
            obj.save()
            result.created += 1
    return result


def export_entities(queryset) -> bytes:
    """The directory as .xlsx in the import layout (round-trips through ``import_entities``)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("监管对象")
    ws.append([h for h, _, _ in COLUMNS])
    cat = dict(EntityCategory.choices)
    sub = dict(SUBCATEGORY_CHOICES)
    risk, credit, status = (dict(c.choices) for c in (RiskGrade, CreditGrade, EntityStatus))
    fields = (
        "name",
        "uscc",
        "address",
        "region__name",
        "category",
        "subcategory",
        "risk_grade",
        "credit_grade",
        "status",
        "opened_on",
        "legal_representative",
    )
    for row in queryset.order_by("pk").values_list(*fields).iterator(chunk_size=2000):
        (name, uscc, address, region, c, s, r, cr, st, opened, rep) = row
        ws.append(
            [
                name,
                uscc,
                address,
                region or "",
                cat.get(c, c),
                sub.get(s, s),
                risk.get(r, r),
                credit.get(cr, cr),
                status.get(st, st),
                opened,
                rep,
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
