"""年度报告审批流程 (RULES §1.3).

    DRAFT ─提交审核─▶ LEGAL_REVIEW ─审核通过─▶ SECRECY_REVIEW ─保密审查通过─▶ PARTY_REVIEW
      ▲                   │                        │                          │ 审议通过
      └──────退回修改──────┴────────────────────────┴──────────────────────────┤
                                                                              ▼
                       PUBLISHED ◀─公开─ SUBMITTED ◀─报送─ APPROVED ─公开─▶ PUBLISHED ─▶ ARCHIVED

A report is 公开 only once approved (RULES §1.3), and never before its year has ended. 报送 and
公开 complete the ``annual_report.submit`` (03-01) and ``annual_report.publish`` (04-01) deadlines
started when the report was created. Every step keeps a version of the text.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import record
from core.deadlines import complete_deadline, deadlines_for
from core.models import Role
from core.models.deadlines import DeadlineStatus
from reports import services
from reports.models import AnnualReport, MeetingType, ReportStatus, Submission, SubmissionKind

S = ReportStatus
DRAFTERS = (Role.ADMIN, Role.LEGAL_OFFICE, Role.LEADER)
REVIEWERS = (Role.ADMIN, Role.LEGAL_OFFICE, Role.LEGAL_REVIEWER)
DECIDERS = (Role.ADMIN, Role.LEADER)


@dataclass(frozen=True)
class Rule:
    roles: tuple[str, ...]
    label: str
    guards: tuple[Callable[[AnnualReport, dict], str | None], ...] = field(default_factory=tuple)


def _after_year(report: AnnualReport, day: datetime.date | None, what: str) -> str | None:
    if day is None:
        return f"须填写{what}。"
    if day <= report.period_end:
        return f"{what}须在报告年度（{report.year}年）结束之后。"
    if day > timezone.localdate():
        return f"{what}不能晚于今天。"
    return None


def required_text_written(report: AnnualReport, data: dict) -> str | None:
    missing = [f.message for f in services.assembly(report).flags if f.level == "required"]
    if missing:
        return "尚有必填段落未填写：" + "；".join(missing)
    return None


def has_comment(report: AnnualReport, data: dict) -> str | None:
    if not (data.get("comment") or "").strip():
        return "退回修改须写明意见。"
    return None


def meeting_recorded(report: AnnualReport, data: dict) -> str | None:
    problems = []
    if data.get("meeting_type") not in MeetingType.values:
        problems.append("须选择审议会议类型")
    if msg := _after_year(report, data.get("meeting_on"), "审议日期"):
        problems.append(msg.rstrip("。"))
    if not (data.get("minutes_number") or "").strip():
        problems.append("须填写会议纪要编号")
    if not (data.get("attendees") or "").strip():
        problems.append("须填写参会人员")
    return "；".join(problems) + "。" if problems else None


def recipients_given(report: AnnualReport, data: dict) -> str | None:
    rows = data.get("recipients") or []
    if not any(r[1] == SubmissionKind.SUBMIT for r in rows):
        return "须至少填写一个报送单位（本级党委和政府、上一级主管部门）。"
    for name, _kind, day in rows:
        if not name.strip():
            return "报送单位名称不能为空。"
        if msg := _after_year(report, day, f"报送{name}的日期"):
            return msg
    return None


def publication_given(report: AnnualReport, data: dict) -> str | None:
    if msg := _after_year(report, data.get("published_on"), "公开日期"):
        return msg
    if not (data.get("published_url") or "").strip():
        return "须填写公开的网址。"
    return None


TRANSITIONS: dict[tuple[str, str], Rule] = {
    (S.DRAFT, S.LEGAL_REVIEW): Rule(DRAFTERS, "提交审核", (required_text_written,)),
    (S.LEGAL_REVIEW, S.SECRECY_REVIEW): Rule(REVIEWERS, "法规科审核通过"),
    (S.LEGAL_REVIEW, S.DRAFT): Rule(REVIEWERS, "退回修改", (has_comment,)),
    (S.SECRECY_REVIEW, S.PARTY_REVIEW): Rule(REVIEWERS + DECIDERS, "保密审查通过，提请审议"),
    (S.SECRECY_REVIEW, S.DRAFT): Rule(REVIEWERS + DECIDERS, "退回修改", (has_comment,)),
    (S.PARTY_REVIEW, S.APPROVED): Rule(DECIDERS, "审议通过", (meeting_recorded,)),
    (S.PARTY_REVIEW, S.DRAFT): Rule(DECIDERS, "退回修改", (has_comment,)),
    (S.APPROVED, S.SUBMITTED): Rule(DRAFTERS, "报送", (recipients_given,)),
    (S.APPROVED, S.PUBLISHED): Rule(DRAFTERS, "向社会公开", (publication_given,)),
    (S.SUBMITTED, S.PUBLISHED): Rule(DRAFTERS, "向社会公开", (publication_given,)),
    (S.PUBLISHED, S.ARCHIVED): Rule(DRAFTERS, "归档"),
}


def allowed(report: AnnualReport, user: Any) -> list[tuple[str, Rule]]:
    """Steps the user may try from the report's current state (for the buttons)."""
    role = getattr(user, "role", None)
    return [
        (to, r) for (frm, to), r in TRANSITIONS.items() if frm == report.status and role in r.roles
    ]


def _complete(report: AnnualReport, rule_id: str, on: datetime.date, actor: Any) -> None:
    for d in deadlines_for(report).filter(rule_id=rule_id, status=DeadlineStatus.OPEN):
        complete_deadline(d, on, actor=actor)


def transition(report: AnnualReport, to: str, *, actor: Any, **data: Any) -> AnnualReport:
    """Move ``report`` to ``to``: check the pair and role, run guards, stamp, version, audit."""
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        rule = TRANSITIONS.get((report.status, to))
        if rule is None:
            raise ValidationError(f"不允许从“{S(report.status).label}”变更为“{S(to).label}”。")
        if getattr(actor, "role", None) not in rule.roles:
            raise PermissionDenied("您的角色无权执行该操作。")
        problems = [msg for guard in rule.guards if (msg := guard(report, data))]
        if problems:
            raise ValidationError(problems)
        frm = report.status
        if to == S.APPROVED:
            report.meeting_type = data["meeting_type"]
            report.meeting_on = data["meeting_on"]
            report.minutes_number = data["minutes_number"].strip()
            report.attendees = data["attendees"].strip()
            report.approved_on = data["meeting_on"]
        elif to == S.SUBMITTED:
            for name, kind, day in data["recipients"]:
                Submission.objects.create(
                    agency=report.agency,
                    report=report,
                    recipient=name.strip(),
                    kind=kind,
                    submitted_on=day,
                    created_by=actor,
                )
            first = min(day for _, kind, day in data["recipients"] if kind == SubmissionKind.SUBMIT)
            _complete(report, "annual_report.submit", first, actor)
        elif to == S.PUBLISHED:
            report.published_on = data["published_on"]
            report.published_url = data["published_url"].strip()
            _complete(report, "annual_report.publish", report.published_on, actor)
        report.status = to
        report.updated_by = actor if getattr(actor, "pk", None) else None
        report.save()
        comment = (data.get("comment") or "").strip()
        record("transition", report, actor=actor, data={"from": frm, "to": to, "comment": comment})
        services.snapshot(
            report, f"{rule.label}" + (f"：{comment}" if comment else ""), actor=actor
        )
    return report
