"""行政处罚案件的办理步骤 (RULES §3.2): the only writer of ``Case.status``.

    线索 ──立案(负责人批准)──▶ 立案调查 ──调查终结──▶ 调查终结 ──┬─▶ 不予处罚 ──▶ 结案
      └──不予立案                  ▲                             ├─▶ 移送司法 ──▶ 结案
                                   │退回补充调查                  └─▶ 事先告知 ─┬─▶ 听证 ─┐
                                   │                                           └─────────┴▶ 法制审核
    法制审核(重大) ─通过─▶ 集体讨论(重大) ─▶ 决定 ─▶ 送达 ─▶ 执行(缴款/强制执行) ─▶ 结案 ─▶ 归档
    简易程序：当场作出决定并送达（警告，或罚款公民≤200元、组织≤3000元）。

``TRANSITIONS`` names, for each step, the states it leaves and enters and who may take it; each
step function checks its preconditions and refuses with the missing step named. Every step locks
the case row and compares its state with the one the caller saw: of two people moving one case
at once, the second is told and nothing of theirs is written. Clocks start and stop here
(``core.deadlines``), never in a view.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum

from core.deadlines import complete_open, deadlines_for, start_deadline
from core.models import Person, Role
from core.validators import NotInFuture, local_today
from enforcement import rules
from enforcement.models import (
    CASE_NUMBER,
    DECISION_NUMBER,
    HEARING_KINDS,
    MAJOR_KINDS,
    NOTICE_NUMBER,
    Case,
    CaseInvestigator,
    CaseStatus,
    CloseKind,
    CollectiveDiscussion,
    DiscretionGrade,
    LegalReview,
    NoPenaltyReason,
    PartyKind,
    Payment,
    PenaltyKind,
    ReviewOutcome,
    ServiceMethod,
)

S = CaseStatus
HANDLERS = (Role.INSPECTOR, Role.LEGAL_OFFICE, Role.ADMIN)
LEADERS = (Role.LEADER,)
REVIEWERS = (Role.LEGAL_REVIEWER,)


@dataclass(frozen=True)
class Step:
    label: str
    sources: tuple[str, ...]
    roles: tuple[str, ...]


#: step → (where it may start, who may take it). ``allowed_steps`` reads it for the buttons.
TRANSITIONS: dict[str, Step] = {
    "file": Step("批准立案", (S.CLUE,), LEADERS),
    "decline": Step("不予立案", (S.CLUE,), LEADERS),
    "preserve": Step("先行登记保存", (S.INVESTIGATING,), HANDLERS),
    "close_investigation": Step("调查终结", (S.INVESTIGATING,), HANDLERS),
    "no_penalty": Step("不予处罚", (S.INVESTIGATED,), LEADERS),
    "refer": Step("移送司法机关", (S.INVESTIGATED,), LEADERS),
    "notify": Step("事先告知", (S.INVESTIGATED,), HANDLERS),
    "statement": Step("听取陈述申辩", (S.NOTIFIED,), HANDLERS),
    "request_hearing": Step("申请听证", (S.NOTIFIED,), HANDLERS),
    "hold_hearing": Step("举行听证", (S.HEARING,), HANDLERS),
    "submit_review": Step("送法制审核", (S.NOTIFIED, S.HEARING), HANDLERS),
    "review": Step("法制审核", (S.LEGAL_REVIEW,), REVIEWERS),
    "discuss": Step("集体讨论", (S.NOTIFIED, S.HEARING, S.LEGAL_REVIEW), LEADERS + HANDLERS),
    "decide": Step("作出处罚决定", (S.NOTIFIED, S.HEARING, S.LEGAL_REVIEW, S.DISCUSSION), LEADERS),
    "serve": Step("送达", (S.DECIDED,), HANDLERS),
    "publicize": Step("公示", (S.DECIDED, S.SERVED, S.EXECUTING, S.CLOSED), HANDLERS),
    "pay": Step("登记缴款", (S.EXECUTING,), HANDLERS),
    "apply_court": Step("申请法院强制执行", (S.EXECUTING,), HANDLERS),
    "close": Step("结案", (S.SERVED, S.EXECUTING, S.NO_PENALTY, S.REFERRED), HANDLERS + LEADERS),
    "archive": Step("归档", (S.CLOSED,), HANDLERS),
}


def allowed_steps(case: Case, user: Any) -> list[str]:
    """The steps ``user`` may try on ``case`` now (for the buttons): an inspector only on the
    cases they investigate."""
    role = getattr(user, "role", None)
    if role == Role.INSPECTOR and not case.team.filter(person_id=user.person_id or 0).exists():
        return []
    return [k for k, s in TRANSITIONS.items() if case.status in s.sources and role in s.roles]


class _Move:
    """Lock the case, check the step may start here and the actor may take it."""

    def __init__(self, case: Case, step: str, actor: Any) -> None:
        self.case, self.step, self.actor = case, TRANSITIONS[step], actor
        self.name = step

    def __enter__(self) -> Case:
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        try:
            return self._check()
        except BaseException as raised:
            self._atomic.__exit__(type(raised), raised, raised.__traceback__)
            raise

    def _check(self) -> Case:
        case = self.case
        if case.pk is not None:
            now = Case.objects.select_for_update().only("status").get(pk=case.pk).status
            if now != case.status:
                raise ValidationError(
                    f"该案件已由他人变更为“{CaseStatus(now).label}”，请刷新页面后再操作。"
                )
        if case.status not in self.step.sources:
            where = "、".join(CaseStatus(s).label for s in self.step.sources)
            raise ValidationError(
                f"案件处于“{case.get_status_display()}”，不能{self.step.label}：须在“{where}”时办理。"
            )
        if getattr(self.actor, "role", None) not in self.step.roles:
            who = "、".join(Role(r).label for r in self.step.roles)
            raise PermissionDenied(f"{self.step.label}须由{who}办理。")
        if (
            self.actor.role == Role.INSPECTOR
            and case.pk is not None
            and not case.team.filter(person_id=self.actor.person_id or 0).exists()
        ):
            raise PermissionDenied(f"{self.step.label}须由本案承办人员办理：您不是本案的承办人员。")
        self.before = case.status
        return case

    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            if exc_type is None:
                case = self.case
                if errors := case.date_errors():
                    raise ValidationError(errors)
                case.updated_by = self.actor if getattr(self.actor, "pk", None) else None
                case.save()
                from core.audit import record

                record(
                    "transition",
                    case,
                    actor=self.actor,
                    data={"step": self.name, "from": self.before, "to": case.status},
                )
        except BaseException as raised:
            self._atomic.__exit__(type(raised), raised, raised.__traceback__)
            raise
        return self._atomic.__exit__(exc_type, exc, tb)


def _refuse(field: str, message: str) -> None:
    raise ValidationError({field: message})


def _day(on: datetime.date | None, label: str = "办理日期") -> datetime.date:
    """The day a step is taken: today when not given; never a day that has not come."""
    day = on or local_today()
    try:
        NotInFuture(label)(day)
    except ValidationError as exc:
        raise ValidationError({"on": exc.messages}) from None
    return day


# --- 线索、立案 ---------------------------------------------------------------------------------


def investigator_problems(case: Case, on: datetime.date) -> list[str]:
    """行政处罚法第42、43条: ≥2 承办人员 holding a valid 执法证 on ``on``, each having declared
    no conflict of interest (回避); empty when the team may act."""
    team = list(case.team.select_related("person"))
    if len(team) < rules.MIN_INVESTIGATORS:
        return [
            f"案件须由至少{rules.MIN_INVESTIGATORS}名执法人员调查（行政处罚法第四十二条），现有{len(team)}名。"
        ]
    problems = []
    valid = set(
        Person.objects.certified_on(on)
        .filter(pk__in=[m.person_id for m in team])
        .values_list("pk", flat=True)
    )
    if uncertified := [m.person.name for m in team if m.person_id not in valid]:
        problems.append(
            f"{'、'.join(uncertified)}在{on:%Y-%m-%d}无有效执法证，不能承办案件（行政处罚法第四十二条）。"
        )
    if undeclared := [m.person.name for m in team if m.no_conflict_declared_on is None]:
        problems.append(f"{'、'.join(undeclared)}尚未作回避声明（行政处罚法第四十三条）。")
    return problems


def set_team(
    case: Case, members: Iterable[tuple[Person, bool, datetime.date | None]], *, actor: Any
) -> None:
    """承办人员: (person, 主办, 回避声明日期) for each; replaces the team. People of the case's
    agency or below only; the one who approves filing or decides is not an investigator."""
    members = list(members)
    people = [p for p, _lead, _d in members]
    inside = set(
        Person.objects.in_scope(case.agency)
        .filter(pk__in=[p.pk for p in people])
        .values_list("pk", flat=True)
    )
    if any(p.pk not in inside for p in people):
        _refuse("investigators", "承办人员须为本机构或下级机构的人员。")
    if len({p.pk for p in people}) != len(people):
        _refuse("investigators", "同一人员不能重复列为承办人员。")
    if sum(1 for _p, lead, _d in members if lead) > 1:
        _refuse("investigators", "主办人只能有一名。")
    with transaction.atomic():
        case.team.all().delete()
        CaseInvestigator.objects.bulk_create(
            CaseInvestigator(case=case, person=p, lead=lead, no_conflict_declared_on=d)
            for p, lead, d in members
        )
        from core.audit import record

        record("change", case, actor=actor, data={"investigators": [p.pk for p in people]})


def file_case(case: Case, *, actor: Any, on: datetime.date | None = None) -> Case:
    """立案: approved by the 负责人 (the actor, a person), numbered, its 90-day clock started."""
    on = _day(on)
    with _Move(case, "file", actor) as case:
        if not actor.person_id:
            _refuse("filing_approved_by", "批准立案须由关联了人员的负责人账号办理。")
        if case.team.filter(person_id=actor.person_id).exists():
            _refuse("filing_approved_by", "批准立案的负责人不能同时是本案承办人员。")
        if problems := investigator_problems(case, on):
            raise ValidationError({"investigators": problems})
        case.filed_on = on
        case.filing_approved_by_id = actor.person_id
        case.procedure_rule_version = rules.procedure_rule_version(on)
        case.number = case.number or CASE_NUMBER.number(case.agency, on.year)
        case.status = S.INVESTIGATING
    start_deadline(case, rules.DECISION_RULE, on, title=f"{case.number}：作出处罚决定", actor=actor)
    return case


def decline_filing(case: Case, *, actor: Any, reason: str) -> Case:
    """不予立案, with the reason (the audit chain dates it)."""
    with _Move(case, "decline", actor) as case:
        if not (reason or "").strip():
            _refuse("not_filed_reason", "不予立案须说明理由。")
        case.not_filed_reason = reason.strip()
        case.status = S.NOT_FILED
    return case


# --- 调查 --------------------------------------------------------------------------------------


def preserve_evidence(case: Case, *, actor: Any, on: datetime.date | None = None) -> Case:
    """先行登记保存: a decision on the preserved evidence is due within 7 working days."""
    on = _day(on)
    with _Move(case, "preserve", actor) as case:
        if case.evidence_preserved_on:
            _refuse("evidence_preserved_on", "本案已登记先行登记保存。")
        case.evidence_preserved_on = on
    start_deadline(
        case,
        rules.PRESERVATION_RULE,
        on,
        title=f"{case.number}：先行登记保存后作出处理决定",
        actor=actor,
    )
    return case


def close_investigation(
    case: Case, *, actor: Any, facts: str, report: str, on: datetime.date | None = None
) -> Case:
    on = _day(on)
    with _Move(case, "close_investigation", actor) as case:
        errors = {}
        if not (facts or "").strip():
            errors["facts"] = "调查终结须写明违法事实（或查明的事实）。"
        if not (report or "").strip():
            errors["investigation_report"] = "调查终结须有调查终结报告。"
        if problems := investigator_problems(case, on):
            errors["investigators"] = problems
        if errors:
            raise ValidationError(errors)
        case.facts, case.investigation_report = facts.strip(), report.strip()
        case.investigation_closed_on = on
        case.status = S.INVESTIGATED
    complete_open(case, rules.PRESERVATION_RULE, on, actor=actor)
    return case


def decide_no_penalty(
    case: Case, *, actor: Any, reason: str, list_item: str = "", on: datetime.date | None = None
) -> Case:
    """不予处罚 (第33条): 首违不罚 and 轻微不罚 name the item of the province's list."""
    on = _day(on)
    with _Move(case, "no_penalty", actor) as case:
        if reason not in NoPenaltyReason.values:
            _refuse("no_penalty_reason", "须选择不予处罚的理由。")
        if reason in (NoPenaltyReason.FIRST, NoPenaltyReason.MINOR) and not list_item.strip():
            _refuse("no_penalty_list_item", "首违不罚、轻微不罚须写明适用的不予处罚清单事项。")
        case.no_penalty_reason, case.no_penalty_list_item = reason, list_item.strip()
        case.decided_on, case.decided_by_id = on, actor.person_id
        case.status = S.NO_PENALTY
    complete_open(case, rules.DECISION_RULE, on, actor=actor)
    return case


def refer(case: Case, *, actor: Any, to: str, on: datetime.date | None = None) -> Case:
    """移送司法机关 (行刑衔接)."""
    on = _day(on)
    with _Move(case, "refer", actor) as case:
        if not (to or "").strip():
            _refuse("referred_to", "须写明接收移送的司法机关。")
        case.referred_to, case.referred_on = to.strip(), on
        case.status = S.REFERRED
    complete_open(case, rules.DECISION_RULE, on, actor=actor)
    return case


# --- 拟处罚、告知、听证 -------------------------------------------------------------------------


def _party(case: Case) -> str:
    return "person" if case.party_kind == PartyKind.PERSON else "org"


def penalty_problems(case: Case) -> dict[str, str]:
    """The proposed penalty against its 违法行为 and 裁量基准: kinds of the catalogue, the fine
    within the chosen level's range or a reason recorded (then the decision is 重大)."""
    errors: dict[str, str] = {}
    kinds = list(case.penalty_kinds or ())
    if not kinds:
        errors["penalty_kinds"] = "须选择拟作出的处罚种类。"
    if case.violation_id is None:
        errors["violation"] = "须选择违法行为（违法条款、处罚条款和裁量基准）。"
        return errors
    if case.violation.retired_on and case.violation.retired_on <= local_today():
        errors["violation"] = f"违法行为“{case.violation.name}”已停用，请选择现行条目。"
    allowed = set(case.violation.penalty_kinds or ())
    if allowed and (extra := [PenaltyKind(k).label for k in kinds if k not in allowed]):
        errors["penalty_kinds"] = (
            f"{case.violation.penalty_basis}未规定的处罚种类：{'、'.join(extra)}。"
        )
    if PenaltyKind.FINE in kinds and case.fine <= 0:
        errors["fine"] = "处罚种类含罚款时须填写罚款金额。"
    if case.fine > 0 and PenaltyKind.FINE not in kinds:
        errors["penalty_kinds"] = "填写了罚款金额，处罚种类须含罚款。"
    if case.confiscated_income > 0 and PenaltyKind.CONFISCATE_INCOME not in kinds:
        errors["penalty_kinds"] = "填写了没收违法所得金额，处罚种类须含没收违法所得。"
    if not case.discretion_grade:
        errors["discretion_grade"] = "须选择裁量档次（裁量基准）。"
    elif case.fine > 0 and (level := case.violation.level(case.discretion_grade)):
        if _outside(level, case.fine) and not case.outside_range_reason.strip():
            errors["outside_range_reason"] = (
                f"罚款{case.fine:,.2f}元超出“{level.get_grade_display()}”档{level.range_text()}："
                "须写明从轻、减轻或从重的事实和理由（将作为重大执法决定法制审核）。"
            )
    return errors


def outside_range(case: Case) -> bool:
    if not (case.violation_id and case.discretion_grade and case.fine > 0):
        return False
    level = case.violation.level(case.discretion_grade)
    return level is not None and _outside(level, case.fine)


def _outside(level, fine: Decimal) -> bool:
    """A fine outside the level's range; any fine where the level sets none (警告 only)."""
    low, high = level.fine_min, level.fine_max
    if low is None and high is None:
        return fine > 0
    return (low is not None and fine < low) or (high is not None and fine > high)


def major_reasons(case: Case, *, complex_case: bool = False) -> list[str]:
    """重大执法决定 (行政处罚法第58条 and the local catalogue, RULES §2.3): why this one is."""
    reasons = []
    party = _party(case)
    limit = rules.major_amounts()[party]
    money = case.fine + case.confiscated_income + case.confiscated_property_value
    if money >= limit:
        who = "公民" if party == "person" else "法人或其他组织"
        reasons.append(f"对{who}罚没金额{money:,.2f}元，达到重大标准{limit:,.0f}元")
    if kinds := [PenaltyKind(k).label for k in case.penalty_kinds or () if k in MAJOR_KINDS]:
        reasons.append(f"处罚种类含{'、'.join(kinds)}")
    if case.hearing_requested_on:
        reasons.append("经过听证")
    if outside_range(case):
        reasons.append("罚款超出裁量基准幅度")
    if complex_case:
        reasons.append("案情复杂或涉及多个法律关系")
    return reasons


def in_hearing_scope(case: Case) -> bool:
    """听证 scope (第63条): 较大数额 fines or confiscations, and the heavier kinds."""
    if any(k in HEARING_KINDS for k in case.penalty_kinds or ()):
        return True
    money = case.fine + case.confiscated_income + case.confiscated_property_value
    return money >= rules.hearing_amounts()[_party(case)]


def notify(
    case: Case, *, actor: Any, on: datetime.date | None = None, complex_case: bool = False
) -> Case:
    """事先告知 (第44条): the proposed penalty (set on the case before this step) with its facts,
    basis and the party's rights; 听证 rights when in scope. Numbered 事先告知书."""
    on = _day(on)
    with _Move(case, "notify", actor) as case:
        if errors := penalty_problems(case):
            raise ValidationError(errors)
        case.hearing_in_scope = in_hearing_scope(case)
        case.major_reasons = major_reasons(case, complex_case=complex_case)
        case.is_major = bool(case.major_reasons)
        case.notified_on = on
        case.notice_number = case.notice_number or NOTICE_NUMBER.number(case.agency, on.year)
        case.status = S.NOTIFIED
    if case.hearing_in_scope:
        start_deadline(
            case,
            rules.HEARING_REQUEST_RULE,
            on,
            title=f"{case.number}：当事人申请听证期限",
            actor=actor,
        )
    return case


def record_statement(
    case: Case, *, actor: Any, on: datetime.date | None = None, waived: bool = False
) -> Case:
    """陈述申辩 heard (or expressly waived): a decision may follow (第62条)."""
    on = _day(on)
    with _Move(case, "statement", actor) as case:
        case.statement_on, case.statement_waived = on, waived
    return case


def request_hearing(case: Case, *, actor: Any, on: datetime.date | None = None) -> Case:
    on = _day(on)
    with _Move(case, "request_hearing", actor) as case:
        if not case.hearing_in_scope:
            _refuse("hearing_requested_on", "拟作出的处罚不属于听证范围（行政处罚法第六十三条）。")
        deadline = deadlines_for(case).filter(rule_id=rules.HEARING_REQUEST_RULE).first()
        if deadline and on > deadline.due_on:
            _refuse(
                "hearing_requested_on",
                f"当事人应在告知后5个工作日内（{deadline.due_on:%Y-%m-%d}前）提出听证申请（行政处罚法第六十四条）。",
            )
        case.hearing_requested_on = on
        case.major_reasons = [*case.major_reasons, "经过听证"]
        case.is_major = True
        case.status = S.HEARING
    complete_open(case, rules.HEARING_REQUEST_RULE, on, actor=actor)
    return case


def hold_hearing(
    case: Case, *, actor: Any, notified_on: datetime.date, held_on: datetime.date
) -> Case:
    """听证: the party told at least 7 working days ahead (第64条, 第85条)."""
    from core.calendar import get_calendar

    notified_on, held_on = _day(notified_on, "听证通知日期"), _day(held_on, "举行听证日期")
    with _Move(case, "hold_hearing", actor) as case:
        earliest = (
            get_calendar().add_working_days(notified_on, rules.HEARING_NOTICE_WORKING_DAYS).on
        )
        if held_on < earliest:
            _refuse(
                "hearing_held_on",
                f"听证通知须在举行听证的7个工作日前送达：{notified_on:%Y-%m-%d}通知，最早{earliest:%Y-%m-%d}举行。",
            )
        if case.hearing_requested_on and notified_on < case.hearing_requested_on:
            _refuse("hearing_notified_on", "听证通知日期不能早于申请听证日期。")
        case.hearing_notified_on, case.hearing_held_on = notified_on, held_on
    return case


def _statement_problem(case: Case, on: datetime.date) -> str | None:
    """第62条: no decision before 陈述申辩 is heard or waived, or the 听证 right lapses/is used."""
    if case.hearing_requested_on and not case.hearing_held_on:
        return "当事人已申请听证，须举行听证后再作出决定。"
    if case.hearing_held_on or case.statement_on:
        return None
    if case.hearing_in_scope:
        deadline = deadlines_for(case).filter(rule_id=rules.HEARING_REQUEST_RULE).first()
        if deadline and on > deadline.due_on:
            return None  # the period lapsed without a request
        return "属听证范围：须待当事人放弃听证、听证申请期限届满或举行听证后再作出决定。"
    return "须先听取当事人的陈述、申辩（或记录当事人放弃），再作出决定（行政处罚法第六十二条）。"


def submit_review(
    case: Case, *, actor: Any, reviewer: Person, on: datetime.date | None = None
) -> LegalReview:
    """送法制审核: the reviewer holds the 法律职业资格 and is not an investigator of the case."""
    on = _day(on)
    with _Move(case, "submit_review", actor) as case:
        if problem := _statement_problem(case, on):
            _refuse("legal_review", problem)
        if case.team.filter(person=reviewer).exists():
            _refuse("reviewer", "法制审核人员不能是本案承办人员。")
        if not reviewer.has_legal_qualification:
            _refuse(
                "reviewer",
                f"{reviewer.name}未取得法律职业资格，不能担任法制审核人员（行政处罚法第五十八条）。",
            )
        if not Person.objects.in_scope(case.agency).filter(pk=reviewer.pk).exists():
            _refuse("reviewer", "法制审核人员须为本机构或下级机构的人员。")
        review = LegalReview.objects.create(
            agency=case.agency,
            case=case,
            reviewer=reviewer,
            submitted_on=on,
            created_by=_user(actor),
        )
        case.status = S.LEGAL_REVIEW
    start_deadline(
        review,
        rules.LEGAL_REVIEW_RULE,
        on,
        title=f"{case.number}：法制审核",
        actor=actor,
    )
    return review


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def record_review(
    case: Case,
    *,
    actor: Any,
    outcome: str,
    opinion: str,
    checklist: dict | None = None,
    on: datetime.date | None = None,
) -> LegalReview:
    """法制审核结论: 通过 → 可决定（或集体讨论）; 退回 → 补充调查; 不通过 → 不得作出决定。"""
    on = _day(on)
    with _Move(case, "review", actor) as case:
        review = case.legal_reviews.filter(outcome="").order_by("-id").first()
        if review is None:
            _refuse("legal_review", "没有待审核的送审记录。")
        if actor.person_id != review.reviewer_id:
            raise PermissionDenied("只有送审时指定的法制审核人员可以填写审核结论。")
        if outcome not in ReviewOutcome.values:
            _refuse("outcome", "须选择审核结论：同意、退回补充调查或不同意。")
        if not (opinion or "").strip():
            _refuse("opinion", "须写明审核意见。")
        unknown = set(checklist or {}) - {k for k, _ in LegalReview.CHECKLIST}
        if unknown:
            _refuse("checklist", f"未知的审核要点：{'、'.join(sorted(unknown))}。")
        review.outcome, review.opinion, review.reviewed_on = outcome, opinion.strip(), on
        review.checklist = checklist or {}
        if errors := review.date_errors():
            raise ValidationError(errors)
        review.updated_by = _user(actor)
        review.save()
        if outcome == ReviewOutcome.RETURN:
            case.status = S.INVESTIGATING
        elif outcome == ReviewOutcome.FAIL:
            case.status = S.INVESTIGATED
    complete_open(review, rules.LEGAL_REVIEW_RULE, on, actor=actor)
    return review


def discuss(
    case: Case,
    *,
    actor: Any,
    held_on: datetime.date,
    attendees: Iterable[Person],
    opinions: str,
    conclusion: str,
    dissent: str = "",
) -> CollectiveDiscussion:
    """负责人集体讨论 (第57条第2款): attendees, opinions, conclusion and any dissent minuted."""
    attendees, held_on = list(attendees), _day(held_on, "讨论日期")
    with _Move(case, "discuss", actor) as case:
        errors = {}
        if len(attendees) < 3:
            errors["attendees"] = "集体讨论须有负责人等至少3人出席。"
        if not (opinions or "").strip():
            errors["opinions"] = "须记录出席人员的讨论意见。"
        if not (conclusion or "").strip():
            errors["conclusion"] = "须记录讨论结论。"
        if case.is_major and not _passed_review(case):
            errors["legal_review"] = (
                "重大执法决定须先经法制审核通过，再集体讨论（行政处罚法第五十八条）。"
            )
        if errors:
            raise ValidationError(errors)
        meeting = CollectiveDiscussion.objects.create(
            agency=case.agency,
            case=case,
            held_on=held_on,
            opinions=opinions.strip(),
            conclusion=conclusion.strip(),
            dissent=(dissent or "").strip(),
            created_by=_user(actor),
        )
        meeting.attendees.set(attendees)
        case.status = S.DISCUSSION
    return meeting


def _passed_review(case: Case) -> bool:
    last = case.legal_reviews.exclude(outcome="").order_by("-reviewed_on", "-id").first()
    return last is not None and last.outcome == ReviewOutcome.PASS


def needs_discussion(case: Case) -> bool:
    """集体讨论 is required for 重大 cases (第57条第2款: 情节复杂或者重大违法行为)."""
    return case.is_major


# --- 决定、送达、执行 ---------------------------------------------------------------------------


def decide(case: Case, *, actor: Any, on: datetime.date | None = None) -> Case:
    """作出处罚决定 (负责人): after 陈述申辩 or 听证; 重大 ones after a passed 法制审核 and a
    集体讨论. Numbered 决定书; the 送达 and 双公示 clocks start."""
    on = _day(on)
    with _Move(case, "decide", actor) as case:
        errors = {}
        if problem := _statement_problem(case, on):
            errors["statement_on"] = problem
        if case.is_major and not _passed_review(case):
            errors["legal_review"] = (
                f"重大执法决定（{'；'.join(case.major_reasons)}）须经法制审核通过后才能作出决定（行政处罚法第五十八条）。"
            )
        if needs_discussion(case) and not case.discussions.exists():
            errors["discussion"] = "重大执法决定须经负责人集体讨论（行政处罚法第五十七条第二款）。"
        if not actor.person_id:
            errors["decided_by"] = "作出决定须由关联了人员的负责人账号办理。"
        elif case.team.filter(person_id=actor.person_id).exists():
            errors["decided_by"] = "作出决定的负责人不能是本案承办人员。"
        if errors:
            raise ValidationError(errors)
        case.decided_on, case.decided_by_id = on, actor.person_id
        case.decision_number = case.decision_number or DECISION_NUMBER.number(case.agency, on.year)
        case.status = S.DECIDED
    complete_open(case, rules.DECISION_RULE, on, actor=actor)
    _decision_clocks(case, on, actor)
    return case


def _decision_clocks(case: Case, on: datetime.date, actor: Any) -> None:
    start_deadline(
        case, rules.SERVICE_RULE, on, title=f"{case.decision_number}：送达处罚决定书", actor=actor
    )
    start_deadline(
        case, rules.PUBLICITY_RULE, on, title=f"{case.decision_number}：行政处罚双公示", actor=actor
    )


def _heavier_than_warning(case: Case) -> bool:
    return any(
        k not in (PenaltyKind.WARNING, PenaltyKind.CRITICISM) for k in case.penalty_kinds or ()
    )


def serve(
    case: Case,
    *,
    actor: Any,
    method: str,
    on: datetime.date | None = None,
    credit_notice: bool = False,
) -> Case:
    """送达 the 决定书 (with the 信用修复告知书 when 两书同达 is on): the payment and the party's
    复议/诉讼 windows start; money due moves the case to 执行."""
    on = _day(on)
    with _Move(case, "serve", actor) as case:
        if method not in ServiceMethod.values:
            _refuse("service_method", "须选择送达方式。")
        if rules.two_documents_required() and _heavier_than_warning(case) and not credit_notice:
            _refuse(
                "credit_notice_served",
                "两书同达：罚款及以上的处罚决定书须与《行政处罚信息信用修复告知书》一并送达。",
            )
        case.served_on, case.service_method, case.credit_notice_served = on, method, credit_notice
        case.status = S.EXECUTING if case.amount_due > 0 else S.SERVED
    complete_open(case, rules.SERVICE_RULE, on, actor=actor)
    _service_clocks(case, on, actor)
    return case


def _service_clocks(case: Case, on: datetime.date, actor: Any) -> None:
    """What service starts: the party's 复议 and 诉讼 windows, and the payment when money is due."""
    number = case.decision_number
    start_deadline(
        case, rules.RECONSIDERATION_RULE, on, title=f"{number}：当事人申请行政复议期限", actor=actor
    )
    start_deadline(
        case, rules.LITIGATION_RULE, on, title=f"{number}：当事人提起行政诉讼期限", actor=actor
    )
    if case.amount_due > 0:
        start_deadline(case, rules.PAYMENT_RULE, on, title=f"{number}：缴纳罚没款", actor=actor)


def publicize(case: Case, *, actor: Any, on: datetime.date | None = None) -> Case:
    """双公示 of the decision (7 working days, RULES §2.1)."""
    on = _day(on)
    with _Move(case, "publicize", actor) as case:
        if case.publicized_on:
            _refuse("publicized_on", "该处罚决定已公示。")
        case.publicized_on = on
    complete_open(case, rules.PUBLICITY_RULE, on, actor=actor)
    return case


def pay(
    case: Case, *, actor: Any, amount: Decimal, on: datetime.date | None = None, receipt: str = ""
) -> Payment:
    on = _day(on)
    with _Move(case, "pay", actor) as case:
        amount = Decimal(str(amount))
        if amount <= 0:
            _refuse("amount", "缴款金额须大于0。")
        paid = case.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if paid + amount > case.amount_due:
            _refuse(
                "amount", f"缴款合计{paid + amount:,.2f}元超过应缴金额{case.amount_due:,.2f}元。"
            )
        if case.decided_on and on < case.decided_on:
            _refuse("paid_on", f"缴款日期不能早于决定日期（{case.decided_on:%Y-%m-%d}）。")
        payment = Payment.objects.create(
            agency=case.agency,
            case=case,
            paid_on=on,
            amount=amount,
            receipt=receipt,
            created_by=_user(actor),
        )
        case.paid_amount = paid + amount
        if case.paid_amount >= case.amount_due:
            case.paid_on = on
    if case.paid_on:
        complete_open(case, rules.PAYMENT_RULE, on, actor=actor)
    return payment


def apply_court(case: Case, *, actor: Any, on: datetime.date | None = None) -> Case:
    """申请人民法院强制执行 after the 催告 (行政强制法第53–54条)."""
    on = _day(on)
    with _Move(case, "apply_court", actor) as case:
        if case.paid_on:
            _refuse("court_applied_on", "罚没款已缴清，无须申请强制执行。")
        deadline = deadlines_for(case).filter(rule_id=rules.PAYMENT_RULE).first()
        if deadline and on <= deadline.due_on:
            _refuse(
                "court_applied_on",
                f"缴款期限（{deadline.due_on:%Y-%m-%d}）届满前不能申请强制执行。",
            )
        case.court_applied_on = on
    return case


def close(case: Case, *, actor: Any, on: datetime.date | None = None) -> Case:
    """结案: executed (paid in full), court enforcement applied, or no penalty/referred."""
    on = _day(on)
    with _Move(case, "close", actor) as case:
        if case.status == S.EXECUTING and not (case.paid_on or case.court_applied_on):
            _refuse(
                "paid_on",
                f"罚没款尚未缴清（已缴{case.paid_amount:,.2f}元，应缴{case.amount_due:,.2f}元），也未申请法院强制执行，不能结案。",
            )
        kind = {
            S.NO_PENALTY: CloseKind.NO_PENALTY,
            S.REFERRED: CloseKind.REFERRED,
        }.get(case.status)
        if kind is None:
            kind = (
                CloseKind.COURT
                if (case.court_applied_on and not case.paid_on)
                else CloseKind.EXECUTED
            )
        case.close_kind, case.closed_on = kind, on
        case.status = S.CLOSED
    return case


def archive(case: Case, *, actor: Any, reference: str, on: datetime.date | None = None) -> Case:
    """归档: a penalty case only after the party's 复议 (60日) and 诉讼 (6个月) windows close,
    so that its record is complete (RULES §2.2)."""
    on = _day(on)
    with _Move(case, "archive", actor) as case:
        if not (reference or "").strip():
            _refuse("archive_reference", "须填写档案号。")
        open_windows = deadlines_for(case).filter(
            rule_id__in=[rules.RECONSIDERATION_RULE, rules.LITIGATION_RULE], due_on__gte=on
        )
        if last := open_windows.order_by("-due_on").first():
            _refuse(
                "archived_on",
                f"当事人申请复议或提起诉讼的期限（至{last.due_on:%Y-%m-%d}）尚未届满，不能归档。",
            )
        case.archive_reference, case.archived_on = reference.strip(), on
        case.status = S.ARCHIVED
    for d in deadlines_for(case).filter(
        rule_id__in=[rules.RECONSIDERATION_RULE, rules.LITIGATION_RULE], status="open"
    ):
        from core.deadlines import complete_deadline

        complete_deadline(d, max(on, d.start_on), actor=actor)
    return case


# --- 简易程序 -----------------------------------------------------------------------------------


def simple_problems(case: Case) -> dict[str, str]:
    kinds = set(case.penalty_kinds or ())
    errors = {}
    if not kinds or kinds - {PenaltyKind.WARNING, PenaltyKind.FINE}:
        errors["penalty_kinds"] = "简易程序只适用于警告或罚款（行政处罚法第五十一条）。"
    limit = rules.SIMPLE_FINE_LIMITS[_party(case)]
    if case.fine > limit:
        who = "公民" if _party(case) == "person" else "法人或其他组织"
        errors["fine"] = (
            f"简易程序对{who}的罚款不超过{limit:,.0f}元（行政处罚法第五十一条），本案{case.fine:,.2f}元须适用普通程序。"
        )
    if case.confiscated_income or case.confiscated_property_value:
        errors["confiscated_income"] = "简易程序不能没收违法所得或非法财物。"
    return errors


def decide_on_the_spot(case: Case, *, actor: Any, on: datetime.date | None = None) -> Case:
    """简易程序 (第51–52条): decided and handed over on the spot by two certified officers."""
    on = _day(on)
    if case.status != S.CLUE or case.pk is None:
        raise ValidationError("简易程序须在登记案件后当场作出决定。")
    if getattr(actor, "role", None) not in HANDLERS:
        raise PermissionDenied("简易程序须由执法人员办理。")
    with transaction.atomic():
        if Case.objects.select_for_update().only("status").get(pk=case.pk).status != S.CLUE:
            raise ValidationError("该案件已由他人办理，请刷新页面后再操作。")
        errors = simple_problems(case)
        if problems := investigator_problems(case, on):
            errors["investigators"] = problems
        if not case.facts.strip():
            errors["facts"] = "须写明违法事实。"
        if case.violation_id is None:
            errors["violation"] = "须选择违法行为（违法条款、处罚条款）。"
        if errors:
            raise ValidationError(errors)
        case.simple_procedure = True
        case.procedure_rule_version = rules.procedure_rule_version(on)
        case.filed_on = case.decided_on = case.served_on = on
        case.number = case.number or CASE_NUMBER.number(case.agency, on.year)
        case.decision_number = DECISION_NUMBER.number(case.agency, on.year)
        case.service_method = ServiceMethod.DIRECT
        case.discretion_grade = case.discretion_grade or DiscretionGrade.MINOR
        case.status = S.EXECUTING if case.amount_due > 0 else S.SERVED
        if errors := case.date_errors():
            raise ValidationError(errors)
        case.updated_by = _user(actor)
        case.save()
        from core.audit import record

        record(
            "transition",
            case,
            actor=actor,
            data={"step": "simple", "from": S.CLUE, "to": case.status},
        )
    start_deadline(
        case, rules.PUBLICITY_RULE, on, title=f"{case.decision_number}：行政处罚双公示", actor=actor
    )
    _service_clocks(case, on, actor)  # the 决定书 is handed over on the spot
    return case
