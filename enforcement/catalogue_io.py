"""Excel import of the catalogue of violations and 裁量基准, through ``core.io`` (one sheet, one
row per 裁量档次, all or nothing, every error naming its row and column). A row's 编码 names its
violation: the first row of a code creates or updates it, later rows of the code must agree with
it; the row's own 档次 is created or updated. Shared data: only the top agency's 系统管理员."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from core.io import Column, ImportResult, RowError, Sheet, choice_parser, import_sheet
from enforcement.models import DiscretionGrade, DiscretionLevel, Domain, PenaltyKind, Violation
from enforcement.services import CATALOGUE_COLUMNS

VIOLATION_FIELDS = ("domain", "name", "violated_basis", "penalty_basis", "penalty_kinds")
REQUIRED = {"code", "domain", "name", "violated_basis", "penalty_basis", "level"}


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _kinds(value: Any) -> list[str]:
    labels = {label: v for v, label in PenaltyKind.choices}
    names = [k.strip() for k in _text(value).replace("；", ";").split(";") if k.strip()]
    if bad := [k for k in names if k not in labels and k not in PenaltyKind.values]:
        raise ValueError(f"“{'、'.join(bad)}”不在行政处罚法第九条所列种类中。")
    return [labels.get(k, k) for k in names]


def _yuan(value: Any) -> Decimal:
    try:
        amount = Decimal(_text(value))
    except InvalidOperation:
        raise ValueError(f"须为金额（元），实为“{_text(value)}”。") from None
    if amount < 0:
        raise ValueError("不能为负数。")
    return amount


PARSERS = {
    "domain": choice_parser(Domain.choices),
    "level": choice_parser(DiscretionGrade.choices),
    "penalty_kinds": _kinds,
    "fine_min": _yuan,
    "fine_max": _yuan,
}
COLUMNS = [
    Column(header, key, parse=PARSERS.get(key, _text), required=key in REQUIRED)
    for key, header in CATALOGUE_COLUMNS
]


class LevelRowForm(forms.ModelForm):
    """One row: the level's own fields; the violation's are saved with it (``save_row``)."""

    class Meta:
        model = DiscretionLevel
        fields = ["grade", "condition", "fine_min", "fine_max", "note"]


def import_catalogue(file) -> ImportResult:
    first: dict[str, tuple[int, dict[str, Any]]] = {}

    def check(number: int, data: dict[str, Any]) -> list[RowError]:
        code = data["code"]
        mine = {f: data.get(f) for f in VIOLATION_FIELDS}
        if code not in first:
            first[code] = (number, mine)
            return []
        row, theirs = first[code]
        differ = [f for f in VIOLATION_FIELDS if mine[f] != theirs[f]]
        if differ:
            header = dict(CATALOGUE_COLUMNS)[differ[0]]
            return [RowError(number, header, f"与第{row}行（同一编码{code}）不一致。")]
        return []

    def make_form(data: dict[str, Any], raw: dict[str, Any]) -> forms.ModelForm:
        level = DiscretionLevel.objects.filter(
            violation__code=data["code"], grade=data["level"]
        ).first()
        form = LevelRowForm(
            {
                "grade": data["level"],
                "condition": data.get("condition", ""),
                "fine_min": data.get("fine_min", ""),
                "fine_max": data.get("fine_max", ""),
                "note": data.get("note", ""),
            },
            instance=level,
        )
        form.row = data
        return form

    def save(form: LevelRowForm) -> None:
        data = form.row
        violation, _ = Violation.objects.update_or_create(
            code=data["code"], defaults={f: data[f] for f in VIOLATION_FIELDS}
        )
        level = form.save(commit=False)
        level.violation = violation
        level.full_clean()
        level.save()

    sheet = Sheet(COLUMNS, make_form, save=save, check=check, unique_by=[("code", "level")])
    return import_sheet(file, sheet)
