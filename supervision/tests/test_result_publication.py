"""公示检查结果 (RULES §2.1 事后公示, §11 row 24): 日常监督检查 results are published by the
agency and shown on the public page; 双随机 results go with their plan and count apart."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from core import tallies
from core.indicators import compute
from core.models import AuditEvent
from core.periods import Period
from registry.tests.factories import entity
from supervision import services
from supervision.models import Inspection
from supervision.tests.factories import inspection, inspector

DAY = datetime.date(2026, 3, 2)
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def visits(world):
    people = [inspector(world.county_a), inspector(world.county_a)]
    mine = [
        inspection(
            world.county_a,
            entity(world.county_a, name=f"公示检查{k}号"),
            people,
            kind=k,
            day=DAY,
            result="passed",
        )
        for k in ("routine", "special", "complaint")
    ]
    random = inspection(world.county_a, entity(world.county_a), people, kind="random", day=DAY)
    theirs = inspection(
        world.county_b,
        entity(world.county_b),
        [inspector(world.county_b), inspector(world.county_b)],
        kind="routine",
        day=DAY,
    )
    return mine, random, theirs


def test_publishing_takes_the_users_routine_results_only(world, visits):
    mine, random, theirs = visits
    everything = Inspection.objects.all()
    n = services.publish_inspections(
        everything, on=datetime.date(2026, 3, 20), actor=world.officer_a, today=TODAY
    )
    assert n == 3
    assert {i.pk for i in Inspection.objects.filter(published_on=datetime.date(2026, 3, 20))} == {
        i.pk for i in mine
    }
    random.refresh_from_db(), theirs.refresh_from_db()
    assert random.published_on is None and theirs.published_on is None
    event = AuditEvent.objects.get(action="publish")
    assert event.changes["count"] == 3 and sorted(event.changes["inspections"]) == sorted(
        i.pk for i in mine
    )
    # Published ones are not published again.
    assert (
        services.publish_inspections(everything, on=TODAY, actor=world.officer_a, today=TODAY) == 0
    )


def test_a_future_date_or_one_before_the_inspection_publishes_nothing(world, visits):
    with pytest.raises(Exception) as exc:
        services.publish_inspections(
            Inspection.objects.all(),
            on=TODAY + datetime.timedelta(days=1),
            actor=world.officer_a,
            today=TODAY,
        )
    assert "公示日期不能晚于今天" in str(exc.value)
    before = DAY - datetime.timedelta(days=1)
    assert (
        services.publish_inspections(
            Inspection.objects.all(), on=before, actor=world.officer_a, today=TODAY
        )
        == 0
    )
    assert not Inspection.objects.filter(published_on__isnull=False).exists()


def test_the_figure_counts_routine_results_and_not_random_ones(world, visits):
    mine, random, _ = visits
    services.publish_inspections(
        Inspection.objects.all(), on=datetime.date(2026, 3, 20), actor=world.officer_a, today=TODAY
    )
    Inspection.objects.filter(pk=random.pk).update(published_on=datetime.date(2026, 3, 20))
    year = Period.year(2026)
    days = Period(datetime.date(2026, 3, 20), datetime.date(2026, 3, 20))
    for period in (year, days):  # kept count and records agree
        m = compute("inspection_results_published", world.county_a, period)
        assert m.value == 3 == m.records.count()
    # An inspection changing kind moves its count (the trigger watches the kind).
    Inspection.objects.filter(pk=mine[0].pk).update(kind="random")
    assert compute("inspection_results_published", world.county_a, year).value == 2
    assert tallies.verify(tallies.registered()) == []


def test_the_page_publishes_and_the_public_sees_it(world, visits, client_for, client):
    mine, random, _ = visits
    c = client_for(world.officer_a)
    html = c.get("/supervision/inspections/publish/").content.decode()
    assert '待公示</div><div class="fs-4">3条' in html
    resp = c.post(
        "/supervision/inspections/publish/",
        {"inspected_from": "", "inspected_to": "2026-03-31", "published_on": "2026-04-01"},
    )
    assert resp.status_code == 302
    assert Inspection.objects.filter(published_on=datetime.date(2026, 4, 1)).count() == 3
    page = client.get("/portal/inspections/").content.decode()
    for i in mine:
        assert i.entity.name in page and i.entity.uscc in page
    assert random.entity.name not in page
    assert "共3条" in page
    body = b"".join(client.get("/portal/inspections/export.csv").streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["检查实施机关", "检查对象名称", "统一社会信用代码"] and len(rows) == 4
    book = load_workbook(io.BytesIO(client.get("/portal/inspections/export.xlsx").content))
    assert book.active.max_row == 4
    filtered = client.get("/portal/inspections/?q=公示检查special").content.decode()
    assert "共1条" in filtered and mine[1].entity.name in filtered


def test_the_page_refuses_bad_dates_on_their_fields(world, visits, client_for):
    c = client_for(world.officer_a)
    resp = c.post(
        "/supervision/inspections/publish/",
        {
            "inspected_from": "2026-04-01",
            "inspected_to": "2026-03-01",
            "published_on": "2026-03-01",
        },
    )
    html = resp.content.decode()
    assert resp.status_code == 200 and "检查日期自不能晚于检查日期至" in html
    assert not Inspection.objects.filter(published_on__isnull=False).exists()


def test_roles_without_change_rights_cannot_publish(world, client_for):
    assert client_for(world.reviewer_a).get("/supervision/inspections/publish/").status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_menu_leads_to_publishing_and_the_public_page(world, browser_page):
    from playwright.sync_api import expect

    from conftest import SCREENSHOT_DIR, login

    people = [inspector(world.county_a), inspector(world.county_a)]
    unit = entity(world.county_a, name="浏览器公示宾馆")
    inspection(world.county_a, unit, people, kind="routine", day=DAY, result="passed")
    page = browser_page
    login(page, "officer_a", world.password)
    page.goto(page.base_url + "/supervision/inspections/publish/")
    expect(page.locator("h1")).to_have_text("公示检查结果")
    expect(page.locator("body")).to_contain_text("超过20个工作日未公示")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{SCREENSHOT_DIR}/inspection_publish_phone.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.click("button:has-text('公示所选期间的检查结果')")
    expect(page.locator(".alert-success")).to_contain_text("已公示1条检查结果")
    page.screenshot(path=f"{SCREENSHOT_DIR}/inspection_publish.png", full_page=True)
    page.click("text=退出")
    page.goto(page.base_url + "/portal/")
    page.click("a:has-text('监督检查结果公示') >> nth=-1")
    expect(page.locator("table")).to_contain_text("浏览器公示宾馆")
    page.screenshot(path=f"{SCREENSHOT_DIR}/portal_inspections.png", full_page=True)


def test_the_api_publishes_as_the_page_does(world, visits, api_for):
    mine, _, _ = visits
    api = api_for(world.officer_a)
    url = "/api/supervision/inspections/publish/"
    bad = api.post(url, {"inspected_to": "2026-03-31", "published_on": "2026-03-01"}, format="json")
    assert bad.status_code == 400 and "只能公示公示日期当天及以前的检查结果" in str(bad.data)
    resp = api.post(
        url, {"inspected_to": "2026-03-31", "published_on": "2026-04-01"}, format="json"
    )
    assert resp.status_code == 200 and resp.data == {"published": 3}
    assert {i.pk for i in Inspection.objects.filter(published_on__isnull=False)} == {
        i.pk for i in mine
    }
    assert api_for(world.reviewer_a).post(url, {}, format="json").status_code == 403


def test_the_page_counts_results_past_twenty_working_days(world, client_for):
    """RULES §2.1: 事后公示 within 20 working days; the page counts the results past it."""
    from django.utils import timezone

    today = timezone.localdate()
    people = [inspector(world.county_a), inspector(world.county_a)]
    for day in (today - datetime.timedelta(days=60), today):
        inspection(world.county_a, entity(world.county_a), people, kind="routine", day=day)
    html = client_for(world.officer_a).get("/supervision/inspections/publish/").content.decode()
    assert '待公示</div><div class="fs-4">2条' in html
    assert '超过20个工作日未公示</div><div class="fs-4 text-danger">1条' in html


@pytest.mark.parametrize(
    "body, field",
    [
        ({"published_on": "2026-04-01"}, "inspected_to"),
        ({"inspected_to": "2026-03-31", "published_on": "四月一日"}, "published_on"),
    ],
)
def test_the_api_names_a_missing_or_unreadable_date(world, visits, api_for, body, field):
    resp = api_for(world.officer_a).post(
        "/api/supervision/inspections/publish/", body, format="json"
    )
    assert resp.status_code == 400 and field in resp.data
    assert not Inspection.objects.filter(published_on__isnull=False).exists()
