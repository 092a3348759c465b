"""A person uploads two reports in the browser, sees findings and the comparison table."""

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_reports_and_compare(world, browser_page, seeds_dir):
    page = browser_page
    login(page, "city_officer", world.password)
    page.click("text=报告审查")
    page.click("a.dropdown-item:has-text('审查与对比')")
    files = [str(p) for p in sorted(seeds_dir.glob("*.txt"))[:2]]
    page.set_input_files("input[type=file]", files)
    page.click("button:has-text('开始审查')")
    expect(page.locator("h1")).to_contain_text("审查结果（2 份）")
    expect(page.locator(".fz-compare")).to_contain_text("金林区卫生健康局")
    expect(page.locator("main")).to_contain_text("发布日期2025-12-30早于报告年度")
    page.screenshot(path=f"{SCREENSHOT_DIR}/review_results.png", full_page=False)
