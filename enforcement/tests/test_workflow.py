"""The case state machine of RULES §3.2: each step in order, each refusal naming what is missing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.deadlines import deadlines_for
from core.models import Role
from enforcement import workflow
from enforcement.models import CaseStatus, LegalReview, PenaltyKind, ReviewOutcome
from enforcement.tests.factories import DAY, case, leader, person_user, violation

pytestmark = pytest.mark.django_db

D = datetime.timedelta


def _messages(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def _notified(world, *, fine=Decimal(1500), grade="minor", kinds=("warning", "fine"), **kw):
    boss = leader(world.county_a)
    c = case(world.county_a, lead=world.officer_a.person)
    workflow.file_case(c, actor=boss, on=DAY)
    workflow.close_investigation(
        c, actor=world.officer_a, facts="未取得卫生许可证擅自营业", report="建议罚款", on=DAY + D(7)
    )
    c.violation = violation()
    c.discretion_grade = grade
    c.penalty_kinds = list(kinds)
    c.fine = fine
    for k, v in kw.items():
        setattr(c, k, v)
    c.save()
    workflow.notify(c, actor=world.officer_a, on=DAY + D(8))
    return c, boss


def test_an_ordinary_case_from_filing_to_archive(world):
    c, boss = _notified(world)
    assert c.number.endswith("〔2026〕1号") and "卫立" in c.number
    assert c.procedure_rule_version == "nhc-2025-13"
    assert c.notice_number and not c.is_major and not c.hearing_in_scope
    workflow.record_statement(c, actor=world.officer_a, on=DAY + D(10), waived=True)
    workflow.decide(c, actor=boss, on=DAY + D(11))
    assert "卫罚〔2026〕1号" in c.decision_number
    workflow.serve(c, actor=world.officer_a, method="direct", on=DAY + D(11), credit_notice=True)
    assert c.status == CaseStatus.EXECUTING
    workflow.publicize(c, actor=world.officer_a, on=DAY + D(14))
    workflow.pay(c, actor=world.officer_a, amount=Decimal(1000), on=DAY + D(15))
    with pytest.raises(ValidationError, match="尚未缴清"):
        workflow.close(c, actor=world.officer_a, on=DAY + D(16))
    workflow.pay(c, actor=world.officer_a, amount=Decimal(500), on=DAY + D(16))
    workflow.close(c, actor=world.officer_a, on=DAY + D(17))
    assert c.status == CaseStatus.CLOSED and c.close_kind == "executed"
    # 复议 60日 and 诉讼 6个月 from service must pass before the file is archived.
    with pytest.raises(ValidationError, match="尚未届满"):
        workflow.archive(c, actor=world.officer_a, reference="A-1", on=DAY + D(30))
    workflow.archive(c, actor=world.officer_a, reference="A-1", on=DAY + D(11 + 200))
    assert c.status == CaseStatus.ARCHIVED
    rules = {d.rule_id: d for d in deadlines_for(c)}
    assert rules["penalty.decision"].status == "done" and rules["penalty.decision"].met
    assert rules["publicity.double"].status == "done" and rules["publicity.double"].met
    assert rules["penalty.payment"].status == "done"


def test_filing_needs_two_certified_investigators_who_declared_no_conflict(world):
    boss = leader(world.county_a)
    c = case(world.county_a, team=1, lead=world.officer_a.person)
    with pytest.raises(ValidationError) as exc:
        workflow.file_case(c, actor=boss, on=DAY)
    assert "至少2名执法人员" in _messages(exc)
    c = case(world.county_a, declared=None, lead=world.officer_a.person)
    with pytest.raises(ValidationError) as exc:
        workflow.file_case(c, actor=boss, on=DAY)
    assert "回避声明" in _messages(exc)
    c = case(world.county_a, lead=world.officer_a.person)
    expired = c.team.first().person
    expired.certificate_valid_until = DAY - D(1)
    expired.save()
    with pytest.raises(ValidationError) as exc:
        workflow.file_case(c, actor=boss, on=DAY)
    assert f"{expired.name}在2026-03-02无有效执法证" in _messages(exc)
    assert c.status == CaseStatus.CLUE and not c.number


def test_only_a_leader_files_and_never_one_of_the_investigators(world):
    c = case(world.county_a, lead=world.officer_a.person)
    with pytest.raises(PermissionDenied, match="负责人"):
        workflow.file_case(c, actor=world.officer_a, on=DAY)
    boss = leader(world.county_a)
    workflow.set_team(c, [(boss.person, True, DAY), (c.team.last().person, False, DAY)], actor=boss)
    with pytest.raises(ValidationError, match="不能同时是本案承办人员"):
        workflow.file_case(c, actor=boss, on=DAY)


def test_a_step_out_of_order_is_refused_with_the_step_named(world):
    boss = leader(world.county_a)
    c = case(world.county_a, lead=world.officer_a.person)
    with pytest.raises(ValidationError, match="不能作出处罚决定：须在“已事先告知"):
        workflow.decide(c, actor=boss, on=DAY)
    with pytest.raises(ValidationError, match="须在“立案调查”时办理"):
        workflow.close_investigation(c, actor=world.officer_a, facts="x", report="y", on=DAY)


def test_a_second_person_moving_the_same_case_is_told(world):
    boss = leader(world.county_a)
    c = case(world.county_a, lead=world.officer_a.person)
    stale = type(c).objects.get(pk=c.pk)
    workflow.file_case(c, actor=boss, on=DAY)
    with pytest.raises(ValidationError, match="已由他人变更为“立案调查”"):
        workflow.decline_filing(stale, actor=boss, reason="不属于管辖")


def test_no_decision_before_the_party_was_heard(world):
    c, boss = _notified(world)
    with pytest.raises(ValidationError) as exc:
        workflow.decide(c, actor=boss, on=DAY + D(12))
    assert "陈述、申辩" in _messages(exc)


def test_decision_the_day_of_the_notice_is_refused(world):
    c, boss = _notified(world)
    workflow.record_statement(c, actor=world.officer_a, on=DAY + D(8), waived=True)
    with pytest.raises(ValidationError, match="须晚于事先告知日期"):
        workflow.decide(c, actor=boss, on=DAY + D(8))


def test_a_fine_outside_the_discretion_range_needs_a_reason_and_makes_the_case_major(world):
    boss = leader(world.county_a)
    c = case(world.county_a, lead=world.officer_a.person)
    workflow.file_case(c, actor=boss, on=DAY)
    workflow.close_investigation(c, actor=world.officer_a, facts="f", report="r", on=DAY + D(7))
    c.violation, c.discretion_grade = violation(), "minor"
    c.penalty_kinds, c.fine = ["fine"], Decimal(3000)
    c.save()
    with pytest.raises(ValidationError) as exc:
        workflow.notify(c, actor=world.officer_a, on=DAY + D(8))
    assert "超出“轻微”档罚款500–2,000元" in _messages(exc)
    c.outside_range_reason = "多次违法，从重处罚"
    c.save()
    workflow.notify(c, actor=world.officer_a, on=DAY + D(8))
    assert c.is_major and "罚款超出裁量基准幅度" in c.major_reasons


def test_penalty_kinds_must_be_those_the_provision_sets(world):
    boss = leader(world.county_a)
    c = case(world.county_a, lead=world.officer_a.person)
    workflow.file_case(c, actor=boss, on=DAY)
    workflow.close_investigation(c, actor=world.officer_a, facts="f", report="r", on=DAY + D(7))
    c.violation, c.discretion_grade = violation(), "general"
    c.penalty_kinds, c.fine = [PenaltyKind.REVOKE_LICENCE], Decimal(0)
    c.save()
    with pytest.raises(ValidationError, match="未规定的处罚种类：吊销许可证件"):
        workflow.notify(c, actor=world.officer_a, on=DAY + D(8))


def test_a_major_case_needs_a_passed_legal_review_and_a_collective_discussion(world):
    c, boss = _notified(
        world, fine=Decimal(20000), grade="serious", kinds=("fine",), party_kind="person"
    )
    assert c.is_major and c.hearing_in_scope
    # The 听证 period (5 working days after the notice) lapses without a request.
    lapse = DAY + D(8 + 9)
    with pytest.raises(ValidationError, match="法制审核通过"):
        workflow.decide(c, actor=boss, on=lapse)
    investigator = c.team.first().person
    with pytest.raises(ValidationError, match="不能是本案承办人员"):
        workflow.submit_review(c, actor=world.officer_a, reviewer=investigator, on=lapse)
    plain = person_user(world.county_a, Role.LEGAL_REVIEWER, "无资格审核员")
    with pytest.raises(ValidationError, match="未取得法律职业资格"):
        workflow.submit_review(c, actor=world.officer_a, reviewer=plain.person, on=lapse)
    reviewer = world.reviewer_a
    review = workflow.submit_review(c, actor=world.officer_a, reviewer=reviewer.person, on=lapse)
    assert c.status == CaseStatus.LEGAL_REVIEW
    with pytest.raises(PermissionDenied):
        workflow.record_review(c, actor=plain, outcome="pass", opinion="同意", on=lapse + D(1))
    workflow.record_review(
        c, actor=reviewer, outcome=ReviewOutcome.PASS, opinion="事实清楚，证据确凿", on=lapse + D(1)
    )
    review.refresh_from_db()
    assert review.outcome == "pass"
    with pytest.raises(ValidationError, match="集体讨论"):
        workflow.decide(c, actor=boss, on=lapse + D(2))
    others = [person_user(world.county_a, Role.LEADER, f"班子成员{i}").person for i in range(2)]
    workflow.discuss(
        c,
        actor=boss,
        held_on=lapse + D(2),
        attendees=[boss.person, *others],
        opinions="同意按严重档处罚",
        conclusion="罚款2万元",
        dissent="一人认为应减轻",
    )
    workflow.decide(c, actor=boss, on=lapse + D(3))
    assert c.status == CaseStatus.DECIDED


def test_a_returned_review_sends_the_case_back_to_investigation(world):
    c, _boss = _notified(
        world, fine=Decimal(20000), grade="serious", kinds=("fine",), party_kind="person"
    )
    lapse = DAY + D(17)
    workflow.submit_review(c, actor=world.officer_a, reviewer=world.reviewer_a.person, on=lapse)
    workflow.record_review(
        c, actor=world.reviewer_a, outcome="return", opinion="证据链不完整", on=lapse + D(1)
    )
    assert c.status == CaseStatus.INVESTIGATING
    assert LegalReview.objects.filter(case=c, outcome="return").exists()


def test_hearing_requested_late_is_refused_and_a_requested_hearing_blocks_the_decision(world):
    c, _boss = _notified(
        world, fine=Decimal(20000), grade="serious", kinds=("fine",), party_kind="person"
    )
    due = deadlines_for(c).get(rule_id="penalty.hearing_request").due_on
    with pytest.raises(ValidationError, match="5个工作日内"):
        workflow.request_hearing(c, actor=world.officer_a, on=due + D(1))
    workflow.request_hearing(c, actor=world.officer_a, on=due)
    assert c.status == CaseStatus.HEARING and "经过听证" in c.major_reasons
    with pytest.raises(ValidationError, match="7个工作日前"):
        workflow.hold_hearing(c, actor=world.officer_a, notified_on=due, held_on=due + D(3))
    with pytest.raises(ValidationError, match="举行听证后"):
        workflow.submit_review(
            c, actor=world.officer_a, reviewer=world.reviewer_a.person, on=due + D(3)
        )


def test_two_documents_served_together_for_a_fine(world, settings):
    c, boss = _notified(world)
    workflow.record_statement(c, actor=world.officer_a, on=DAY + D(9))
    workflow.decide(c, actor=boss, on=DAY + D(10))
    with pytest.raises(ValidationError, match="两书同达"):
        workflow.serve(c, actor=world.officer_a, method="direct", on=DAY + D(10))
    settings.FAZHI_TWO_DOCUMENTS = False
    workflow.serve(c, actor=world.officer_a, method="direct", on=DAY + D(10))
    assert c.served_on == DAY + D(10)


def test_no_penalty_names_the_list_item(world):
    boss = leader(world.county_a)
    c = case(world.county_a, lead=world.officer_a.person)
    workflow.file_case(c, actor=boss, on=DAY)
    workflow.close_investigation(c, actor=world.officer_a, facts="f", report="r", on=DAY + D(3))
    with pytest.raises(ValidationError, match="不予处罚清单事项"):
        workflow.decide_no_penalty(c, actor=boss, reason="first", on=DAY + D(4))
    workflow.decide_no_penalty(
        c, actor=boss, reason="first", list_item="公共场所首违不罚清单第3项", on=DAY + D(4)
    )
    workflow.close(c, actor=world.officer_a, on=DAY + D(5))
    assert c.close_kind == "no_penalty"
    assert deadlines_for(c).get(rule_id="penalty.decision").status == "done"


def test_simple_procedure_within_its_limits(world):
    c = case(
        world.county_a,
        lead=world.officer_a.person,
        facts="从业人员未持健康合格证明",
        violation=violation(),
    )
    c.penalty_kinds, c.fine = ["fine"], Decimal(3500)
    c.save()
    with pytest.raises(ValidationError, match="不超过3,000元"):
        workflow.decide_on_the_spot(c, actor=world.officer_a, on=DAY)
    c.refresh_from_db()
    c.fine = Decimal(2000)
    c.save()
    workflow.decide_on_the_spot(c, actor=world.officer_a, on=DAY)
    assert c.simple_procedure and c.status == CaseStatus.EXECUTING and c.decision_number
    person_case = case(
        world.county_a,
        lead=world.officer_a.person,
        party_kind="person",
        facts="x",
        violation=violation(),
    )
    person_case.penalty_kinds, person_case.fine = ["fine"], Decimal(300)
    person_case.save()
    with pytest.raises(ValidationError, match="公民的罚款不超过200元"):
        workflow.decide_on_the_spot(person_case, actor=world.officer_a, on=DAY)


def test_the_decision_clock_is_ninety_days_from_filing(world):
    boss = leader(world.county_a)
    c = case(world.county_a, lead=world.officer_a.person)
    workflow.file_case(c, actor=boss, on=DAY)
    clock = deadlines_for(c).get(rule_id="penalty.decision")
    # 90 days from 2026-03-02 is Sunday 2026-05-31: a period ending on a rest day ends on the
    # next working day (RULES §0).
    assert clock.due_on == datetime.date(2026, 6, 1)
    assert clock.unit == "cd"


def test_preserved_evidence_needs_a_decision_within_seven_working_days(world):
    boss = leader(world.county_a)
    c = case(world.county_a, lead=world.officer_a.person)
    workflow.file_case(c, actor=boss, on=DAY)
    workflow.preserve_evidence(c, actor=world.officer_a, on=DAY)
    clock = deadlines_for(c).get(rule_id="penalty.preservation")
    assert clock.due_on == datetime.date(2026, 3, 11)  # Mon + 7 working days
    workflow.close_investigation(c, actor=world.officer_a, facts="f", report="r", on=DAY + D(3))
    clock.refresh_from_db()
    assert clock.status == "done" and clock.met


def test_an_inspector_moves_only_the_cases_they_investigate(world):
    boss = leader(world.county_a)
    c = case(world.county_a, lead=world.officer_a.person)
    workflow.file_case(c, actor=boss, on=DAY)
    outsider = person_user(world.county_a, Role.INSPECTOR, "旁人", certificate_number="X1")
    assert workflow.allowed_steps(c, outsider) == []
    with pytest.raises(PermissionDenied, match="不是本案的承办人员"):
        workflow.close_investigation(c, actor=outsider, facts="f", report="r", on=DAY + D(1))
    assert c.status == CaseStatus.INVESTIGATING


def test_no_step_is_dated_after_today(world):
    tomorrow = datetime.date.today() + D(1)
    boss = leader(world.county_a)
    c = case(world.county_a, lead=world.officer_a.person)
    with pytest.raises(ValidationError, match="不能晚于"):
        workflow.file_case(c, actor=boss, on=tomorrow)
    c.refresh_from_db()
    assert c.status == CaseStatus.CLUE and not c.filed_on and not c.number
    # A date set on the case by any other path is refused when the step saves it.
    workflow.file_case(c, actor=boss, on=DAY)
    c.evidence_preserved_on = tomorrow
    with pytest.raises(ValidationError) as exc:
        workflow.close_investigation(c, actor=world.officer_a, facts="f", report="r", on=DAY + D(3))
    assert "evidence_preserved_on" in exc.value.message_dict


def test_the_decision_period_extends_by_thirty_days_at_most(world):
    from core.deadlines import extend_deadline

    boss = leader(world.county_a)
    c = case(world.county_a, lead=world.officer_a.person)
    workflow.file_case(c, actor=boss, on=DAY)
    clock = deadlines_for(c).get(rule_id="penalty.decision")
    with pytest.raises(ValidationError):
        extend_deadline(clock, 31, "案情复杂，经批准延长", actor=boss)
    extend_deadline(clock, 30, "案情复杂，经批准延长", actor=boss)
    clock.refresh_from_db()
    assert clock.due_on == datetime.date(2026, 6, 30)  # 120 days from 2026-03-02
