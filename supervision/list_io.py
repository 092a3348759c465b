"""Excel import and export of supervision's maintained lists: 抽查事项清单, 回避申报, 检查要点.

Every import goes through ``core.io`` (one transaction, all or nothing, each error naming its
row, column and rule) and the page's own form, so the same rules hold as on the pages. A row
naming a record already on the list updates it (an exported file imports back as it was);
other rows are added. The scope is the pages':

- 抽查事项 and 回避 are written into the user's own agency only; the people and entities a
  回避 names are looked up among those of the agency and the agencies below it (what the page
  offers), so another county's person or entity is “not found”, exactly as a name nobody has.
- 检查要点 are shared data: only the top-level 系统管理员 imports them (``core.shared``); the
  抽查事项 a point names is looked up by name (and agency code where agencies share a name).
"""

from __future__ import annotations

from typing import Any

from core.io import (
    Column,
    ImportResult,
    RowError,
    Sheet,
    Unique,
    choice_parser,
    import_sheet,
    parse_date,
)
from core.models import Person, user_agency
from registry.models import EntityCategory, SupervisedEntity
from supervision.forms import ChecklistPointForm, ConflictForm, InspectionItemForm
from supervision.models import ChecklistPoint, Conflict, InspectionItem, TaskSource


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _code(value: Any) -> str:
    return _text(value).upper()


def _whole_number(label: str):
    def parse(value: Any) -> int:
        text = _text(value)
        try:
            number = float(text)
        except ValueError:
            number = -1.0
        if number < 0 or number != int(number) or number > 32767:
            raise ValueError(f"{label}须为0至32767的整数，实为“{text}”。")
        return int(number)

    return parse


def _stamp(form, user) -> Any:
    """Save a form's record with who created or changed it."""
    obj = form.save(commit=False)
    actor = user if getattr(user, "pk", None) else None
    if obj.pk is None and hasattr(obj, "created_by"):
        obj.created_by = actor
    if hasattr(obj, "updated_by"):
        obj.updated_by = actor
    obj.save()
    form.save_m2m()
    return obj


# --- 抽查事项清单 -------------------------------------------------------------------------------

ITEM_COLUMNS = [
    Column("抽查事项", "name", required=True, parse=_text),
    Column("对象类别", "category", required=True, parse=choice_parser(EntityCategory.choices)),
    Column("抽查依据", "basis", required=True, parse=_text),
    Column("检查方式", "method", parse=_text),
    Column("层级", "level", required=True, parse=choice_parser(TaskSource.choices)),
]

#: Export only: which agency keeps the item (an import writes into the user's own agency).
ITEM_EXPORT_COLUMNS = [
    *ITEM_COLUMNS,
    Column("所属机构", "agency", export=lambda i: i.agency.name),
]


def import_items(file, user) -> ImportResult:
    """抽查事项清单 into the user's own agency: an item of the same name there is updated (its
    category, basis, method, level), any other row adds an item."""
    agency = user_agency(user)
    own = InspectionItem.objects.filter(agency=agency)

    def check(number: int, data: dict) -> list[RowError]:
        if own.filter(name=data["name"]).count() > 1:
            message = (
                f"本机构有多个名为“{data['name']}”的抽查事项，无法确定更新哪一个："
                "请先在页面上修改重名的事项。"
            )
            return [RowError(number, "抽查事项", message)]
        return []

    def make_form(data, raw):
        data["method"] = data.get("method") or "现场检查"
        instance = own.filter(name=data["name"]).first() or InspectionItem(agency=agency)
        return InspectionItemForm(data=data, instance=instance)

    sheet = Sheet(
        ITEM_COLUMNS,
        make_form,
        save=lambda form: _stamp(form, user),
        check=check,
        unique_by=[Unique(("name",), message="与第{row}行的抽查事项同名。")],
    )
    return import_sheet(file, sheet)


# --- 回避申报 ------------------------------------------------------------------------------------

CONFLICT_COLUMNS = [
    Column("执法人员", "person_name", required=True, parse=_text),
    Column("执法证号", "certificate_number", parse=_code),
    Column("监管对象名称", "entity_name", parse=_text),
    Column("统一社会信用代码", "entity", required=True, parse=_code),
    Column("回避事由", "reason", required=True, parse=_text),
]


def _conflict_export_columns() -> list[Column]:
    values = {
        "person_name": lambda c: c.person.name,
        "certificate_number": lambda c: c.person.certificate_number,
        "entity_name": lambda c: c.entity.name,
        "entity": lambda c: c.entity.uscc,
    }
    return [Column(c.header, c.field, export=values.get(c.field)) for c in CONFLICT_COLUMNS] + [
        Column("所属机构", "agency", export=lambda c: c.agency.name)
    ]


CONFLICT_EXPORT_COLUMNS = _conflict_export_columns()


def import_conflicts(file, user) -> ImportResult:
    """回避申报 into the user's own agency. The person is found by 执法证号 (or, without one, by
    name) and the entity by 统一社会信用代码, both among those of the agency and below; a
    declaration already made by the agency for the pair gets the row's 回避事由."""
    agency = user_agency(user)
    people = Person.objects.in_scope(agency).exclude(certificate_number="")
    entities = SupervisedEntity.objects.in_scope(agency)
    #: (name, certificate) → the person found for it by ``check``
    found: dict[tuple[str, str], Person] = {}

    def person_errors(number: int, name: str, certificate: str) -> list[RowError]:
        if certificate:
            person = people.filter(certificate_number=certificate).first()
            if person is None:
                message = (
                    f"未找到执法证号为“{certificate}”的执法人员"
                    "（须为本机构或下级机构持有执法证的人员）。"
                )
                return [RowError(number, "执法证号", message)]
            if person.name != name:
                message = f"与执法证号“{certificate}”对应的执法人员“{person.name}”不一致，请核对。"
                return [RowError(number, "执法人员", message)]
        else:
            matches = list(people.filter(name=name)[:2])
            if not matches:
                message = f"未找到名为“{name}”的执法人员（须为本机构或下级机构持有执法证的人员）。"
                return [RowError(number, "执法人员", message)]
            if len(matches) > 1:
                message = f"有多名执法人员名为“{name}”：请填写执法证号以区分。"
                return [RowError(number, "执法证号", message)]
            person = matches[0]
        found[(name, certificate)] = person
        return []

    def check(number: int, data: dict) -> list[RowError]:
        errors = person_errors(number, data["person_name"], data.get("certificate_number", ""))
        unit = entities.filter(uscc=data["entity"]).first()
        if unit is None:
            message = (
                f"未找到统一社会信用代码为“{data['entity']}”的监管对象"
                "（须为本机构或下级机构的监管对象）。"
            )
            errors.append(RowError(number, "统一社会信用代码", message))
        elif data.get("entity_name") and data["entity_name"] != unit.name:
            message = f"与统一社会信用代码“{unit.uscc}”对应的单位“{unit.name}”不一致，请核对代码。"
            errors.append(RowError(number, "监管对象名称", message))
        return errors

    def make_form(data, raw):
        person = found[(data["person_name"], data.get("certificate_number", ""))]
        data["person"] = person.pk
        instance = (
            Conflict.objects.filter(agency=agency, person=person, entity__uscc=data["entity"])
            .select_related("agency")
            .first()
        ) or Conflict(agency=agency)
        return ConflictForm(data=data, instance=instance)

    sheet = Sheet(
        CONFLICT_COLUMNS,
        make_form,
        save=lambda form: _stamp(form, user),
        check=check,
        unique_by=[
            Unique(
                ("person_name", "certificate_number", "entity"),
                message="与第{row}行重复（同一执法人员对同一监管对象）。",
            )
        ],
    )
    return import_sheet(file, sheet)


# --- 检查要点 (shared data) ---------------------------------------------------------------------

POINT_COLUMNS = [
    Column("监管类别", "category", required=True, parse=choice_parser(EntityCategory.choices)),
    Column("抽查事项", "item_name", parse=_text, export=lambda p: p.item.name if p.item else ""),
    Column(
        "事项所属机构代码",
        "item_agency",
        parse=_text,
        export=lambda p: p.item.agency.code if p.item else "",
    ),
    Column("序号", "order", parse=_whole_number("序号")),
    Column("检查要点", "text", required=True, parse=_text),
    Column("法律依据", "basis", required=True, parse=_text),
    Column("停用日期", "retired_on", parse=parse_date),
    Column("停用原因", "retired_reason", parse=_text),
]


def import_points(file, user) -> ImportResult:
    """检查要点 (shared data; the caller has checked ``core.shared``): a point of the same
    监管类别, 抽查事项 and text is updated (序号, 依据, 停用), any other row adds a point. The
    抽查事项 is found by name and category among every agency's items, by agency code too
    where several agencies keep an item of that name."""
    #: (item name, agency code, category) → the item found by ``check``
    items: dict[tuple[str, str, str], InspectionItem | None] = {}

    def check(number: int, data: dict) -> list[RowError]:
        name, code = data.get("item_name", ""), data.get("item_agency", "")
        key = (name, code, data["category"])
        if not name:
            if code:
                message = "填写了事项所属机构代码，须同时填写抽查事项。"
                return [RowError(number, "抽查事项", message)]
            items[key] = None
            return []
        qs = InspectionItem.objects.filter(name=name, category=data["category"])
        if code:
            qs = qs.filter(agency__code=code)
        matches = list(qs.select_related("agency")[:2])
        category = EntityCategory(data["category"]).label
        if not matches:
            where = f"机构代码“{code}”的" if code else ""
            message = f"未找到{where}对象类别为{category}的抽查事项“{name}”。"
            return [RowError(number, "抽查事项", message)]
        if len(matches) > 1:
            message = f"抽查事项“{name}”在多个机构中同名：请填写事项所属机构代码以区分。"
            return [RowError(number, "事项所属机构代码", message)]
        items[key] = matches[0]
        return []

    def make_form(data, raw):
        item = items[(data.get("item_name", ""), data.get("item_agency", ""), data["category"])]
        data["item"] = item.pk if item else ""
        if data.get("order") in (None, ""):
            data["order"] = 0
        instance = (
            ChecklistPoint.objects.filter(
                category=data["category"], item=item, text=data["text"]
            ).first()
            or ChecklistPoint()
        )
        return ChecklistPointForm(data=data, instance=instance)

    sheet = Sheet(
        POINT_COLUMNS,
        make_form,
        check=check,
        unique_by=[
            Unique(
                ("category", "item_name", "item_agency", "text"),
                message="与第{row}行重复（监管类别、抽查事项和检查要点相同）。",
                on="text",
            )
        ],
    )
    return import_sheet(file, sheet)
