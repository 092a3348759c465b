"""Excel import/export of agencies and people (机构、人员台账)."""

from __future__ import annotations

from typing import Any

from core.crypto import shown_value
from core.forms import AgencyForm, PersonForm
from core.io import (
    Column,
    ImportResult,
    Sheet,
    choice_parser,
    import_sheet,
    parse_bool,
    parse_date,
)
from core.models import Agency, AgencyLevel, CertificateReview, Department, Person, user_agency


def _agency_by_code(user):
    def parse(value: Any) -> int:
        code = str(value).strip()
        agency = Agency.objects.visible_to(user).filter(code=code).first()
        if agency is None:
            raise ValueError(f"上级机构代码“{code}”不存在或不在您的管理范围内。")
        return agency.pk

    return parse


def agency_columns(user) -> list[Column]:
    return [
        Column("机构代码", "code", required=True, parse=lambda v: str(v).strip()),
        Column("机构名称", "name", required=True),
        Column("简称", "short_name"),
        Column("层级", "level", required=True, parse=choice_parser(AgencyLevel.choices)),
        Column(
            "上级机构代码",
            "parent",
            required=True,
            parse=_agency_by_code(user),
            export=lambda a: a.parent.code if a.parent_id else "",
        ),
        Column("行政区划代码", "division_code", parse=lambda v: str(v).strip()),
    ]


def import_agencies(file, user) -> ImportResult:
    """Create agencies below the user's own agency; parents may be rows above in the same file."""

    def make_form(data, raw):
        data.setdefault("is_active", True)
        form = AgencyForm(data=data, user=user)
        return form

    return import_sheet(file, Sheet(agency_columns(user), make_form, unique_by=["code"]))


def person_columns(user) -> list[Column]:
    agency = user_agency(user)

    def department(value: Any) -> int:
        name = str(value).strip()
        dept = Department.objects.filter(agency=agency, name=name).first()
        if dept is None:
            raise ValueError(f"本机构没有名为“{name}”的科室，请先在“科室”中新增。")
        return dept.pk

    return [
        Column("姓名", "name", required=True),
        Column("科室", "department", parse=department),
        Column("职务", "position"),
        Column(
            "办公电话",
            "phone",
            parse=lambda v: str(v).strip(),
            export=lambda p: shown_value(p, "phone", user),
        ),
        Column("执法证号", "certificate_number", parse=lambda v: str(v).strip()),
        Column("发证机关", "certificate_issuer"),
        Column("执法证有效期至", "certificate_valid_until", parse=parse_date),
        Column("年审状态", "certificate_review", parse=choice_parser(CertificateReview.choices)),
        Column("法律职业资格", "has_legal_qualification", parse=parse_bool),
        Column("专业领域", "specialties"),
    ]


def import_people(file, user) -> ImportResult:
    """Add people to the user's own agency."""
    agency = user_agency(user)

    def make_form(data, raw):
        data.setdefault("certificate_review", CertificateReview.NONE)
        data["is_active"] = True
        if data.get("has_legal_qualification") is False:
            data.pop("has_legal_qualification")
        return PersonForm(data=data, instance=Person(agency=agency, created_by=user), user=user)

    sheet = Sheet(person_columns(user), make_form, unique_by=["certificate_number"])
    return import_sheet(file, sheet)
