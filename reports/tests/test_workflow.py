"""The approval workflow of RULES §1.3: the whole from × to matrix, roles, guards, deadlines."""

import datetime
import itertools

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core.audit import AuditEvent
from core.deadlines import deadlines_for
from core.models import Role
from reports import services, workflow
from reports.models import AnnualReport, ReportStatus
from reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db
S = ReportStatus
TODAY = datetime.datetime(YEAR + 1, 2, 20, 10, 0, tzinfo=datetime.UTC)
MEETING = {
    "meeting_type": "party_group",
    "meeting_on": datetime.date(YEAR + 1, 2, 10),
    "minutes_number": "党组会纪要〔2025〕3号",
    "attendees": "赵强、李静、陈立",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def report(world):
    r = services.create_report(world.county_a, YEAR, actor=world.admin_a)
    for key in ("duty.text", "shortcomings.text", "plan.text"):
        services.save_narrative(r, key, f"{key}的内容。")
    return r


def _at(report, status):
    AnnualReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    return report


def _data(to):
    if to == S.APPROVED:
        return MEETING
    if to == S.SUBMITTED:
        return {"recipients": [("东湖区委、区政府", "submit", datetime.date(YEAR + 1, 2, 15))]}
    if to == S.PUBLISHED:
        return {
            "published_on": datetime.date(YEAR + 1, 2, 18),
            "published_url": "https://example.gov.cn/r",
        }
    if to == S.DRAFT:
        return {"comment": "请补充数据来源。"}
    return {}


@pytest.mark.parametrize(("frm", "to"), list(itertools.product(S.values, S.values)))
def test_whole_transition_matrix(report, world, frm, to):
    report = _at(report, frm)
    if (frm, to) in workflow.TRANSITIONS:
        workflow.transition(report, to, actor=world.admin_a, **_data(to))
        report.refresh_from_db()
        assert report.status == to
    else:
        with pytest.raises(ValidationError) as exc:
            workflow.transition(report, to, actor=world.admin_a, **_data(to))
        assert "不允许从" in str(exc.value)
        report.refresh_from_db()
        assert report.status == frm


def test_roles_are_checked(report, world):
    world.officer_a.role = Role.INSPECTOR
    with pytest.raises(PermissionDenied):
        workflow.transition(report, S.LEGAL_REVIEW, actor=world.officer_a)
    _at(report, S.PARTY_REVIEW)
    with pytest.raises(PermissionDenied):  # 法制审核员 reviews the text but does not approve it
        workflow.transition(report, S.APPROVED, actor=world.reviewer_a, **MEETING)


def test_required_parts_must_be_written_before_review(world):
    r = services.create_report(world.county_a, YEAR, actor=world.admin_a)
    with pytest.raises(ValidationError) as exc:
        workflow.transition(r, S.LEGAL_REVIEW, actor=world.admin_a)
    assert "存在的不足和原因" in str(exc.value)
    r.refresh_from_db()
    assert r.status == S.DRAFT


def test_approval_records_the_meeting(report, world):
    _at(report, S.PARTY_REVIEW)
    with pytest.raises(ValidationError) as exc:
        workflow.transition(
            report,
            S.APPROVED,
            actor=world.admin_a,
            **{**MEETING, "meeting_on": datetime.date(YEAR, 12, 30), "minutes_number": ""},
        )
    msg = str(exc.value)
    assert "审议日期须在报告年度（2024年）结束之后" in msg and "须填写会议纪要编号" in msg
    workflow.transition(report, S.APPROVED, actor=world.admin_a, **MEETING)
    report.refresh_from_db()
    assert report.approved_on == MEETING["meeting_on"]
    assert report.minutes_number == "党组会纪要〔2025〕3号"
    assert services.report_date(report) == MEETING["meeting_on"]


def test_submission_completes_the_march_deadline(report, world):
    _at(report, S.APPROVED)
    with pytest.raises(ValidationError) as exc:
        workflow.transition(
            report,
            S.SUBMITTED,
            actor=world.admin_a,
            recipients=[("依法治区办", "copy", datetime.date(YEAR + 1, 2, 15))],
        )
    assert "至少填写一个报送单位" in str(exc.value)
    workflow.transition(
        report,
        S.SUBMITTED,
        actor=world.admin_a,
        recipients=[
            ("东湖区委、区政府", "submit", datetime.date(YEAR + 1, 2, 16)),
            ("临江市卫生健康委员会", "submit", datetime.date(YEAR + 1, 2, 15)),
            ("依法治区办", "copy", datetime.date(YEAR + 1, 2, 16)),
        ],
    )
    d = deadlines_for(report).get(rule_id="annual_report.submit")
    assert (d.status, d.done_on, d.met) == ("done", datetime.date(YEAR + 1, 2, 15), True)
    assert report.submissions.count() == 3
    assert deadlines_for(report).get(rule_id="annual_report.publish").status == "open"


def test_late_submission_is_recorded_as_late(report, world):
    _at(report, S.APPROVED)
    with time_machine.travel(datetime.datetime(YEAR + 1, 3, 20, tzinfo=datetime.UTC), tick=False):
        workflow.transition(
            report,
            S.SUBMITTED,
            actor=world.admin_a,
            recipients=[("东湖区委、区政府", "submit", datetime.date(YEAR + 1, 3, 18))],
        )
    assert deadlines_for(report).get(rule_id="annual_report.submit").met is False


def test_publication_needs_approval_and_a_date_after_the_year(report, world):
    _at(report, S.SECRECY_REVIEW)
    with pytest.raises(ValidationError):  # not approved yet
        workflow.transition(report, S.PUBLISHED, actor=world.admin_a, **_data(S.PUBLISHED))
    _at(report, S.APPROVED)
    with pytest.raises(ValidationError) as exc:
        workflow.transition(
            report,
            S.PUBLISHED,
            actor=world.admin_a,
            published_on=datetime.date(YEAR, 12, 30),
            published_url="https://example.gov.cn/r",
        )
    assert "公开日期须在报告年度（2024年）结束之后" in str(exc.value)
    workflow.transition(report, S.PUBLISHED, actor=world.admin_a, **_data(S.PUBLISHED))
    d = deadlines_for(report).get(rule_id="annual_report.publish")
    assert (d.status, d.met) == ("done", True)


def test_return_needs_a_comment_and_reopens_the_text(report, world):
    _at(report, S.LEGAL_REVIEW)
    with pytest.raises(ValidationError) as exc:
        workflow.transition(report, S.DRAFT, actor=world.reviewer_a, comment=" ")
    assert "须写明意见" in str(exc.value)
    workflow.transition(report, S.DRAFT, actor=world.reviewer_a, comment="请补充数据来源。")
    report.refresh_from_db()
    assert services.save_narrative(report, "plan.text", "改过的安排。")
    assert report.versions.filter(note="退回修改：请补充数据来源。").exists()


def test_each_step_keeps_a_version_and_an_audit_event(report, world):
    n = report.versions.count()
    workflow.transition(report, S.LEGAL_REVIEW, actor=world.admin_a)
    workflow.transition(report, S.SECRECY_REVIEW, actor=world.reviewer_a, comment="同意。")
    assert report.versions.count() == n + 2
    assert report.versions.first().note == "法规科审核通过：同意。"
    events = AuditEvent.objects.filter(action="transition", object_id=str(report.pk))
    assert [e.changes["to"] for e in events.order_by("seq")] == ["legal_review", "secrecy_review"]
