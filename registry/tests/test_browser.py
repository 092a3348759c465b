"""Real-browser check of the licence pages on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR, login
from registry.models import Licence
from registry.tests.factories import entity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_licence_is_added_on_a_phone_with_the_date_rule_shown_inline(world, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    e = entity(world.county_a, name="东湖手机宾馆")
    login(page, "officer_a", world.password)
    page.goto(page.base_url + f"/registry/entities/{e.pk}/")
    page.click("text=新增许可证")
    page.select_option("#id_kind", "public_place")
    page.fill("#id_number", "临卫公字〔2025〕第00100号")
    page.fill("#id_valid_from", "2025-06-01")
    page.fill("#id_valid_until", "2025-05-01")
    page.locator("#id_valid_until").dispatch_event("change")
    expect(page.locator("#errors-valid_until")).to_contain_text("不能早于有效期自")
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wide, "the form is wider than the phone's screen"
    page.screenshot(path=f"{SCREENSHOT_DIR}/licence_form_phone.png", full_page=True)
    assert not Licence.objects.exists()

    page.fill("#id_valid_until", "2029-05-31")
    page.click("main button[type=submit]")
    expect(page.locator(".fz-licences")).to_contain_text("临卫公字〔2025〕第00100号")
    page.screenshot(path=f"{SCREENSHOT_DIR}/entity_licences_phone.png", full_page=True)
    assert Licence.objects.get().entity == e

    # Withdrawn with a reason, never deleted: still listed, marked 已撤回 with the reason.
    page.click(".fz-licences >> text=撤回")
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("撤回理由：必填")
    page.fill("#id_reason", "许可证号录错，已重新登记")
    page.click("main button[type=submit]")
    expect(page.locator(".fz-licences")).to_contain_text("已撤回")
    expect(page.locator(".fz-licences")).to_contain_text("许可证号录错，已重新登记")
    page.screenshot(path=f"{SCREENSHOT_DIR}/entity_licence_withdrawn_phone.png", full_page=True)
    assert Licence.objects.get().is_withdrawn
