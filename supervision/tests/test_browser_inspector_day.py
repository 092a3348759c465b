"""In a real browser on a phone (390×844): an inspector opens 我的任务, checks in at the unit's
door and records an inspection with a finding that becomes the order's 整改要求."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR, login
from registry.tests.factories import entity
from supervision.models import (
    CheckIn,
    ChecklistPoint,
    Finding,
    Inspection,
    InspectorTeam,
    RectificationOrder,
    Task,
    TaskStatus,
    TeamMember,
)
from supervision.tests.factories import inspector, plan
from supervision.tests.test_flow_pages import seed_checklist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _fits(page, selector: str) -> None:
    """The element is inside the phone's screen width (not cut off at the right)."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, (
        selector,
        box,
    )


def test_inspector_opens_my_tasks_checks_in_and_records_a_finding(world, browser_page):
    page = browser_page
    seed_checklist()
    today = timezone.localdate()
    me = world.officer_a.person
    colleague = inspector(world.county_a, name="钱卫东")
    unit = entity(
        world.county_a,
        name="临江悦来宾馆",
        address="东湖区解放路128号",
        legal_representative="何春生",
        phone="0571-87650000",
    )
    p = plan(
        world.county_a,
        name="2026年公共场所双随机抽查",
        planned_on=today - datetime.timedelta(days=1),
        check_ends_on=today + datetime.timedelta(days=20),
        year=today.year,
    )
    team = InspectorTeam.objects.create(plan=p, number=1)
    TeamMember.objects.create(team=team, person=me)
    TeamMember.objects.create(team=team, person=colleague)
    task = Task.objects.create(
        agency=world.county_a, plan=p, entity=unit, stratum="*", seq=1, team=team
    )
    # A colleague's task is not on my list.
    other_team = InspectorTeam.objects.create(plan=p, number=2)
    TeamMember.objects.create(team=other_team, person=colleague)
    TeamMember.objects.create(team=other_team, person=inspector(world.county_a))
    Task.objects.create(
        agency=world.county_a,
        plan=p,
        entity=entity(world.county_a, name="临江别家浴室"),
        stratum="*",
        seq=2,
        team=other_team,
    )
    page.context.grant_permissions(["geolocation"], origin=page.base_url)
    page.context.set_geolocation({"latitude": 30.27415, "longitude": 120.15515, "accuracy": 15})
    page.set_viewport_size(PHONE)

    # 我的任务 from the menu.
    login(page, "officer_a", world.password)
    page.click("button.navbar-toggler")
    page.click("a.dropdown-toggle:has-text('双随机与检查')")
    page.click("a.dropdown-item:has-text('我的任务')")
    expect(page.locator("table.fz-stack")).to_be_visible()
    card = page.locator("tbody tr").first
    expect(card).to_contain_text("临江悦来宾馆")
    expect(card).to_contain_text("东湖区解放路128号")
    expect(card).to_contain_text("何春生")
    expect(page.locator("main")).not_to_contain_text("临江别家浴室")
    for label in ("检查对象", "状态", "检查截止"):
        _fits(page, f"tbody tr td[data-label='{label}']")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=f"{SCREENSHOT_DIR}/inspector_my_tasks_phone.png", full_page=True)

    # The task → 扫码入企 at the door (my 执法证号 is filled in; the unit's code is scanned).
    page.click("a:has-text('临江悦来宾馆')")
    page.click("a:has-text('扫码入企')")
    expect(page.locator("#id_person_code")).to_have_value(me.certificate_number)
    expect(page.locator("[data-geo-status]")).to_contain_text("已获取")
    page.fill("#id_entity_code", unit.uscc)
    page.screenshot(path=f"{SCREENSHOT_DIR}/inspector_check_in_phone.png", full_page=True)
    page.click("button:has-text('核验入企')")
    expect(page.locator("#check-in-result")).to_contain_text("核验通过")
    expect(page.locator("main")).to_contain_text("误差约15米")
    _fits(page, "a:has-text('登记检查')")
    page.screenshot(path=f"{SCREENSHOT_DIR}/inspector_check_in_passed_phone.png", full_page=True)

    # The inspection form: checklist before saving, no conclusion chosen for me.
    page.click("a:has-text('登记检查')")
    expect(page.locator("main")).to_contain_text("已扫码入企")
    point = ChecklistPoint.objects.filter(category=unit.category).order_by("order").first()
    page.click(f"label[for=id_p{point.pk}_2]")  # 不符合
    page.fill(f"#id_n{point.pk}", "布草未一客一换")
    page.fill("#id_findings", "大堂整洁\n客房布草未更换")
    page.click("button:has-text('保存检查记录')")
    # Refused: no conclusion. The summary at the top says so and links to the field.
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("请选择检查结论")
    assert summary.bounding_box()["y"] < PHONE["height"]  # on screen, not at the bottom
    page.screenshot(path=f"{SCREENSHOT_DIR}/inspector_form_error_phone.png")
    summary.locator("a[href='#field-result']").click()
    page.check("input[name=result][value=rectify]")
    page.screenshot(path=f"{SCREENSHOT_DIR}/inspector_form_phone.png", full_page=True)
    page.click("button:has-text('保存检查记录')")

    # Saved: the order's panel is open with the finding as its 整改要求.
    expect(page.locator("h1")).to_contain_text("临江悦来宾馆")
    expect(page.locator("#id_requirements")).to_have_value(f"1. {point.text}：布草未一客一换")
    page.fill("#id_due_on", (today + datetime.timedelta(days=10)).isoformat())
    page.click("button:has-text('下达整改令')")
    expect(page.locator(".alert-success")).to_contain_text("已下达整改令")
    expect(page.locator("main")).to_contain_text("客房布草未更换")
    page.screenshot(path=f"{SCREENSHOT_DIR}/inspector_inspection_saved_phone.png", full_page=True)

    insp = Inspection.objects.get()
    assert insp.result == "rectify" and insp.task_id == task.pk
    assert insp.checked_in_at is not None
    check_in = CheckIn.objects.get(inspection=insp)
    assert check_in.accepted and check_in.accuracy_m == 15
    assert Finding.objects.get(inspection=insp, compliant=False).note == "布草未一客一换"
    assert RectificationOrder.objects.get(inspection=insp).requirements.startswith("1. ")
    task.refresh_from_db()
    assert task.status == TaskStatus.REVIEWING

    # Another inspection, without a task: the unit is found by a few characters of its name.
    page.goto(page.base_url + "/supervision/inspections/add/")
    page.fill("#entity-q", "悦来")
    result = page.locator("#entity-results a:has-text('临江悦来宾馆')")
    expect(result).to_be_visible()  # htmx fills the results as the user types
    expect(page.locator("#entity-results")).to_contain_text("东湖区解放路128号")
    page.screenshot(path=f"{SCREENSHOT_DIR}/inspector_find_unit_phone.png", full_page=True)
    result.click()
    expect(page.locator(".fz-entity-card")).to_contain_text("临江悦来宾馆")
    expect(page.locator("#checklist")).to_be_visible()
