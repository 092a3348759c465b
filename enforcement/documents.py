"""执法文书 of a 行政处罚 case, printed through ``core.documents``: the 行政处罚事先告知书
(行政处罚法第四十四条, 第六十三条) and the 行政处罚决定书 (第五十九条). Their numbers are the
case's own (``notice_number``, ``decision_number``), given by the workflow step that makes them;
a case without the step has no such document to print."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from core.crypto import shown_value
from core.deadlines import deadlines_for
from core.documents import Placeholder, PrintedDocument, register
from enforcement import rules
from enforcement.models import Case, PartyKind, PenaltyKind
from supervision.documents import cn_date

TEMPLATES = Path(__file__).resolve().parent / "document_templates"
NOTICE_KEY = "enforcement.notice"
DECISION_KEY = "enforcement.decision"

P = Placeholder


def money(value) -> str:
    return f"{value:,.2f}元" if value else ""


PARTY = (
    P("agency_name", "行政机关名称", "临江市东湖区卫生健康局", required=True),
    P("party_name", "当事人", "临江市东湖区某某浴室", required=True),
    P("party_code_label", "证件名称", "统一社会信用代码"),
    P("party_code", "证件号码", "91330100MA2XXXXXX1"),
    P("legal_representative", "法定代表人（负责人）", "王某某"),
    P("party_address", "住所（地址）", "临江市东湖区人民路1号"),
)
PENALTY = (
    P("cause", "案由", "未取得公共场所卫生许可证擅自营业案"),
    P("facts", "违法事实", "经查，你单位于2026年3月1日起未取得公共场所卫生许可证擅自营业。"),
    P("violated_basis", "违法条款", "《公共场所卫生管理条例》第八条"),
    P("penalty_basis", "处罚条款", "《公共场所卫生管理条例实施细则》第三十五条"),
    P("discretion", "裁量", "一般"),
    P("penalty_text", "处罚内容", "警告，并处罚款1,500.00元"),
    P("fine", "罚款", "1,500.00元"),
    P("confiscated_income", "没收违法所得", ""),
    P("total", "罚没金额合计", "1,500.00元"),
)


def _party(case: Case, user: Any) -> dict[str, Any]:
    person = case.party_kind == PartyKind.PERSON
    return {
        "agency_name": case.agency.name,
        "party_name": case.party_name,
        "party_code_label": "身份证件号码" if person else "统一社会信用代码",
        "party_code": shown_value(case, "party_id_number", user) if person else case.party_code,
        "legal_representative": case.legal_representative,
        "party_address": case.party_address,
    }


def _penalty(case: Case) -> dict[str, Any]:
    kinds = [PenaltyKind(k).label for k in case.penalty_kinds or ()]
    parts = []
    for kind in kinds:
        if kind == PenaltyKind.FINE.label:
            parts.append(f"罚款{money(case.fine)}")
        elif kind == PenaltyKind.CONFISCATE_INCOME.label:
            parts.append(f"没收违法所得{money(case.confiscated_income)}")
        elif kind == PenaltyKind.CONFISCATE_PROPERTY.label:
            parts.append(f"没收非法财物（作价{money(case.confiscated_property_value)}）")
        else:
            parts.append(kind)
    violation = case.violation
    return {
        "cause": case.cause,
        "facts": case.facts,
        "violated_basis": violation.violated_basis if violation else "",
        "penalty_basis": violation.penalty_basis if violation else "",
        "discretion": case.get_discretion_grade_display(),
        "penalty_text": "，".join(parts),
        "fine": money(case.fine),
        "confiscated_income": money(case.confiscated_income),
        "total": money(case.confiscation_total),
    }


def notice_context(case: Case, user: Any) -> dict[str, Any]:
    if not case.notice_number:
        raise ValidationError("本案尚未事先告知，没有事先告知书可打印。")
    deadline = deadlines_for(case).filter(rule_id=rules.HEARING_REQUEST_RULE).first()
    return {
        **_party(case, user),
        **_penalty(case),
        "number": case.notice_number,
        "notified_on": cn_date(case.notified_on),
        "hearing": "是" if case.hearing_in_scope else "",
        "hearing_due_on": cn_date(deadline.due_on) if deadline else "",
        "file_label": case.notice_number,
    }


def decision_context(case: Case, user: Any) -> dict[str, Any]:
    if not case.decision_number:
        raise ValidationError("本案尚未作出处罚决定，没有行政处罚决定书可打印。")
    return {
        **_party(case, user),
        **_penalty(case),
        "number": case.decision_number,
        "notified_on": cn_date(case.notified_on),
        "decided_on": cn_date(case.decided_on),
        "statement": "当事人放弃陈述、申辩" if case.statement_waived else "",
        "hearing_held_on": cn_date(case.hearing_held_on),
        "file_label": case.decision_number,
    }


NOTICE_DOCUMENT = register(
    PrintedDocument(
        key=NOTICE_KEY,
        title="行政处罚事先告知书",
        default_template=TEMPLATES / "notice.docx",
        placeholders=(
            P("number", "文书编号", "临东卫罚告〔2026〕1号", required=True),
            *PARTY,
            *PENALTY,
            P("notified_on", "告知日期", "2026年3月10日"),
            P("hearing", "属听证范围（“是”或空）", "是"),
            P("hearing_due_on", "申请听证截止日期", "2026年3月17日"),
        ),
        context=notice_context,
    )
)
DECISION_DOCUMENT = register(
    PrintedDocument(
        key=DECISION_KEY,
        title="行政处罚决定书",
        default_template=TEMPLATES / "decision.docx",
        placeholders=(
            P("number", "文书编号", "临东卫罚〔2026〕1号", required=True),
            *PARTY,
            *PENALTY,
            P("notified_on", "告知日期", "2026年3月10日"),
            P("decided_on", "决定日期", "2026年3月20日"),
            P("statement", "陈述申辩情况", "当事人放弃陈述、申辩"),
            P("hearing_held_on", "听证日期", ""),
        ),
        context=decision_context,
    )
)
