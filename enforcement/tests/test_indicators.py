"""Case figures equal the count (or sum) of the records they link to, in scope and period."""

import datetime
import itertools
from decimal import Decimal

import pytest

from core.periods import Period
from core.retention import withdraw
from enforcement import workflow
from enforcement.models import Domain
from enforcement.tests.factories import DAY, case, leader, person_user, violation
from indicators.values import evaluate

pytestmark = pytest.mark.django_db

D = datetime.timedelta
YEAR = Period.year(2026)
SEQ = itertools.count(1)


def _decided(
    world, agency, *, fine, income=Decimal(0), domain=Domain.PUBLIC_PLACE, major=False, reason=""
):
    boss = leader(agency)
    officer = person_user(
        agency,
        "inspector",
        "办案员",
        certificate_number=f"Z{agency.pk}-{next(SEQ)}",
        certificate_valid_until=DAY + D(900),
    )
    c = case(agency, domain=domain, party_kind="person" if major else "org", lead=officer.person)
    workflow.file_case(c, actor=boss, on=DAY)
    workflow.close_investigation(c, actor=officer, facts="f", report="r", on=DAY + D(3))
    c.violation = violation(penalty_kinds=["warning", "fine", "confiscate_income"])
    c.discretion_grade = "general"
    c.penalty_kinds = ["fine", "confiscate_income"] if income else ["fine"]
    c.fine, c.confiscated_income = fine, income
    if major:
        c.discretion_grade = "serious"
    c.outside_range_reason = reason
    c.save()
    workflow.notify(c, actor=officer, on=DAY + D(4))
    lapse = DAY + D(16)
    if c.is_major:
        reviewer = person_user(agency, "legal_reviewer", "审核员", has_legal_qualification=True)
        workflow.submit_review(c, actor=officer, reviewer=reviewer.person, on=lapse)
        workflow.record_review(c, actor=reviewer, outcome="pass", opinion="同意", on=lapse)
        members = [boss.person, *(leader(agency).person for _ in range(2))]
        workflow.discuss(
            c, actor=boss, held_on=lapse, attendees=members, opinions="同意", conclusion="处罚"
        )
    else:
        workflow.record_statement(c, actor=officer, on=DAY + D(5), waived=True)
    workflow.decide(c, actor=boss, on=lapse + D(1))
    workflow.serve(c, actor=officer, method="direct", on=lapse + D(1), credit_notice=True)
    workflow.publicize(c, actor=officer, on=lapse + D(2))
    workflow.pay(c, actor=officer, amount=c.amount_due, on=lapse + D(3))
    workflow.close(c, actor=officer, on=lapse + D(4))
    return c


def test_case_figures_of_a_county(world):
    a = world.county_a
    _decided(world, a, fine=Decimal(8000), income=Decimal("62036"), domain=Domain.PHYSICIAN)
    _decided(world, a, fine=Decimal(12500), domain=Domain.MEDICAL_INSTITUTION, major=True)
    _decided(world, a, fine=Decimal(100000), reason="屡查屡犯，从重", domain=Domain.PUBLIC_PLACE)
    open_case = case(a, domain=Domain.DRINKING_WATER)
    workflow.file_case(open_case, actor=leader(a), on=DAY)
    gone = case(a)
    workflow.file_case(gone, actor=leader(a), on=DAY)
    withdraw(gone, actor=world.admin_a, reason="重复登记")
    _decided(world, world.county_b, fine=Decimal(5000))  # another county

    filed = evaluate("cases_filed", a, YEAR)
    assert filed.value == 4 and filed.text == "4件"
    assert [(label, v.value) for _k, label, v in filed.parts()] == [
        ("医疗卫生", 2),
        ("公共场所卫生", 1),
        ("生活饮用水", 1),
    ]
    assert evaluate("cases_closed", a, YEAR).value == 3
    closure = evaluate("case_closure_rate", a, YEAR)
    assert (closure.measure.numerator, closure.measure.denominator) == (3, 4)
    money = evaluate("fines_and_confiscations", a, YEAR)
    assert money.text == "18.2536万元"  # 8000 + 62036 + 12500 + 100000
    assert {label: v.value for _k, label, v in money.parts()} == {
        "罚款": Decimal(120500),
        "没收违法所得": Decimal(62036),
    }
    assert evaluate("collective_discussions", a, YEAR).value == 2
    review = evaluate("legal_review_rate", a, YEAR)
    assert (review.measure.numerator, review.measure.denominator) == (2, 2)
    assert evaluate("penalty_publications", a, YEAR).value == 3
    # The city sees both counties; another year sees nothing, as a real 0.
    assert evaluate("cases_filed", world.city, YEAR).value == 5
    assert evaluate("cases_filed", a, Period.year(2025)).value == 0
