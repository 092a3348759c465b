"""In a real browser: plan → draw → inspection with a rectification order → 回头看 → 公示 page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR, login
from registry.tests.factories import entity
from supervision.models import Inspection, RectificationOrder, SamplingPlan
from supervision.tests.factories import inspector, legal_officer, witness
from supervision.tests.test_flow_pages import seed_checklist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_plan(page, name: str, today: datetime.date) -> None:
    """法规科 saves a county plan of one public place, checked from today for 30 days."""
    page.goto(page.base_url + "/supervision/plans/add/")
    page.fill("#id_name", name)
    page.fill("#id_year", str(today.year))
    page.select_option("#id_source", "county")
    page.check("input[name=categories][value=public_place]")
    page.select_option("#id_quota_mode", "count")
    page.fill("#id_quota_value", "1")
    page.fill("#id_planned_on", today.isoformat())
    ends = min(today + datetime.timedelta(days=30), datetime.date(today.year, 12, 31))
    page.fill("#id_check_ends_on", ends.isoformat())
    page.click("button[type=submit]:has-text('保存')")
    expect(page.locator("h1")).to_contain_text(name)


def test_plan_draw_inspect_rectify_follow_up_and_publish(world, browser_page):
    page = browser_page
    seed_checklist()
    today = timezone.localdate()
    target = entity(world.county_a, name="临江悦来宾馆")
    person = world.officer_a.person
    person.certificate_valid_until = today + datetime.timedelta(days=365)
    person.save()
    inspector(world.county_a, name="钱卫东")
    # 法规科 makes and draws the plan, with a witness who does not inspect (separation of duties).
    legal = legal_officer(world.county_a, name="吴法规")
    legal.username = "legal_a"
    legal.set_password(world.password)
    legal.save()
    present = witness(world.county_a, name="纪检组王某")

    login(page, "legal_a", world.password)
    add_plan(page, "2026年公共场所双随机抽查（浏览器）", today)
    # The draw is confirmed on its own page: what will be drawn, the witness, no undo.
    page.click("a:has-text('抽取…')")
    expect(page.locator("main")).to_contain_text("抽取不可撤销")
    expect(page.locator("main")).to_contain_text("将抽取")
    page.select_option("#id_witness", str(present.pk))
    page.click("button:has-text('确认抽取')")
    expect(page.locator("#field-confirm")).to_contain_text("请勾选确认")
    page.select_option("#id_witness", str(present.pk))
    page.check("#id_confirm")
    page.screenshot(path=f"{SCREENSHOT_DIR}/supervision_plan_draw_confirm.png", full_page=True)
    page.click("button:has-text('确认抽取')")
    expect(page.locator(".alert-success")).to_contain_text("抽取完成：1户")
    expect(page.locator("main")).to_contain_text(f"吴法规 / {present.name}")
    page.screenshot(path=f"{SCREENSHOT_DIR}/supervision_plan_drawn.png", full_page=True)
    plan_url = page.url

    # The inspector records the inspection.
    page.click("text=退出")
    login(page, "officer_a", world.password)
    page.goto(plan_url)

    # The task page → 登记检查结果, prefilled from the task.
    page.click(f"a:has-text('{target.name}')")
    page.click("text=登记检查结果")
    assert page.input_value("#id_entity") == target.uscc
    page.check("input[name=result][value=rectify]")  # no default: the inspector chooses
    page.fill("#id_findings", "部分布草未做到一客一换")
    page.fill("#id_opinion_number", "临卫监意〔2026〕1号")
    page.click("button[type=submit]:has-text('保存')")
    expect(page.locator("h1")).to_contain_text(target.name)

    # 下达责令整改 on the inspection page (the section is open: the conclusion was 责令整改).
    expect(page.locator("#id_due_on")).to_be_visible()
    page.fill("#id_due_on", (today + datetime.timedelta(days=10)).isoformat())
    page.fill("#id_requirements", "布草一客一换一消毒")
    page.click("button:has-text('下达整改令')")
    expect(page.locator(".alert-success")).to_contain_text("已下达整改令")
    expect(page.locator("main")).to_contain_text("整改中")
    page.screenshot(path=f"{SCREENSHOT_DIR}/supervision_rectification.png", full_page=True)

    # 回头看 closes the order.
    page.click("text=登记回头看复查")
    page.select_option("#id_rectified", "1")
    page.check("input[name=result][value=passed]")
    page.click("button[type=submit]:has-text('保存')")
    expect(page.locator("main")).to_contain_text("已整改")
    order = RectificationOrder.objects.get()
    assert order.status == "completed" and order.follow_up is not None
    assert Inspection.objects.count() == 2

    # 法规科 publishes, then the public page shows the result without login.
    plan = SamplingPlan.objects.get()
    page.click("text=退出")
    login(page, "legal_a", world.password)
    page.goto(page.base_url + plan.get_absolute_url())
    page.fill("#id_published_on", today.isoformat())
    page.click("button:has-text('公示计划和检查结果')")
    expect(page.locator(".alert-success")).to_contain_text("已公示")
    page.click("text=退出")
    page.goto(page.base_url + "/portal/random-checks/")
    expect(page.locator("table")).to_contain_text(target.name)
    expect(page.locator("table")).to_contain_text("责令整改")
    page.screenshot(path=f"{SCREENSHOT_DIR}/portal_random_checks.png", full_page=True)


def test_inspection_page_on_a_phone(world, browser_page):
    page = browser_page
    seed_checklist()
    page.set_viewport_size({"width": 390, "height": 844})
    e = entity(world.county_a, name="临江清泉浴室", subcategory="bathing")
    people = [inspector(world.county_a), inspector(world.county_a)]
    insp = Inspection.objects.create(
        agency=world.county_a, entity=e, kind="routine", inspected_on=timezone.localdate()
    )
    insp.inspectors.set(people)
    login(page, "officer_a", world.password)
    page.goto(page.base_url + insp.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("临江清泉浴室")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=f"{SCREENSHOT_DIR}/inspection_phone.png", full_page=True)
