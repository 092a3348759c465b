"""Cases opened from other records, and the starter catalogue of violations."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.validators import local_today
from enforcement.models import (
    Case,
    CaseSource,
    DiscretionGrade,
    DiscretionLevel,
    Domain,
    PartyKind,
    PenaltyKind,
    Violation,
)

STARTER_CATALOGUE = Path(__file__).parent / "data" / "violations.tsv"

#: 监管类别 of the registry → the case's 执法领域, for cases opened from an inspection.
CATEGORY_DOMAINS = {
    "medical": Domain.MEDICAL_INSTITUTION,
    "public_place": Domain.PUBLIC_PLACE,
    "drinking_water": Domain.DRINKING_WATER,
    "occupational": Domain.OCCUPATIONAL,
    "radiation": Domain.RADIATION,
    "infectious": Domain.INFECTIOUS,
    "disinfection": Domain.DISINFECTION,
    "school": Domain.SCHOOL,
}


@transaction.atomic
def open_from_inspection(inspection: Any, *, actor: Any, on: datetime.date | None = None) -> Case:
    """An inspection that concluded 立案 becomes a case clue: party, entity, domain and the
    inspection's findings are taken over, and the case links back to it. Once per inspection."""
    from supervision.models import InspectionResult

    if inspection.result != InspectionResult.CASE:
        raise ValidationError("只有检查结论为“立案”的检查才能转为案件。")
    if existing := Case.objects.filter(
        source_inspection=inspection, withdrawn_at__isnull=True
    ).first():
        raise ValidationError(f"该检查已转为案件{existing.number or '（待立案）'}。")
    entity = inspection.entity
    case = Case(
        agency_id=inspection.agency_id,
        source=CaseSource.RANDOM_CHECK if inspection.task_id else CaseSource.INSPECTION,
        source_inspection=inspection,
        entity=entity,
        domain=CATEGORY_DOMAINS.get(entity.category, Domain.OTHER),
        cause=f"{entity.name}涉嫌违法案",
        clue_on=max(on or local_today(), inspection.inspected_on),
        party_kind=PartyKind.ORGANISATION,
        party_name=entity.name,
        party_code=entity.uscc or "",
        legal_representative=entity.legal_representative,
        party_address=entity.address,
        place=entity.address,
        facts=inspection.findings,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    case.full_clean()
    case.save()
    return case


#: The catalogue's columns, in the TSV (English keys) and in Excel (Chinese headers); one row
#: per 裁量档次 of an item.
CATALOGUE_COLUMNS = (
    ("code", "编码"),
    ("domain", "执法领域"),
    ("name", "违法行为"),
    ("violated_basis", "违法条款"),
    ("penalty_basis", "处罚条款"),
    ("penalty_kinds", "处罚种类"),
    ("level", "裁量档次"),
    ("condition", "适用情形"),
    ("fine_min", "罚款下限（元）"),
    ("fine_max", "罚款上限（元）"),
    ("note", "说明"),
)


def parse_catalogue(path: Path = STARTER_CATALOGUE) -> dict[str, dict]:
    """Violations and their discretion levels from a TSV (one row per level), by code; raises
    ``ValidationError`` listing every bad row by its line."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return parse_rows(enumerate(rows, start=2))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_rows(rows) -> dict[str, dict]:
    """(line, {column key: value}) rows → items by code, with every bad row named by line."""
    domains = {label: value for value, label in Domain.choices}
    kinds = {label: value for value, label in PenaltyKind.choices}
    grades = {label: value for value, label in DiscretionGrade.choices}
    items: dict[str, dict] = {}
    errors = []
    for line, raw in rows:
        row = {key: _cell(raw.get(key)) for key, _header in CATALOGUE_COLUMNS}
        code, domain = row["code"], domains.get(row["domain"])
        if not code or domain is None:
            errors.append(f"第{line}行：编码为空或执法领域“{row['domain']}”不在目录中。")
            continue
        if not (row["name"] and row["violated_basis"] and row["penalty_basis"]):
            errors.append(f"第{line}行：违法行为、违法条款和处罚条款均须填写。")
            continue
        names = [k.strip() for k in row["penalty_kinds"].replace("；", ";").split(";") if k.strip()]
        if bad := [k for k in names if k not in kinds]:
            errors.append(f"第{line}行：处罚种类“{'、'.join(bad)}”不在行政处罚法第九条所列种类中。")
            continue
        grade = grades.get(row["level"])
        if grade is None:
            errors.append(f"第{line}行：裁量档次须为轻微、一般或严重。")
            continue
        try:
            low = Decimal(row["fine_min"]) if row["fine_min"] else None
            high = Decimal(row["fine_max"]) if row["fine_max"] else None
        except ArithmeticError:
            errors.append(f"第{line}行：罚款幅度须为数字（元）。")
            continue
        if low is not None and high is not None and low > high:
            errors.append(f"第{line}行：罚款下限{low}高于上限{high}。")
            continue
        item = items.setdefault(
            code,
            {
                "domain": domain,
                "name": row["name"],
                "violated_basis": row["violated_basis"],
                "penalty_basis": row["penalty_basis"],
                "penalty_kinds": [kinds[k] for k in names],
                "levels": {},
            },
        )
        if grade in item["levels"]:
            errors.append(f"第{line}行：{code}的“{row['level']}”档重复。")
            continue
        item["levels"][grade] = {
            "condition": row["condition"],
            "fine_min": low,
            "fine_max": high,
            "note": row["note"],
        }
    if errors:
        raise ValidationError(errors)
    return items


def catalogue_rows(violations) -> list[dict[str, str]]:
    """The catalogue as rows of ``CATALOGUE_COLUMNS`` (one per level): what an export writes and
    an import reads back unchanged."""
    rows = []
    for v in violations.prefetch_related("levels"):
        kinds = "；".join(PenaltyKind(k).label for k in v.penalty_kinds or ())
        for level in sorted(
            v.levels.all(), key=lambda lv: list(DiscretionGrade.values).index(lv.grade)
        ):
            rows.append(
                {
                    "code": v.code,
                    "domain": v.get_domain_display(),
                    "name": v.name,
                    "violated_basis": v.violated_basis,
                    "penalty_basis": v.penalty_basis,
                    "penalty_kinds": kinds,
                    "level": level.get_grade_display(),
                    "condition": level.condition,
                    "fine_min": ""
                    if level.fine_min is None
                    else f"{level.fine_min:f}".rstrip("0").rstrip("."),
                    "fine_max": ""
                    if level.fine_max is None
                    else f"{level.fine_max:f}".rstrip("0").rstrip("."),
                    "note": level.note,
                }
            )
    return rows


def write_catalogue(items: dict[str, dict], violation_model=Violation, level_model=DiscretionLevel):
    """Write parsed items, updating by code (the models may be a migration's historical ones)."""
    levels = 0
    with transaction.atomic():
        for code, item in items.items():
            fields = {k: v for k, v in item.items() if k != "levels"}
            violation, _ = violation_model.objects.update_or_create(code=code, defaults=fields)
            for grade, values in item["levels"].items():
                level_model.objects.update_or_create(
                    violation=violation, grade=grade, defaults=values
                )
                levels += 1
    return len(items), levels


def load_catalogue(path: Path = STARTER_CATALOGUE) -> tuple[int, int]:
    """Load a catalogue TSV (all or nothing); returns (violations, levels) written."""
    return write_catalogue(parse_catalogue(path))
