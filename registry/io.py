"""Excel import/export of the entity directory (监管对象名录).

Import is all-or-nothing (STYLE §6) through ``core.io``: every row goes through ``EntityForm`` (so
the model's validators and ``clean()`` apply), errors are collected with their Excel row number
and column, and nothing is written unless every row is valid.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from core.io import (
    Column,
    ImportFileError,
    ImportResult,
    RowError,
    choice_parser,
    import_rows,
    parse_date,
    read_rows,
)
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


def import_entities(fileobj, agency, user=None) -> ImportResult:
    """Import entities from an .xlsx sheet into ``agency``; all rows or none.

    The shared all-or-nothing loop of ``core.io`` does the work; this adds the columns, the
    片区 names of the agency, and the duplicate checks within the sheet (same credit code, or
    same normalised name + address as an earlier row), which no single form can see.
    """
    regions = dict(Region.objects.filter(agency=agency).values_list("name", "pk"))

    def region(value):
        if str(value) not in regions:
            raise ValueError(f"本机构没有名为“{value}”的片区。")
        return regions[str(value)]

    parsers = {"region": region, "opened_on": parse_date}
    required = {"name", "uscc", "address", "category", "subcategory"}
    columns = [
        Column(
            header,
            fname,
            parse=choice_parser(choices) if choices else parsers.get(fname),
            required=fname in required,
        )
        for header, fname, choices in COLUMNS
    ]
    try:
        rows = read_rows(fileobj, columns)
    except ImportFileError as exc:
        return ImportResult(errors=[RowError(1, "", str(exc))])
    seen_codes: dict[str, int] = {}
    seen_keys: dict[str, int] = {}

    def check(number: int, data: dict) -> list[RowError]:
        errors = []
        code = str(data.get("uscc", "")).strip().upper()
        if code and code in seen_codes:
            errors.append(RowError(number, "统一社会信用代码", f"与第{seen_codes[code]}行重复。"))
        seen_codes.setdefault(code, number)
        key = match_key(str(data.get("name", "")), str(data.get("address", "")))
        if key in seen_keys:
            errors.append(
                RowError(number, "单位名称", f"与第{seen_keys[key]}行同名同地址（疑似重复）。")
            )
        seen_keys.setdefault(key, number)
        return errors

    def make_form(data, raw):
        return EntityForm(data=data, instance=SupervisedEntity(agency=agency))

    def save(form):
        obj = form.save(commit=False)
        obj.created_by = obj.updated_by = user if getattr(user, "pk", None) else None
        obj.save()
        return obj

    return import_rows(rows, columns, make_form, save=save, check=check)


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
