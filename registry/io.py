"""Excel import/export of the entity directory (监管对象名录) and the licences held (许可证).

The workbook has two sheets: the first lists the entities (``COLUMNS``), an optional sheet
named “许可证” lists licences (``LICENCE_COLUMNS``), one a row, each naming its entity by
统一社会信用代码: an entity of the first sheet or one the agency has already registered.

Import is all-or-nothing (STYLE §6) through ``core.io.import_workbook``: every entity row goes
through ``EntityForm`` and every licence row through ``LicenceForm`` (so the models' validators and
``clean()`` apply), errors are collected with their sheet, Excel row number and column, and
nothing is written — neither entities nor licences — unless every row of both sheets is valid.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from itertools import batched
from typing import Any

from openpyxl import Workbook

from core.cells import xlsx_row
from core.io import (
    Column,
    ImportResult,
    RowError,
    Sheet,
    Unique,
    choice_parser,
    import_workbook,
    parse_date,
)
from core.models import Agency, Region
from registry.forms import EntityForm, LicenceForm
from registry.models import (
    SUBCATEGORY_CHOICES,
    CreditGrade,
    EntityCategory,
    EntityStatus,
    Licence,
    LicenceKind,
    RiskGrade,
    SupervisedEntity,
    match_key,
    normalise,
)

#: Permissions an import needs, on the page and in the API: it writes entities and licences.
IMPORT_PERMISSIONS = ("registry.add_supervisedentity", "registry.add_licence")

ENTITY_SHEET = "监管对象"
LICENCE_SHEET = "许可证"

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

#: The “许可证” sheet. 单位名称 is optional: when filled it must be the entity's name, which
#: catches a mistyped credit code that happens to name another registered entity.
LICENCE_COLUMNS = [
    ("统一社会信用代码", "entity", None),
    ("单位名称", "entity_name", None),
    ("许可证类型", "kind", LicenceKind.choices),
    ("许可证号", "number", None),
    ("有效期自", "valid_from", None),
    ("有效期至", "valid_until", None),
]
#: 有效期至 left empty means a licence without an end date (长期).
LICENCE_REQUIRED_HEADERS = {"统一社会信用代码", "许可证类型", "许可证号", "有效期自"}


def headers(columns) -> list[str]:
    return [h for h, _, _ in columns]


@dataclass
class DirectoryImportResult(ImportResult):
    """``created`` counts entities; ``licences_created`` the licences.

    ``entity_rows`` counts the rows of the entity sheet and ``registered_rows`` those whose
    credit code is already registered, so the page can say first, in one line, that a file
    (typically an earlier export imported again) holds nothing new.
    """

    licences_created: int = 0
    entity_rows: int = 0
    registered_rows: int = 0

    @property
    def summary(self) -> str:
        """One line before the row-by-row report, or "" when no row is already registered."""
        if not self.registered_rows:
            return ""
        if self.registered_rows == self.entity_rows:
            return f"文件中{self.entity_rows}行均已登记，未导入任何记录。"
        return f"文件中{self.registered_rows}行已登记（共{self.entity_rows}行），未导入任何记录。"


def import_entities(fileobj, agency, user=None) -> DirectoryImportResult:
    """Import entities and their licences from an .xlsx workbook into ``agency``; all or none.

    Both sheets go through ``core.io.import_workbook`` in one transaction; this adds the
    columns, the 片区 names of the agency, the duplicates within a sheet (same credit code, or
    same normalised name + address as an earlier row; same licence type and number), the
    refusal of codes already registered, and the lookup of each licence's entity.
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
    #: credit code → (agency id, name) of the entities already registered with a code of the file
    registered: dict[str, tuple[int, str]] = {}
    #: credit code → the entity of the first sheet: saved, or an unsaved stand-in when its row
    #: is refused, so that licence rows naming it are still checked and every error reported.
    in_sheet: dict[str, SupervisedEntity] = {}
    #: credit code → the agency's registered entity, for the licence rows naming one
    own: dict[str, SupervisedEntity] = {}
    result = DirectoryImportResult()

    def prepare(rows):
        entity_rows, licence_rows = rows
        result.entity_rows = len(entity_rows)
        # Imports into one agency run one after the other, so the second one's duplicate
        # checks see the first one's rows. NO KEY: writes naming the agency go on meanwhile.
        Agency.objects.select_for_update(no_key=True).filter(pk=agency.pk).first()
        codes = {_code(raw.get("统一社会信用代码")) for _, raw in entity_rows}
        registered.update(registered_entities(codes))
        for _, raw in reversed(entity_rows):
            code = _code(raw.get("统一社会信用代码"))
            name = raw.get("单位名称")
            in_sheet[code] = SupervisedEntity(
                agency=agency, uscc=code, name="" if name is None else _text(name)
            )
        wanted = {_code(raw.get("统一社会信用代码")) for _, raw in licence_rows} - in_sheet.keys()
        for chunk in batched(sorted(wanted - {""}), 500):
            for e in SupervisedEntity.objects.filter(agency=agency, uscc__in=chunk):
                own[e.uscc] = e

    def check(number: int, data: dict) -> list[RowError]:
        code = _code(data.get("uscc"))
        if code not in registered:
            return []
        # Said here rather than by the form's uniqueness check, which would call the entity
        # “其他监管对象” even when it is the very one of this row (a re-imported export).
        owner, name = registered[code]
        # Another agency's entity is not named, nor is its agency: “已被登记” only.
        text = (
            f"已登记：本机构的监管对象“{name}”。"
            if owner == agency.pk
            else "统一社会信用代码已被登记。"
        )
        result.registered_rows += 1
        return [RowError(number, "统一社会信用代码", text)]

    def make_form(data, raw):
        return EntityForm(data=data, instance=SupervisedEntity(agency=agency))

    def save(form):
        obj = form.save(commit=False)
        obj.created_by = obj.updated_by = user if getattr(user, "pk", None) else None
        obj.save()
        in_sheet[_code(obj.uscc)] = obj
        return obj

    entities = Sheet(
        columns,
        make_form,
        save=save,
        check=check,
        unique_by=[
            Unique(("uscc",), key=_code, message="与第{row}行重复。"),
            Unique(
                ("name", "address"), key=_match_key, message="与第{row}行同名同地址（疑似重复）。"
            ),
        ],
    )
    outcome = import_workbook(
        fileobj,
        [entities, _licence_sheet(user, in_sheet, own)],
        prepare=prepare,
        conflict_message=RACE_MESSAGE,
    )
    result.errors = outcome.errors
    if outcome.ok:
        result.created, result.licences_created = outcome.created_by_sheet
    return result


def _match_key(name: Any, address: Any) -> str:
    return match_key(str(name or ""), str(address or ""))


def registered_entities(codes) -> dict[str, tuple[int, str]]:
    """Credit code → (agency id, name) of the entities, of any agency, registered with ``codes``."""
    out = {}
    for chunk in batched(sorted(set(codes) - {""}), 500):
        found = SupervisedEntity.objects.filter(uscc__in=chunk)
        for code, owner, name in found.values_list("uscc", "agency_id", "name"):
            out[code] = (owner, name)
    return out


RACE_MESSAGE = (
    "导入期间其他用户登记了本文件中的统一社会信用代码或许可证号，本次未导入任何数据；"
    "请重新导入，逐行检查结果会列出重复的行。"
)


def _code(value: Any) -> str:
    return "" if value is None else str(value).strip().upper()


def _text(value: Any) -> str:
    """A text cell; a number typed into a cell (Excel stores 12345 as 12345.0) without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _licence_sheet(
    user, in_sheet: dict[str, SupervisedEntity], registered: dict[str, SupervisedEntity]
) -> Sheet:
    """The optional “许可证” sheet through ``LicenceForm``, each row's entity found by its code.

    A code names an entity of the first sheet (``in_sheet``) or one already registered by
    the agency (``registered``, looked up before the rows are read); another agency's entity
    is not found, like a code nobody registered.
    """

    def entity(value):
        code = _code(value)
        found = in_sheet.get(code) or registered.get(code)
        if found is None:
            raise ValueError(
                f"未找到统一社会信用代码为“{code}”的监管对象：它既不在“{ENTITY_SHEET}”表中，"
                "也不是本机构已登记的监管对象。"
            )
        return found

    parsers = {
        "entity": entity,
        "entity_name": _text,
        "kind": choice_parser(LicenceKind.choices),
        "number": _text,
        "valid_from": parse_date,
        "valid_until": parse_date,
    }
    columns = [
        Column(header, fname, parse=parsers.get(fname), required=header in LICENCE_REQUIRED_HEADERS)
        for header, fname, _ in LICENCE_COLUMNS
    ]

    def check(number: int, data: dict) -> list[RowError]:
        ent, name = data.get("entity"), data.get("entity_name")
        if ent is not None and name and not ent.name:
            message = (
                f"统一社会信用代码“{ent.uscc}”在“{ENTITY_SHEET}”表中的行未填写单位名称，无法核对。"
            )
            return [RowError(number, "单位名称", message)]
        if ent is not None and name and normalise(name) != normalise(ent.name):
            message = f"与统一社会信用代码“{ent.uscc}”对应的单位“{ent.name}”不一致，请核对代码。"
            return [RowError(number, "单位名称", message)]
        return []

    def make_form(data, raw):
        ent = data["entity"]
        return LicenceForm(data=data, instance=Licence(entity=ent, agency_id=ent.agency_id))

    def save(form):
        obj = form.save(commit=False)
        if obj.entity.pk is None:  # its entity row was refused: the import will write nothing
            return obj
        obj.created_by = obj.updated_by = user if getattr(user, "pk", None) else None
        obj.save()
        return obj

    return Sheet(
        columns,
        make_form,
        title=LICENCE_SHEET,
        save=save,
        check=check,
        unique_by=[
            Unique(
                ("kind", "number"),
                key=lambda kind, number: (kind, number),
                message="与第{row}行的同类许可证号重复。",
                on="number",
            )
        ],
        optional=True,
    )


def licences_of(entities):
    """The licences of the entities of a (scoped, filtered) queryset."""
    return Licence.objects.active().filter(entity__in=entities.order_by().values("pk"))


@dataclass(frozen=True)
class DirectoryExport:
    """An exported workbook and how many entities and licences it holds (for the audit event)."""

    data: bytes
    entities: int
    licences: int


def export_entities(queryset) -> DirectoryExport:
    """The directory as .xlsx in the import layout (round-trips through ``import_entities``):
    the entities, then the “许可证” sheet with the licences they hold."""
    wb = Workbook(write_only=True)
    entity_count = licence_count = 0
    ws = wb.create_sheet(ENTITY_SHEET)
    ws.append(xlsx_row(ws, headers(COLUMNS)))
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
        entity_count += 1
        ws.append(
            xlsx_row(
                ws,
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
                ],
            )
        )
    ws = wb.create_sheet(LICENCE_SHEET)
    ws.append(xlsx_row(ws, headers(LICENCE_COLUMNS)))
    kinds = dict(LicenceKind.choices)
    licences = licences_of(queryset).order_by("entity_id", "kind", "pk")
    fields = ("entity__uscc", "entity__name", "kind", "number", "valid_from", "valid_until")
    for uscc, name, kind, number, valid_from, valid_until in licences.values_list(*fields).iterator(
        chunk_size=2000
    ):
        ws.append(
            xlsx_row(ws, [uscc, name, kinds.get(kind, kind), number, valid_from, valid_until])
        )
        licence_count += 1
    buf = io.BytesIO()
    wb.save(buf)
    return DirectoryExport(buf.getvalue(), entity_count, licence_count)
