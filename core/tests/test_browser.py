"""Real-browser checks: two counties' users each see only their own data."""

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR, login
from core.models import Person, Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_counties_see_only_their_own_people(world, browser_page):
    page = browser_page
    Person.objects.create(agency=world.county_a, name="东湖监督员甲")
    Person.objects.create(agency=world.county_b, name="西山监督员乙")
    # The people pages are the 法规科's and the administrator's work, not an inspector's.
    for username, agency in [("legal_a", world.county_a), ("legal_b", world.county_b)]:
        user = User(username=username, agency=agency, role=Role.LEGAL_OFFICE)
        user.set_password(world.password)
        user.save()

    login(page, "legal_a", world.password)
    assert "您好" in page.content()
    page.screenshot(path=f"{SCREENSHOT_DIR}/home_legal_a.png", full_page=True)
    page.click("text=机构与人员")
    page.click("a.dropdown-item:has-text('人员')")
    page.wait_for_selector("table")
    text = page.inner_text("main")
    assert "东湖监督员甲" in text and "西山监督员乙" not in text
    page.screenshot(path=f"{SCREENSHOT_DIR}/people_legal_a.png", full_page=True)

    # Live search through htmx narrows the table without a page load.
    page.fill("input[name=q]", "甲")
    expect(page.locator("#object-table")).not_to_contain_text("陈立")
    expect(page.locator("#object-table")).to_contain_text("东湖监督员甲")

    page.click("text=退出")
    page.wait_for_url("**/accounts/login/**")
    login(page, "legal_b", world.password)
    page.goto(page.base_url + "/people/")
    text = page.inner_text("main")
    assert "西山监督员乙" in text and "东湖监督员甲" not in text
    page.screenshot(path=f"{SCREENSHOT_DIR}/people_legal_b.png", full_page=True)

    other = Person.objects.get(name="东湖监督员甲")
    resp = page.goto(page.base_url + f"/people/{other.pk}/")
    assert resp.status == 404


def test_wrong_password_shows_chinese_error(world, browser_page):
    page = browser_page
    login(page, "officer_a", "wrong-password-1")
    assert "用户名或密码错误" in page.inner_text("main")
    page.screenshot(path=f"{SCREENSHOT_DIR}/login_error.png")


def test_phone_sized_screen_has_collapsible_menu(world, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "admin_a", world.password)
    page.click(".navbar-toggler")
    page.click("text=机构与人员")
    page.click("a.dropdown-item:has-text('人员')")
    page.wait_for_selector("table")
    page.screenshot(path=f"{SCREENSHOT_DIR}/people_phone.png", full_page=True)


def test_person_form_validates_inline_and_saves(world, browser_page):
    page = browser_page
    login(page, "admin_a", world.password)
    page.goto(page.base_url + "/people/add/")
    page.fill("#id_certificate_number", "ZJ7777")
    page.fill("#id_name", "内联校验")  # leaving the certificate field triggers its validation
    page.locator("#id_certificate_number").dispatch_event("change")
    expect(page.locator("#errors-certificate_valid_until")).to_contain_text("必须填写执法证有效期")
    assert page.input_value("#id_name") == "内联校验"  # validation never overwrites typing
    page.screenshot(path=f"{SCREENSHOT_DIR}/person_form_inline_error.png", full_page=True)
    page.fill("#id_certificate_valid_until", "2029-05-01")
    page.locator("#id_certificate_valid_until").dispatch_event("change")
    expect(page.locator("#errors-certificate_valid_until")).to_be_empty()
    page.click("button:has-text('保存')")
    page.wait_for_load_state()
    page.screenshot(path=f"{SCREENSHOT_DIR}/person_form_saved.png", full_page=True)
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    assert Person.objects.get(name="内联校验").agency == world.county_a


def test_lists_on_a_phone_read_as_cards_not_wider_than_the_page(world, browser_page):
    """A wide list (the 监管对象 list has nine columns) keeps the page within the phone's
    width: each row is a card, each cell on its own line after its column's name, nothing cut
    off at the right edge."""
    from registry.tests.factories import entity

    for n in range(3):
        entity(world.county_a, name=f"临江东湖第{n}号职业卫生技术服务机构")
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "officer_a", world.password)
    page.goto(page.base_url + "/registry/entities/")
    expect(page.locator("table")).to_contain_text("临江东湖第0号职业卫生技术服务机构")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("table.fz-stack thead").evaluate("el => getComputedStyle(el).display") == (
        "none"
    )
    cell = page.locator("td:has-text('临江东湖第0号职业卫生技术服务机构')").first
    box = cell.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # on screen, not cut off
    assert cell.get_attribute("data-label")  # the column's name is shown before the value
    page.screenshot(path=f"{SCREENSHOT_DIR}/entities_phone.png", full_page=True)
