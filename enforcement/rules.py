"""Statutory clocks and thresholds of 行政处罚 (RULES §2.3, §3.3, §3.4).

The clocks every app shares (决定 90日, 听证申请 5个工作日, 先行登记保存 7个工作日, 缴款
15日, 双公示 7个工作日, 复议 60日, 诉讼 6个月) are registered in ``core.deadlines``; the ones
only a case has are registered here. Thresholds that local catalogues set (重大, 较大数额,
简易程序) are settings.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings

from core.deadlines import MO, WD, DeadlineRule, register_rule

DECISION_RULE = "penalty.decision"
PRESERVATION_RULE = "penalty.preservation"
HEARING_REQUEST_RULE = "penalty.hearing_request"
PAYMENT_RULE = "penalty.payment"
PUBLICITY_RULE = "publicity.double"
RECONSIDERATION_RULE = "reconsideration.apply"
LITIGATION_RULE = "litigation.apply"

#: 送达: a decision not handed over on the spot is served within 7 working days (第61条, 民诉法).
SERVICE_RULE = "penalty.service"
#: 法制审核: the review's own time limit is local (unconfirmed); 5 working days by default.
LEGAL_REVIEW_RULE = "penalty.legal_review"
#: 申请法院强制执行: within 3 months after the 复议/诉讼 windows close (行政强制法第53条), i.e. 9
#: months after service when no 复议 or 诉讼 was brought.
COURT_RULE = "penalty.court_application"

for _rule in (
    DeadlineRule(
        SERVICE_RULE, "送达处罚决定书", "行政处罚法 第61条；民事诉讼法", "作出处罚决定", 7, WD
    ),
    DeadlineRule(
        LEGAL_REVIEW_RULE,
        "完成法制审核",
        "行政处罚法 第58条（审核时限由地方规定，未确认，默认5个工作日）",
        "送法制审核",
        5,
        WD,
        configurable=True,
    ),
    DeadlineRule(
        COURT_RULE,
        "申请人民法院强制执行",
        "行政强制法 第53条（复议、诉讼期限届满之日起三个月内）",
        "送达处罚决定书",
        9,
        MO,
    ),
):
    register_rule(_rule)

#: 行政处罚法第42条: at least two 执法人员 with a valid 执法证 investigate a case.
MIN_INVESTIGATORS = 2

#: 简易程序 (第51条): 警告, or a fine of at most 200 yuan for a citizen, 3000 for an organisation.
SIMPLE_FINE_LIMITS = {"person": Decimal(200), "org": Decimal(3000)}

#: 行政处罚法第85条: the “日” of its 3/5/7-day periods are working days; 听证 notice ≥ 7 of them.
HEARING_NOTICE_WORKING_DAYS = 7

#: The 重大 thresholds of local catalogues (RULES §2.3: 公民 ≥1万元 / 法人 ≥10万元 in one
#: version); each agency's own values go in settings until they are agency configuration.
MAJOR_AMOUNT_DEFAULT = {"person": Decimal(10_000), "org": Decimal(100_000)}
#: “较大数额” for the 听证 scope (第63条) is regional (unconfirmed values): defaults.
HEARING_AMOUNT_DEFAULT = {"person": Decimal(2_000), "org": Decimal(50_000)}


def _amounts(name: str, default: dict[str, Decimal]) -> dict[str, Decimal]:
    configured = getattr(settings, name, None) or {}
    return {k: Decimal(str(configured.get(k, v))) for k, v in default.items()}


def major_amounts() -> dict[str, Decimal]:
    return _amounts("FAZHI_MAJOR_PENALTY_AMOUNTS", MAJOR_AMOUNT_DEFAULT)


def hearing_amounts() -> dict[str, Decimal]:
    return _amounts("FAZHI_HEARING_PENALTY_AMOUNTS", HEARING_AMOUNT_DEFAULT)


def two_documents_required() -> bool:
    """两书同达 (RULES §3.5): when on, a 决定书 with a 罚款 or heavier is served together with
    the 信用修复告知书. No national text mandates it (unconfirmed): on by default, as seed 001."""
    return bool(getattr(settings, "FAZHI_TWO_DOCUMENTS", True))


def procedure_rule_version(filed_on: datetime.date) -> str:
    from enforcement.models import PROCEDURE_RULES

    for since, key, _title in PROCEDURE_RULES:
        if filed_on >= datetime.date.fromisoformat(since):
            return key
    return PROCEDURE_RULES[-1][1]
