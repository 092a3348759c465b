"""A person creates a sampling plan, adds a stratum and draws, in the browser."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR, login
from core.models import Person
from registry.tests.factories import entity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_and_draw_in_the_browser(world, browser_page):
    for i in range(4):
        Person.objects.create(
            agency=world.county_a,
            name=f"执法员{i}",
            certificate_number=f"ZB{i}",
            certificate_valid_until=datetime.date(2030, 1, 1),
        )
    for _ in range(6):
        entity(world.county_a, category="public_place", subcategory="swimming")
    page = browser_page
    login(page, "officer_a", world.password)
    page.click("text=双随机")
    page.click("a.dropdown-item:has-text('新建抽查计划')")
    page.fill("#id_name", "2026年游泳场所专项抽查")
    page.fill("#id_year", "2026")
    page.select_option("#id_source", "county")
    page.fill("#id_planned_on", "2026-07-01")
    page.click("button:has-text('保存')")
    expect(page.locator("h1")).to_contain_text("2026年游泳场所专项抽查")
    page.select_option("#id_category", "public_place")
    page.fill("#id_proportion", "50")
    page.click("button:has-text('添加分层')")
    expect(page.locator("main")).to_contain_text("已添加分层")
    page.fill("#id_witness", "纪检组 张某")
    page.click("button:has-text('开始抽取')")
    expect(page.locator(".alert-success")).to_contain_text("抽取完成：3户检查对象")
    page.screenshot(path=f"{SCREENSHOT_DIR}/plan_drawn.png", full_page=True)
    page.click("button:has-text('复核抽取结果')")
    expect(page.locator(".alert-success")).to_contain_text("复核一致")
