"""In a real browser: the dashboard draws its charts and a number opens the records behind it."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR, login
from registry.tests.factories import entity
from supervision.tests.factories import inspection, inspector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_chart_and_number_to_records(world, browser_page):
    page = browser_page
    for county, name in ((world.county_a, "东湖看板宾馆"), (world.county_b, "西山看板浴室")):
        e = entity(county, name=name)
        entity(county)
        people = [inspector(county), inspector(county)]
        for month in (3, 5, 5):
            inspection(county, e, people, day=datetime.date(2025, month, 10))
    login(page, "city_officer", world.password)
    page.goto(page.base_url + "/indicators/?year=2025")
    page.wait_for_selector(".fz-chart[data-rendered='1'] canvas")
    assert page.locator(".fz-chart canvas").count() == 2
    page.screenshot(path=f"{SCREENSHOT_DIR}/indicators_dashboard.png", full_page=True)
    # On a phone the charts still draw, within the screen's width.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector(".fz-chart[data-rendered='1'] canvas")
    widths = page.eval_on_selector_all(".fz-chart canvas", "cs => cs.map(c => c.clientWidth)")
    assert widths and max(widths) <= 390
    page.screenshot(path=f"{SCREENSHOT_DIR}/indicators_dashboard_phone.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(page.base_url + "/indicators/?year=2025")

    page.click("a.fz-number:has-text('6家次')")
    expect(page.locator("h1")).to_contain_text("监督检查户次")
    expect(page.locator("#records")).to_be_visible()
    records = page.locator("#records + ol")
    expect(records).to_contain_text("东湖看板宾馆")
    expect(records).to_contain_text("西山看板浴室")
    page.screenshot(path=f"{SCREENSHOT_DIR}/indicator_records.png", full_page=True)


def test_coverage_parts_chart_and_a_part_to_its_records(world, browser_page):
    page = browser_page
    people = [inspector(world.county_a), inspector(world.county_a)]
    place = entity(world.county_a, name="东湖分项宾馆")
    entity(world.county_a, name="东湖未查宾馆")
    clinic = entity(world.county_a, name="东湖分项诊所", category="medical", subcategory="clinic")
    for e in (place, clinic):
        inspection(world.county_a, e, people, day=datetime.date(2025, 6, 1))
    login(page, "city_officer", world.password)
    page.goto(page.base_url + "/indicators/supervision_coverage_rate/?year=2025")
    page.wait_for_selector(".fz-chart[data-chart-id='chart-parts'][data-rendered='1'] canvas")
    expect(page.locator("#parts")).to_contain_text("按监管类别")
    page.screenshot(path=f"{SCREENSHOT_DIR}/indicator_parts.png", full_page=True)

    page.click("table.fz-parts tr:has-text('公共场所') a.fz-number")
    expect(page.locator("#records")).to_contain_text("公共场所")
    records = page.locator("#records + ol")
    expect(records).to_contain_text("东湖分项宾馆")
    expect(records).not_to_contain_text("东湖分项诊所")
    expect(page.locator("table.fz-parts tr.table-active")).to_contain_text("公共场所")
    page.locator("#records").screenshot(path=f"{SCREENSHOT_DIR}/indicator_part_records.png")
