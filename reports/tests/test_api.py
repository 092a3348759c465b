"""The reports API: scoped reads, creation, narrative, workflow steps with Chinese errors."""

import datetime

import pytest
import time_machine

from reports import services
from reports.models import AnnualReport
from reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db
BASE = "/api/reports/reports/"


def test_create_write_and_submit_for_review_through_the_api(world, api_for):
    api = api_for(world.admin_a)
    resp = api.post(BASE, {"year": YEAR}, format="json")
    assert resp.status_code == 201, resp.content
    pk = resp.json()["id"]
    assert resp.json()["status"] == "draft"
    again = api.post(BASE, {"year": YEAR}, format="json")
    assert again.status_code == 400 and "已存在" in again.json()["year"][0]

    early = api.post(f"{BASE}{pk}/transition/", {"to": "legal_review"}, format="json")
    assert early.status_code == 400
    assert "尚有必填段落未填写" in early.json()["detail"][0]
    for key in ("duty.text", "shortcomings.text", "plan.text"):
        r = api.post(f"{BASE}{pk}/narrative/", {"key": key, "text": "已填写。"}, format="json")
        assert r.status_code == 200 and r.json() == {"changed": True}
    ok = api.post(f"{BASE}{pk}/transition/", {"to": "legal_review"}, format="json")
    assert ok.status_code == 200 and ok.json()["status_label"] == "法规科审核"
    locked = api.post(f"{BASE}{pk}/narrative/", {"key": "plan.text", "text": "x"}, format="json")
    assert locked.status_code == 400
    versions = api.get(f"{BASE}{pk}/versions/").json()
    assert [v["number"] for v in versions] == [5, 4, 3, 2, 1]
    doc = api.get(f"{BASE}{pk}/document/").json()["document"]
    assert doc["title"].endswith("2024年法治政府建设情况报告")


def test_submission_through_the_api_records_recipients(world, api_for):
    report = services.create_report(world.county_a, YEAR)
    AnnualReport.objects.filter(pk=report.pk).update(status="approved")
    api = api_for(world.admin_a)
    with time_machine.travel(datetime.datetime(YEAR + 1, 2, 20, tzinfo=datetime.UTC), tick=False):
        resp = api.post(
            f"{BASE}{report.pk}/transition/",
            {
                "to": "submitted",
                "recipients": [
                    {
                        "recipient": "东湖区委、区政府",
                        "kind": "submit",
                        "submitted_on": "2025-02-18",
                    }
                ],
            },
            format="json",
        )
    assert resp.status_code == 200, resp.content
    assert report.submissions.get().recipient == "东湖区委、区政府"


def test_api_is_scoped_and_read_only_upwards(world, api_for):
    report = services.create_report(world.county_a, YEAR)
    from core.models import Role, User

    legal_b = User.objects.create(username="legal_b", agency=world.county_b, role=Role.LEGAL_OFFICE)
    assert api_for(legal_b).get(f"{BASE}{report.pk}/").status_code == 404
    city = api_for(world.city_admin)
    assert city.get(f"{BASE}{report.pk}/").status_code == 200
    resp = city.post(f"{BASE}{report.pk}/regenerate/", format="json")
    assert resp.status_code == 404
    inspector = api_for(world.officer_a)
    assert inspector.post(f"{BASE}{report.pk}/regenerate/").status_code == 403


def test_published_report_is_on_the_public_portal_without_login(world, client):
    report = services.create_report(world.county_a, YEAR)
    assert client.get("/portal/annual-reports/").content.decode().count(report.title) == 0
    assert client.get(f"/portal/annual-reports/{report.pk}/").status_code == 404  # draft
    AnnualReport.objects.filter(pk=report.pk).update(
        status="published", published_on=datetime.date(YEAR + 1, 3, 20)
    )
    listing = client.get("/portal/annual-reports/").content.decode()
    assert report.title in listing and "公开于 2025年3月20日" in listing
    page = client.get(f"/portal/annual-reports/{report.pk}/").content.decode()
    assert "<h1" in page and report.title in page
    assert "/indicators/" not in page  # record pages need a login: no links in public
