"""A person uploads reports in the browser, sees findings and the comparison table, and exports."""

import docx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR, login
from review.tests.test_views import REPORT_A, REPORT_B

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_horizontal_overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )


def _widest(page):
    """The elements wider than the page, to say what overflows."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
    )


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


def test_results_fit_desktop_and_phone_and_export_from_the_page(world, browser_page, tmp_path):
    page = browser_page
    a, b = tmp_path / "east.txt", tmp_path / "west.txt"
    a.write_text(REPORT_A, encoding="utf-8")
    b.write_text(REPORT_B, encoding="utf-8")
    login(page, "city_officer", world.password)
    page.goto(page.base_url + "/review/")
    page.set_input_files("input[type=file]", [str(a), str(b)])
    page.click("button:has-text('开始审查')")
    expect(page.locator(".fz-compare")).to_contain_text("600余人次")
    expect(page.locator(".fz-findings").first).to_contain_text("第4段")
    page.screenshot(path=f"{SCREENSHOT_DIR}/review_results_desktop.png", full_page=True)
    assert _no_horizontal_overflow(page), _widest(page)
    with page.expect_download() as dl:
        page.click("button:has-text('导出 Excel 对比表')")
    dl.value.save_as(tmp_path / "cmp.xlsx")
    rows = list(load_workbook(tmp_path / "cmp.xlsx").active.iter_rows(values_only=True))
    assert len(rows) == 3 and "600余人次" in rows[1] + rows[2]
    with page.expect_download() as dl:
        page.locator("button:has-text('Word')").first.click()
    dl.value.save_as(tmp_path / "findings.docx")
    assert "审查意见" in docx.Document(tmp_path / "findings.docx").paragraphs[0].text
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.screenshot(path=f"{SCREENSHOT_DIR}/review_results_phone.png", full_page=True)
    assert _no_horizontal_overflow(page), _widest(page)
