"""Creating, regenerating and editing reports; versions and their diff; deadlines (RULES §1.2)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.deadlines import deadlines_for
from reports import services
from reports.models import AnnualReport, NarrativeBlock
from reports.tests.conftest import YEAR, entities
from supervision.models import Inspection, InspectionKind

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 1, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def report(records):
    with time_machine.travel(NOW, tick=False):
        return services.create_report(records.county_a, YEAR, actor=records.admin_a)


def test_new_report_starts_submit_and_publish_clocks_and_keeps_version_one(report):
    dues = {d.rule_id: d.due_on for d in deadlines_for(report)}
    assert dues == {
        "annual_report.submit": datetime.date(YEAR + 1, 3, 1),
        "annual_report.publish": datetime.date(YEAR + 1, 4, 1),
    }
    assert report.title == "临江市东湖区卫生健康局2024年法治政府建设情况报告"
    v = report.versions.get()
    assert (v.number, v.note, v.status) == (1, "生成初稿", "draft")
    assert "抽查任务564家" in v.text


def test_second_report_for_the_same_year_is_refused(report):
    with pytest.raises(ValidationError) as exc:
        services.create_report(report.agency, YEAR)
    assert "已存在" in str(exc.value)
    assert AnnualReport.objects.count() == 1


def test_report_for_a_future_year_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.create_report(world.county_a, datetime.date.today().year + 1)
    assert "报告年度" in str(exc.value)
    assert not AnnualReport.objects.exists()


def test_regenerate_updates_figures_and_keeps_the_officers_text(report, records):
    services.save_narrative(report, "supervision.text", "推行“双随机、一公开”全覆盖。")
    more = entities(records.county_a, 5, "109")
    Inspection.objects.bulk_create(
        Inspection(
            agency=records.county_a,
            entity=e,
            kind=InspectionKind.ROUTINE,
            inspected_on=datetime.date(YEAR, 11, 1),
        )
        for e in more
    )
    services.regenerate(report, actor=records.admin_a)
    report.refresh_from_db()
    text = report.versions.first().text
    assert "全年开展各类监督检查575家次" in text
    assert "推行“双随机、一公开”全覆盖。" in text
    assert NarrativeBlock.objects.get(report=report, key="supervision.text").text == (
        "推行“双随机、一公开”全覆盖。"
    )
    assert [v.note for v in report.versions.order_by("number")] == [
        "生成初稿",
        "修改：深入推进“双随机、一公开”监管（工作举措）",
        "重新生成数据",
    ]
    events = AuditEvent.objects.filter(action="change", object_id=str(report.pk))
    assert any(e.changes.get("regenerated") == YEAR for e in events)


def test_diff_between_versions_shows_the_new_text(report):
    services.save_narrative(report, "shortcomings.text", "基层执法力量不足。")
    old, new = report.versions.order_by("number")
    changes = [(tag, line) for tag, line in services.diff(old, new) if tag != "same"]
    assert ("added", "基层执法力量不足。") in changes
    assert any(tag == "removed" and "【待填写】存在的不足和原因" in line for tag, line in changes)


def test_unchanged_text_keeps_no_new_version(report):
    assert services.save_narrative(report, "plan.text", "继续推进。") is True
    assert services.save_narrative(report, "plan.text", "继续推进。\r\n") is False
    assert report.versions.count() == 2


@pytest.mark.parametrize(
    ("key", "text", "field", "words"),
    [
        ("nope.text", "x", "key", "模板中没有该段落"),
        ("supervision.figures", "x", "key", "系统根据数据生成"),
        ("plan.text", "字" * (services.MAX_NARRATIVE + 1), "text", "不能超过20000字"),
    ],
)
def test_bad_narrative_is_refused_and_nothing_is_written(report, key, text, field, words):
    with pytest.raises(ValidationError) as exc:
        services.save_narrative(report, key, text)
    assert words in " ".join(exc.value.message_dict[field])
    assert not NarrativeBlock.objects.exists()
    assert report.versions.count() == 1


def test_text_is_locked_once_the_report_left_the_draft(report):
    AnnualReport.objects.filter(pk=report.pk).update(status="legal_review")
    report.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.save_narrative(report, "plan.text", "x")
    assert "只有起草阶段可以修改" in str(exc.value)
    with pytest.raises(ValidationError):
        services.regenerate(report)
