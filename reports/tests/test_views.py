"""The report pages: scoping, the editor (htmx), workflow forms, exports, versions, reminders."""

import datetime
import io

import docx
import pytest
import time_machine
from django.urls import reverse

from core.tests.scoping import ScopedEndpoints, assert_scoped
from reports import services
from reports.models import AnnualReport, NarrativeBlock
from reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(records):
    return services.create_report(records.county_a, YEAR, actor=records.admin_a)


def test_reports_are_scoped(world, client_for, api_for):
    assert_scoped(
        world,
        client_for,
        api_for,
        ScopedEndpoints(
            make=lambda agency: services.create_report(agency, YEAR),
            list_url="reports:annualreport_list",
            detail_url="reports:annualreport_detail",
            label=lambda r: r.title,
        ),
    )


def test_new_report_page_generates_the_draft(records, client_for):
    client = client_for(records.admin_a)
    page = client.get(reverse("reports:annualreport_add"))
    assert "生成报告初稿" in page.content.decode()
    resp = client.post(reverse("reports:annualreport_add"), {"year": YEAR})
    report = AnnualReport.objects.get()
    assert resp.status_code == 302 and resp["Location"] == report.get_absolute_url()
    again = client.post(reverse("reports:annualreport_add"), {"year": YEAR})
    assert again.status_code == 200
    assert "本机构2024年度的报告已存在" in again.content.decode()
    assert AnnualReport.objects.count() == 1


def test_inspector_cannot_create_a_report(records, client_for):
    resp = client_for(records.officer_a).post(reverse("reports:annualreport_add"), {"year": YEAR})
    assert resp.status_code == 403
    assert not AnnualReport.objects.exists()


def test_editor_shows_figures_with_links_flags_and_hints(report, records, client_for):
    body = client_for(records.admin_a).get(report.get_absolute_url()).content.decode()
    link = (
        reverse("indicators:indicator", args=["random_tasks"]) + f"?agency=330102&amp;year={YEAR}"
    )
    assert f'<a href="{link}" class="fz-figure"' in body
    assert "564家" in body
    assert "本部分的数据来源（投诉举报）尚未接入系统" in body
    assert "必填段落“存在的不足和原因”尚未填写" in body
    assert "整改完成率为80.00%" in body  # 数据提示
    assert "提交审核" in body
    assert "报送法治政府建设年度报告" not in body or "2025年3月1日" in body


def test_a_number_in_the_report_opens_its_records(report, records, client_for):
    client = client_for(records.admin_a)
    url = reverse("indicators:indicator", args=["rectification_completion_rate"])
    body = client.get(url, {"agency": "330102", "year": YEAR}).content.decode()
    assert "80.00%" in body
    assert "330102-R0" in body or "号单位" in body


def test_narrative_is_saved_inline_with_htmx(report, records, client_for):
    client = client_for(records.admin_a)
    url = reverse("reports:narrative_edit", args=[report.pk, "shortcomings.text"])
    resp = client.post(url, {"text": "基层执法力量不足，原因是编制有限。"}, HTTP_HX_REQUEST="true")
    body = resp.content.decode()
    assert resp.status_code == 200 and "<html" not in body
    assert "已保存" in body
    assert NarrativeBlock.objects.get(report=report).text == "基层执法力量不足，原因是编制有限。"
    too_long = client.post(url, {"text": "字" * 20001}, HTTP_HX_REQUEST="true")
    assert too_long.status_code == 400
    assert "内容不能超过20000字" in too_long.content.decode()
    assert NarrativeBlock.objects.get(report=report).text == "基层执法力量不足，原因是编制有限。"


def test_upper_level_reads_but_cannot_change_a_county_report(report, records, client_for):
    client = client_for(records.city_admin)
    body = client.get(report.get_absolute_url()).content.decode()
    assert report.title in body and "保存本段" not in body and "提交审核" not in body
    url = reverse("reports:narrative_edit", args=[report.pk, "plan.text"])
    assert client.post(url, {"text": "改"}).status_code == 404
    resp = client.post(
        reverse("reports:annualreport_transition", args=[report.pk]), {"to": "legal_review"}
    )
    assert resp.status_code == 404
    assert not NarrativeBlock.objects.exists()


def test_workflow_step_with_missing_fields_shows_the_rule(report, records, client_for):
    AnnualReport.objects.filter(pk=report.pk).update(status="party_review")
    client = client_for(records.admin_a)
    url = reverse("reports:annualreport_transition", args=[report.pk])
    with time_machine.travel(datetime.datetime(YEAR + 1, 2, 20, tzinfo=datetime.UTC), tick=False):
        resp = client.post(
            url,
            {
                "to": "approved",
                "meeting_type": "party_group",
                "meeting_on": f"{YEAR}-12-30",
                "minutes_number": "纪要3号",
                "attendees": "赵强",
            },
        )
    assert resp.status_code == 400
    assert "审议日期须在报告年度（2024年）结束之后" in resp.content.decode()
    report.refresh_from_db()
    assert report.status == "party_review"


def test_html_export_links_numbers_and_docx_is_a_word_file(report, records, client_for, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve static files as in development, uncollected
    client = client_for(records.admin_a)
    html = client.get(reverse("reports:annualreport_export", args=[report.pk, "html"]))
    assert html["Content-Type"].startswith("text/html")
    page = html.content.decode()
    assert 'href="/indicators/random_tasks/?agency=330102&amp;year=2024"' in page
    # Shown by the site: the stylesheet is linked (the CSP refuses inline style) ...
    assert '<link rel="stylesheet" href="/static/reports/report.css">' in page
    assert "<style>" not in page
    # ... downloaded: inline, so that the file reads anywhere.
    url = reverse("reports:annualreport_export", args=[report.pk, "html"])
    saved = client.get(url + "?download=1")
    assert "attachment" in saved["Content-Disposition"]
    assert "<style>" in saved.content.decode() and "<link" not in saved.content.decode()
    # Both look the same: the downloaded file inlines the very stylesheet the site serves.
    served = client.get(page.split('<link rel="stylesheet" href="')[1].split('"')[0])
    assert served.status_code == 200
    inline = saved.content.decode().split("<style>")[1].split("</style>")[0]
    assert inline.strip() == b"".join(served.streaming_content).decode().strip() != ""
    resp = client.get(reverse("reports:annualreport_export", args=[report.pk, "docx"]))
    assert "attachment" in resp["Content-Disposition"]
    word = docx.Document(io.BytesIO(resp.content))
    assert word.paragraphs[0].text == report.title
    # Absolute links in a downloaded file, so they work outside the browser.
    targets = [r.target_ref for r in word.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert any(t.startswith("http://testserver/indicators/") for t in targets)


def test_versions_page_and_diff(report, records, client_for):
    services.save_narrative(report, "plan.text", "全面推进严格规范公正文明执法。")
    client = client_for(records.admin_a)
    v1 = client.get(reverse("reports:version_detail", args=[report.pk, 1])).content.decode()
    assert "生成初稿" in v1 and report.title in v1
    diff = client.get(reverse("reports:version_diff", args=[report.pk]), {"from": 1, "to": 2})
    body = diff.content.decode()
    assert '<ins class="d-block fz-ins">+ 全面推进严格规范公正文明执法。</ins>' in body


def test_deadlines_remind_on_the_home_dashboard(report, records, client_for):
    with time_machine.travel(datetime.datetime(YEAR + 1, 2, 25, tzinfo=datetime.UTC), tick=False):
        body = client_for(records.admin_a).get(reverse("core:home")).content.decode()
    assert f"{report.title}：报送" in body
    assert "即将到期" in body
