"""The demo city's reports: the city's written draft and a county report through to 公开."""

import pytest
from django.core.management import call_command

from core.deadlines import deadlines_for
from reports import services
from reports.models import AnnualReport
from review.engine import review_bytes

pytestmark = pytest.mark.django_db


def test_demo_builds_a_draft_and_a_published_report_that_pass_the_self_check(client):
    call_command("demo", scale="small", verbosity=0)
    city = AnnualReport.objects.get(agency__parent__isnull=True)
    county = AnnualReport.objects.exclude(pk=city.pk).get()
    assert city.status == "draft" and county.status == "published"
    assert {d.rule_id: d.met for d in deadlines_for(county)} == {
        "annual_report.submit": True,
        "annual_report.publish": True,
    }
    assert county.submissions.count() == 3
    for report in (city, county):
        doc = services.assembly(report).document
        for fmt in ("html", "docx", "md"):
            findings = review_bytes(services.render(doc, fmt), f"report.{fmt}").findings
            assert [(f.kind, f.message) for f in findings] == [], (report.agency.code, fmt)
        # Coverage by 监管类别, each figure linked to its category's records.
        md = services.render(doc, "md").decode()
        assert "。其中医疗卫生机构[" in md and "；公共场所[" in md
        assert f"?agency={report.agency.code}&year={report.year}&part=public_place)户，覆盖率" in md
    assert county.title in client.get("/portal/annual-reports/").content.decode()
