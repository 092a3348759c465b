"""执法文书 of supervision, printed through ``core.documents``: 现场笔录 and 卫生监督意见书 of an
inspection (the 意见书 also of a 责令整改, where its 整改要求 and 整改期限 are), and the 抽查名单
of a drawn sampling plan.

Numbers: the 现场笔录 carries the inspection's ``record_number``, the 意见书 its order's
``number`` or the inspection's ``opinion_number``. A record without one is numbered when first
printed (``core.numbering``) and keeps that number; only a user who may change the record does
so, as the number is written on it. The 抽查名单 is no numbered 文书: it names its plan and draw.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from core.documents import Placeholder, PrintedDocument, register
from core.numbering import DocumentKind
from supervision.models import (
    OPINION,
    RECORD,
    Inspection,
    InspectionResult,
    PlanStatus,
    RectificationOrder,
    SamplingPlan,
)

TEMPLATES = Path(__file__).resolve().parent / "document_templates"

ROSTER_KEY = "supervision.roster"
#: Most tasks one 抽查名单 prints: about 1.7 ms a row to fill, and a Word file of over a hundred
#: pages is no longer a list anyone signs.
ROSTER_MAX_TASKS = 5000

P = Placeholder


def cn_date(day: datetime.date | datetime.datetime | None) -> str:
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


ENTITY = (
    P("agency_name", "执法机构名称", "临江市东湖区卫生健康局", required=True),
    P("entity_name", "被检查单位名称", "临江市东湖区某某酒店有限公司", required=True),
    P("entity_address", "地址", "临江市东湖区人民路1号"),
    P("legal_representative", "法定代表人（负责人）", "王某某"),
    P("uscc", "统一社会信用代码", "91330100MA2XXXXXX1"),
    P("entity_category", "监管类别", "公共场所"),
)
INSPECTORS = P(
    "inspectors",
    "执法人员（逐人）",
    fields=(P("name", "姓名", "张某"), P("certificate_number", "执法证号", "33010012345")),
)
INSPECTION = (
    P("inspected_on", "检查日期", "2026年3月5日"),
    P("place", "检查地点", "临江市东湖区人民路1号"),
    P("inspection_kind", "检查类型", "双随机"),
    INSPECTORS,
    P(
        "inspectors_text",
        "执法人员及执法证号（一段文字）",
        "张某（执法证号33010012345）、李某（执法证号33010012346）",
    ),
    P(
        "findings",
        "检查要点结论（逐项）",
        fields=(
            P("seq", "序号", "1"),
            P("point", "检查要点", "卫生许可证悬挂"),
            P("basis", "法律依据", "《公共场所卫生管理条例》第八条"),
            P("verdict", "结论（符合/不符合）", "不符合"),
            P("note", "情况说明", "未在醒目位置悬挂"),
        ),
    ),
    P("findings_text", "检查情况（文字记录）", "现场检查时该单位正常营业。"),
    P("result", "检查结论", "责令整改"),
)
PROBLEMS = P(
    "problems",
    "发现的问题（不符合的检查要点）",
    fields=(
        P("seq", "序号", "1"),
        P("point", "检查要点", "卫生许可证悬挂"),
        P("basis", "法律依据", "《公共场所卫生管理条例》第八条"),
        P("note", "情况说明", "未在醒目位置悬挂"),
    ),
)
NUMBER = P("number", "文书编号", "临东卫监笔〔2026〕1号", required=True)
OPINION_FIELDS = (
    P("requirements", "整改要求", "立即在醒目位置悬挂卫生许可证。"),
    P("due_on", "整改期限", "2026年3月20日"),
    P("issued_on", "出具日期", "2026年3月5日"),
)


def _may_number(record: Any, user: Any, perm: str) -> bool:
    return (
        user.has_perm(perm) and type(record).objects.editable_by(user).filter(pk=record.pk).exists()
    )


def _number_inspection(insp: Inspection, field: str, kind: DocumentKind, user: Any) -> str:
    """The inspection's number in ``field``, taken now if it has none (and kept)."""
    if value := getattr(insp, field):
        return value
    locked = Inspection.objects.select_for_update().get(pk=insp.pk)
    if value := getattr(locked, field):
        setattr(insp, field, value)
        return value
    if not _may_number(insp, user, "supervision.change_inspection"):
        raise PermissionDenied(
            f"该检查尚无{kind.name}编号：须由{insp.agency.name}的执法人员首次打印，打印时编号。"
        )
    value = kind.number(insp.agency, insp.inspected_on.year)
    setattr(locked, field, value)
    locked.updated_by = user
    locked.save(update_fields=[field, "updated_at", "updated_by"])
    setattr(insp, field, value)
    return value


def _entity(entity: Any, agency: Any) -> dict[str, Any]:
    return {
        "agency_name": agency.name,
        "entity_name": entity.name,
        "entity_address": entity.address,
        "legal_representative": entity.legal_representative,
        "uscc": entity.uscc,
        "entity_category": entity.get_category_display(),
    }


def _people(people) -> tuple[list[dict[str, str]], str]:
    rows = [{"name": p.name, "certificate_number": p.certificate_number or ""} for p in people]
    text = "、".join(
        f"{r['name']}（执法证号{r['certificate_number']}）"
        if r["certificate_number"]
        else r["name"]
        for r in rows
    )
    return rows, text


def _findings(insp: Inspection) -> list[dict[str, str]]:
    items = insp.items.select_related("point").order_by("point__order", "pk")
    return [
        {
            "seq": str(i),
            "point": f.point.text if f.point else "",
            "basis": f.point.basis if f.point else "",
            "verdict": "符合" if f.compliant else "不符合",
            "note": f.note,
        }
        for i, f in enumerate(items, 1)
    ]


def _inspection(insp: Inspection) -> dict[str, Any]:
    inspectors, text = _people(insp.inspectors.order_by("name", "pk"))
    findings = _findings(insp)
    problems = [
        {k: v for k, v in row.items() if k != "verdict"}
        for row in findings
        if row["verdict"] == "不符合"
    ]
    for i, row in enumerate(problems, 1):
        row["seq"] = str(i)
    return {
        **_entity(insp.entity, insp.agency),
        "inspected_on": cn_date(insp.inspected_on),
        "place": insp.entity.address,
        "inspection_kind": insp.get_kind_display(),
        "inspectors": inspectors,
        "inspectors_text": text,
        "findings": findings,
        "findings_text": insp.findings,
        "result": insp.get_result_display(),
        "problems": problems,
    }


def record_context(insp: Inspection, user: Any) -> dict[str, Any]:
    """现场笔录 of an inspection."""
    number = _number_inspection(insp, "record_number", RECORD, user)
    return {**_inspection(insp), "number": number}


def _order_of(insp: Inspection) -> RectificationOrder | None:
    """The 责令整改 whose 意见书 the inspection's is: the one with its number, else the first."""
    orders = insp.rectifications.order_by("issued_on", "pk")
    if insp.opinion_number:
        same = orders.filter(number=insp.opinion_number).first()
        if same is not None:
            return same
    return orders.first()


def _opinion(insp: Inspection, order: RectificationOrder | None, number: str) -> dict[str, Any]:
    ctx = {**_inspection(insp), "number": number}
    if order is not None:
        ctx.update(
            requirements=order.requirements,
            due_on=cn_date(order.due_on),
            issued_on=cn_date(order.issued_on),
        )
    else:
        passed = insp.result == InspectionResult.PASSED
        ctx.update(
            requirements="未发现违反卫生法律法规的行为，请继续做好卫生管理工作。" if passed else "",
            due_on="／" if passed else "",
            issued_on=cn_date(insp.inspected_on),
        )
    return ctx


def opinion_context(record: Inspection | RectificationOrder, user: Any) -> dict[str, Any]:
    """卫生监督意见书 of an inspection (with its order's 整改要求) or of one 责令整改."""
    if isinstance(record, RectificationOrder):
        return _opinion(record.inspection, record, record.number)
    order = _order_of(record)
    if order is not None and order.number:
        return _opinion(record, order, order.number)
    number = _number_inspection(record, "opinion_number", OPINION, user)
    return _opinion(record, order, number)


def roster_context(plan: SamplingPlan, user: Any) -> dict[str, Any]:
    """抽查名单: the drawn entities in draw order with their inspectors."""
    if plan.status == PlanStatus.DRAFT:
        raise ValidationError("该计划尚未抽取，没有抽查名单：请先抽取。")
    count = plan.tasks.count()
    if count > ROSTER_MAX_TASKS:
        raise ValidationError(
            f"本计划抽中{count}户，超过抽查名单可打印的上限（{ROSTER_MAX_TASKS}户）：请在“抽查任务”"
            "列表中按计划筛选查看。"
        )
    tasks = plan.tasks.select_related("entity").prefetch_related("team__members").order_by("seq")
    rows = []
    for task in tasks:
        members = task.team.members.all() if task.team else []
        _, text = _people(sorted(members, key=lambda p: (p.name, p.pk)))
        rows.append(
            {
                "seq": str(task.seq),
                "entity_name": task.entity.name,
                "uscc": task.entity.uscc,
                "address": task.entity.address,
                "legal_representative": task.entity.legal_representative,
                "inspectors_text": text,
            }
        )
    witness = plan.witness.name if plan.witness_id else plan.witness_name
    return {
        "agency_name": plan.agency.name,
        "plan_name": plan.name,
        "plan_year": str(plan.year),
        "source": plan.get_source_display(),
        "partner_department": plan.partner_department,
        "planned_on": cn_date(plan.planned_on),
        "check_ends_on": cn_date(plan.check_ends_on),
        "drawn_at": cn_date(plan.drawn_at),
        "witness": witness,
        "seed": plan.seed,
        "result_digest": plan.result_digest,
        "task_count": str(len(rows)),
        "tasks": rows,
        "file_label": plan.name,
    }


RECORD_DOCUMENT = register(
    PrintedDocument(
        key=RECORD.key,
        title=RECORD.name,
        default_template=TEMPLATES / "record.docx",
        placeholders=(NUMBER, *ENTITY, *INSPECTION),
        context=record_context,
    )
)
OPINION_DOCUMENT = register(
    PrintedDocument(
        key=OPINION.key,
        title=OPINION.name,
        default_template=TEMPLATES / "opinion.docx",
        placeholders=(
            P("number", "文书编号", "临东卫监意〔2026〕1号", required=True),
            *ENTITY,
            *INSPECTION,
            PROBLEMS,
            *OPINION_FIELDS,
        ),
        context=opinion_context,
    )
)
ROSTER_DOCUMENT = register(
    PrintedDocument(
        key=ROSTER_KEY,
        title="双随机抽查名单",
        default_template=TEMPLATES / "roster.docx",
        placeholders=(
            P("agency_name", "执法机构名称", "临江市东湖区卫生健康局", required=True),
            P("plan_name", "抽查计划名称", "2026年度公共场所双随机抽查", required=True),
            P("plan_year", "年度", "2026"),
            P("source", "任务来源", "县级"),
            P("partner_department", "联合抽查部门", ""),
            P("planned_on", "计划检查日期", "2026年4月1日"),
            P("check_ends_on", "检查截止日期", "2026年6月30日"),
            P("drawn_at", "抽取日期", "2026年3月20日"),
            P("witness", "见证人", "赵某"),
            P("seed", "随机种子", "5f1c…"),
            P("result_digest", "结果摘要", "9a0b…"),
            P("task_count", "抽中户数", "2"),
            P(
                "tasks",
                "抽中对象（逐户）",
                fields=(
                    P("seq", "序号", "1"),
                    P("entity_name", "单位名称", "临江市东湖区某某酒店有限公司"),
                    P("uscc", "统一社会信用代码", "91330100MA2XXXXXX1"),
                    P("address", "地址", "临江市东湖区人民路1号"),
                    P("legal_representative", "法定代表人（负责人）", "王某某"),
                    P("inspectors_text", "执法人员及执法证号", "张某（33010012345）"),
                ),
                required=True,
            ),
        ),
        context=roster_context,
    )
)
