"""Someone from the public pages through the 双随机 results, opens how to verify a draw and
downloads the results, on a desktop and a phone."""

import json

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR
from portal.tests.test_portal import _many_published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )


def test_public_pages_pages_verify_and_download(world, browser_page, monkeypatch, tmp_path):
    from portal import views

    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    p = _many_published(world, 9)
    page = browser_page
    page.goto(page.base_url + "/portal/random-checks/")
    expect(page.locator("main")).to_contain_text("检查结果（共10条）")
    page.click("nav[aria-label='检查结果分页'] a[href='?page=3']")
    expect(page.locator("main")).to_contain_text("第3页 / 共3页")
    assert page.url.endswith("?page=3")
    page.reload()  # the page's address is the page
    expect(page.locator("main")).to_contain_text("第3页 / 共3页")
    page.screenshot(path=f"{SCREENSHOT_DIR}/portal_random_checks.png", full_page=True)
    assert p.seed not in page.content()
    page.goto(page.base_url + "/portal/random-checks/")
    page.click(f"a[href='/portal/random-checks/plans/{p.pk}/verify/']")
    expect(page.locator("h1")).to_have_text("如何复核抽取结果")
    expect(page.locator("main")).to_contain_text(p.seed)
    page.screenshot(path=f"{SCREENSHOT_DIR}/portal_plan_verify.png", full_page=True)
    page.goto(page.base_url + "/portal/random-checks/?year=2026")
    with page.expect_download() as dl:
        page.click("text=JSON >> nth=0")
    dl.value.save_as(tmp_path / "r.json")
    rows = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["rows"]
    assert len(rows) == 9
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + f"/portal/random-checks/plans/{p.pk}/verify/")
    page.screenshot(path=f"{SCREENSHOT_DIR}/portal_plan_verify_phone.png", full_page=True)
    assert _fits(page)
