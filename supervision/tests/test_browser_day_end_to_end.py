"""A day of 双随机 work on a phone (390×844), end to end: 法规科 makes and draws a plan, the
inspector finds the task in 我的任务, records the inspection with a finding and a photo, prints
the 卫生监督意见书, the 回头看 closes the order, the results are published and the public sees
them."""

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR, login
from core.models import Attachment
from registry.tests.factories import entity
from supervision.models import ChecklistPoint, Inspection, RectificationOrder, Task
from supervision.tests.factories import inspector, legal_officer, witness
from supervision.tests.test_browser_flow import add_plan
from supervision.tests.test_flow_pages import seed_checklist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 photo of the guest room"


def _menu(page, section: str, item: str) -> None:
    page.click("button.navbar-toggler")
    page.click(f"a.dropdown-toggle:has-text('{section}')")
    page.click(f"a.dropdown-item:has-text('{item}')")


def _logout(page) -> None:
    page.click("button.navbar-toggler")
    with page.expect_navigation():
        page.click("#fz-nav button:has-text('退出')")


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width}px)"


def test_a_day_of_random_checks_on_a_phone(world, browser_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = browser_page
    page.set_viewport_size(PHONE)
    seed_checklist()
    today = timezone.localdate()
    shot = f"{SCREENSHOT_DIR}/day"
    target = entity(
        world.county_a,
        name="临江悦来宾馆",
        address="东湖区解放路128号",
        legal_representative="何春生",
    )
    me = world.officer_a.person
    inspector(world.county_a, name="钱卫东")
    legal = legal_officer(world.county_a, name="吴法规")
    legal.username = "legal_a"
    legal.set_password(world.password)
    legal.save()
    present = witness(world.county_a, name="纪检组王某")

    # 法规科: the plan, then the draw confirmed on its own page with the plan's witness.
    login(page, "legal_a", world.password)
    add_plan(page, "2026年公共场所双随机抽查（手机）", today)
    page.click("a:has-text('抽取…')")
    expect(page.locator("main")).to_contain_text("抽取不可撤销")
    page.select_option("#id_witness", str(present.pk))
    page.check("#id_confirm")
    _fits(page)
    page.screenshot(path=f"{shot}_1_draw_confirm.png", full_page=True)
    page.click("button:has-text('确认抽取')")
    expect(page.locator(".alert-success")).to_contain_text("抽取完成：1户")
    plan_url = page.url
    task = Task.objects.get()
    assert me in task.inspectors.all()
    _logout(page)

    # The inspector: 我的任务 → the task → the inspection with a 不符合 point.
    login(page, "officer_a", world.password)
    _menu(page, "双随机与检查", "我的任务")
    card = page.locator("tbody tr").first
    expect(card).to_contain_text("临江悦来宾馆")
    expect(card).to_contain_text("东湖区解放路128号")
    expect(card).to_contain_text("何春生")
    _fits(page)
    page.screenshot(path=f"{shot}_2_my_tasks.png", full_page=True)
    page.click("a:has-text('临江悦来宾馆')")
    page.click("text=登记检查结果")
    point = ChecklistPoint.objects.filter(category=target.category).order_by("order").first()
    page.click(f"label[for=id_p{point.pk}_2]")  # 不符合
    page.fill(f"#id_n{point.pk}", "布草未一客一换")
    page.fill("#id_findings", "大堂整洁\n客房布草未更换")
    page.check("input[name=result][value=rectify]")
    page.screenshot(path=f"{shot}_3_inspection_form.png", full_page=True)
    page.click("button:has-text('保存检查记录')")
    expect(page.locator("h1")).to_contain_text("临江悦来宾馆")
    expect(page.locator("#id_requirements")).to_have_value(f"1. {point.text}：布草未一客一换")
    page.fill("#id_due_on", (today + datetime.timedelta(days=10)).isoformat())
    page.click("button:has-text('下达整改令')")
    expect(page.locator(".alert-success")).to_contain_text("已下达整改令")

    # A photo of the guest room, as evidence of the inspection.
    page.locator("#att-camera").set_input_files(
        {"name": "客房照片.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
    )
    page.fill("#att-captured", f"{today.isoformat()}T09:30")
    page.fill("#att-device", "JL-0009")
    with page.expect_navigation():
        page.locator("#attachments button[type=submit]", has_text="上传证据").click()
    expect(page.locator("#attachments li", has_text="客房照片.jpg")).to_contain_text("JL-0009")
    _fits(page)
    page.screenshot(path=f"{shot}_4_inspection_saved.png", full_page=True)
    inspection = Inspection.objects.get()
    assert Attachment.objects.filter(object_id=inspection.pk).count() == 1

    # The 卫生监督意见书, printed as Word: the unit, the finding and the order's 整改期限.
    with page.expect_download() as download:
        page.click("a:has-text('打印意见书（Word）')")
    docx = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(p.text for p in docx.paragraphs) + "\n".join(
        c.text for t in docx.tables for r in t.rows for c in r.cells
    )
    order = RectificationOrder.objects.get()
    inspection.refresh_from_db()
    assert "临江悦来宾馆" in text and "布草未一客一换" in text
    assert inspection.opinion_number and inspection.opinion_number in text
    assert f"{order.due_on.year}年{order.due_on.month}月{order.due_on.day}日" in text or (
        order.due_on.isoformat() in text
    )

    # 回头看 closes the order.
    page.goto(page.base_url + order.get_absolute_url())
    page.click("text=登记回头看复查")
    page.select_option("#id_rectified", "1")
    page.check("input[name=result][value=passed]")
    page.click("button[type=submit]:has-text('保存')")
    expect(page.locator("main")).to_contain_text("已整改")
    order.refresh_from_db()
    assert order.status == "completed"
    _logout(page)

    # 法规科 publishes; the public page shows the result to anyone.
    login(page, "legal_a", world.password)
    page.goto(plan_url)
    page.fill("#id_published_on", today.isoformat())
    page.click("button:has-text('公示计划和检查结果')")
    expect(page.locator(".alert-success")).to_contain_text("已公示")
    _logout(page)
    page.goto(page.base_url + "/portal/random-checks/")
    result = page.locator("tbody tr", has_text="临江悦来宾馆")
    expect(result.locator("td[data-label='检查结果']")).to_contain_text("责令整改")
    for label in ("检查对象名称", "检查结果"):  # on screen, not cut off at the right
        box = result.locator(f"td[data-label='{label}']").bounding_box()
        assert box and box["x"] + box["width"] <= PHONE["width"], (label, box)
    _fits(page)
    page.screenshot(path=f"{shot}_5_public_page.png", full_page=True)
