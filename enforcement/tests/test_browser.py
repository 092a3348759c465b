"""In a real browser: a clue → team → 立案 (负责人) → 调查终结 → 事先告知 with a refused fine →
陈述申辩 → 决定 → 送达, at desktop and phone size."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR, login
from enforcement.models import Case, CaseStatus
from enforcement.tests.factories import leader, violation
from supervision.tests.factories import inspector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logout(page) -> None:
    if page.locator(".navbar-toggler").is_visible():  # a phone: the menu is folded
        page.click(".navbar-toggler")
    page.click("text=退出")


def _open(page, title: str) -> None:
    page.click(f"button.accordion-button:has-text('{title}')")
    page.wait_for_timeout(400)  # the section's collapse animation


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_case_from_clue_to_service(world, browser_page, size):
    page = browser_page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    tag = "phone" if size[0] < 600 else "desktop"
    today = datetime.date.today().isoformat()
    colleague = inspector(world.county_a, name="钱卫东")
    boss = leader(world.county_a)
    boss.username = "leader_a"
    boss.set_password(world.password)
    boss.save()
    v = violation(name="公共场所未取得卫生许可证擅自营业")

    login(page, "officer_a", world.password)
    page.goto(page.base_url + "/enforcement/cases/add/")
    page.fill("#id_cause", "临江某浴室未取得卫生许可证擅自营业案")
    page.select_option("#id_source", "complaint")
    page.select_option("#id_domain", "public_place")
    page.fill("#id_clue_on", today)
    page.select_option("#id_party_kind", "org")
    page.fill("#id_party_name", "临江某浴室")
    page.click("button[type=submit]:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("已登记案件线索")
    page.click("summary:has-text('确定承办人员')")
    page.check(f"input[name=investigators][value='{world.officer_a.person_id}']")
    page.check(f"input[name=investigators][value='{colleague.pk}']")
    page.select_option("select[name=lead]", str(world.officer_a.person_id))
    page.fill("input[name=declared_on]", today)
    page.click("button:has-text('保存承办人员')")
    expect(page.locator("main")).to_contain_text("钱卫东")
    case_url = page.url
    _logout(page)

    login(page, "leader_a", world.password)
    page.goto(case_url)
    _open(page, "批准立案")
    page.click("#step-file button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("批准立案")
    _logout(page)

    login(page, "officer_a", world.password)
    page.goto(case_url)
    _open(page, "调查终结")
    page.fill("#id_close_investigation-facts", "经查，该浴室未取得公共场所卫生许可证营业30日。")
    page.fill("#id_close_investigation-report", "事实清楚，证据确凿，建议罚款。")
    page.click("#step-close_investigation button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("调查终结")
    _open(page, "事先告知")
    page.select_option("#id_penalty-violation", str(v.pk))
    page.select_option("#id_penalty-discretion_grade", "minor")
    page.check("input[name='penalty-penalty_kinds'][value='fine']")
    page.fill("#id_penalty-fine", "5000")
    page.click("#step-notify button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("超出“轻微”档")
    page.screenshot(path=f"{SCREENSHOT_DIR}/enforcement_refused_{tag}.png", full_page=True)
    # Refused, the step stays open with what was typed, the reason on the field.
    assert page.input_value("#id_penalty-violation") == str(v.pk)
    expect(page.locator("#step-notify")).to_contain_text("须写明从轻、减轻或从重的事实和理由")
    page.fill("#id_penalty-fine", "1500")
    page.click("#step-notify button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("已事先告知")
    _open(page, "听取陈述申辩")
    page.check("#id_statement-waived")
    page.click("#step-statement button[type=submit]")
    _logout(page)

    # The party is heard the day of the notice; the decision comes on a later day.
    case = Case.objects.get()
    earlier = datetime.date.today() - datetime.timedelta(days=3)
    moved = ["clue_on", "filed_on", "investigation_closed_on", "notified_on", "statement_on"]
    for name in moved:
        setattr(case, name, earlier)
    case.save(update_fields=moved)
    login(page, "leader_a", world.password)
    page.goto(case_url)
    _open(page, "作出处罚决定")
    page.click("#step-decide button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("作出处罚决定")
    _logout(page)

    login(page, "officer_a", world.password)
    page.goto(case_url)
    _open(page, "送达")
    page.select_option("#id_serve-method", "direct")
    page.click("#step-serve button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("两书同达")
    page.check("#id_serve-credit_notice")
    page.click("#step-serve button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("送达")
    case.refresh_from_db()
    assert case.status == CaseStatus.EXECUTING and case.decision_number
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size[0], f"the case page scrolls sideways ({width}px)"
    page.screenshot(path=f"{SCREENSHOT_DIR}/enforcement_case_{tag}.png", full_page=True)
