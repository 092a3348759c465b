"""Excel import/export of the supervised-entity ledger (监管对象台账)."""

from __future__ import annotations

from typing import Any

from core.io import Column, ImportResult, choice_parser, import_rows, parse_date, read_rows
from core.models import Region, user_agency
from registry.categories import CATEGORY_CHOICES, SUBCATEGORY_LABEL, SUBCATEGORY_PARENT
from registry.forms import SupervisedEntityForm
from registry.models import CreditGrade, EntityStatus, RiskGrade, SupervisedEntity

SUB_BY_LABEL = {label: code for code, label in SUBCATEGORY_LABEL.items()}


def _subcategory(value: Any) -> str:
    text = str(value).strip()
    if text in SUBCATEGORY_PARENT:
        return text
    if text in SUB_BY_LABEL:
        return SUB_BY_LABEL[text]
    raise ValueError(f"未知的子类“{text}”。")


def columns(user) -> list[Column]:
    agency = user_agency(user)

    def region(value: Any) -> int:
        name = str(value).strip()
        found = Region.objects.filter(agency=agency, name=name).first()
        if found is None:
            raise ValueError(f"本机构没有名为“{name}”的片区。")
        return found.pk

    return [
        Column("名称", "name", required=True),
        Column("统一社会信用代码", "uscc", parse=lambda v: str(v).strip().upper()),
        Column("地址", "address", required=True),
        Column("片区", "region", parse=region),
        Column("类别", "category", required=True, parse=choice_parser(CATEGORY_CHOICES)),
        Column(
            "子类",
            "subcategory",
            required=True,
            parse=_subcategory,
            export=lambda e: SUBCATEGORY_LABEL.get(e.subcategory, e.subcategory),
        ),
        Column("风险等级", "risk_grade", parse=choice_parser(RiskGrade.choices)),
        Column("信用等级", "credit_grade", parse=choice_parser(CreditGrade.choices)),
        Column("经营状态", "status", parse=choice_parser(EntityStatus.choices)),
        Column("开业日期", "opened_on", parse=parse_date),
        Column("法定代表人", "legal_representative"),
    ]


def import_entities(file, user) -> ImportResult:
    """All-or-nothing import into the user's agency, through the same form as the pages."""
    cols = columns(user)
    rows = read_rows(file, cols)
    agency = user_agency(user)

    def make_form(data, raw):
        data.setdefault("risk_grade", RiskGrade.LOW)
        data.setdefault("credit_grade", CreditGrade.A)
        data.setdefault("status", EntityStatus.OPEN)
        for k in ("risk_grade", "credit_grade", "status"):
            if data.get(k) == "":
                data.pop(k)
                data[k] = {
                    "risk_grade": RiskGrade.LOW,
                    "credit_grade": CreditGrade.A,
                    "status": EntityStatus.OPEN,
                }[k]
        return SupervisedEntityForm(
            data=data, user=user, instance=SupervisedEntity(agency=agency, created_by=user)
        )

    return import_rows(rows, cols, make_form)
