"""In a real browser: generate the report, write a part, open the HTML and follow a number."""

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR, login
from reports.tests.conftest import YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_generate_edit_open_html_and_follow_a_number_to_its_records(records, browser_page):
    page = browser_page
    login(page, "admin_a", records.password)
    page.click("a.nav-link:has-text('年度报告')")
    page.click("a.dropdown-item:has-text('法治政府建设年度报告')")
    page.click("text=新增法治政府建设年度报告")
    page.select_option("#id_year", str(YEAR))
    page.click("button:has-text('生成报告初稿')")
    expect(page.locator("h1")).to_contain_text(f"{YEAR}年法治政府建设情况报告")
    expect(page.locator(".alert-success")).to_contain_text("已根据本机构的业务数据生成报告初稿")
    expect(page.locator("#block-supervision-figures")).to_contain_text("抽查任务564家")
    expect(page.locator(".fz-flag[data-block='complaints.figures']")).to_contain_text("尚未接入")

    # Write the shortcomings part inline (htmx): saved without leaving the page.
    box = page.locator("#text-shortcomings-text")
    box.fill("一是基层执法力量不足；二是部分整改未按期完成，原因是复查力量有限。")
    page.locator("#block-shortcomings-text button:has-text('保存本段')").click()
    expect(page.locator("#block-shortcomings-text [role=status]")).to_contain_text("已保存")
    page.screenshot(path=f"{SCREENSHOT_DIR}/report_editor.png", full_page=True)

    # The saved text is a new version: the diff page shows what it added.
    report_url = page.url
    page.goto(report_url.rstrip("/") + "/diff/")
    expect(page.locator("ins.fz-ins")).to_contain_text("一是基层执法力量不足")
    page.screenshot(path=f"{SCREENSHOT_DIR}/report_version_diff.png", full_page=True)
    page.goto(report_url)

    # The submit step refuses while required parts are empty, and says which.
    page.click("button:has-text('提交审核')")
    expect(page.locator(".fz-step .alert-danger")).to_contain_text("履行第一责任人职责情况")

    # Open the HTML version and click a number: its records are listed.
    href = page.get_attribute("a:has-text('预览（网页）')", "href")
    page.goto(page.base_url + href)
    expect(page.locator("h1")).to_contain_text("法治政府建设情况报告")
    expect(page.locator("body")).to_contain_text("一是基层执法力量不足")
    expect(page.locator("h1")).to_have_css("text-align", "center")
    page.screenshot(path=f"{SCREENSHOT_DIR}/report_html.png", full_page=True)
    page.click("a:has-text('564家')")
    expect(page.locator("h1")).to_contain_text("双随机抽查任务")
    expect(page.locator("body")).to_contain_text("564")
    records = page.locator("#records + * .list-group-item")
    expect(records.first).to_contain_text("2024年双随机抽查 · ")
    expect(records.first).to_contain_text("号单位")
    page.screenshot(path=f"{SCREENSHOT_DIR}/report_number_records.png", full_page=True)


def test_published_report_reads_on_the_portal_without_login(records, browser_page):
    """The public sees the published report: no login, no links to records, numbers in place."""
    import datetime

    from reports import services
    from reports.models import AnnualReport

    report = services.create_report(records.county_a, YEAR)
    AnnualReport.objects.filter(pk=report.pk).update(
        status="published", published_on=datetime.date(YEAR + 1, 3, 20)
    )
    page = browser_page
    page.goto(page.base_url + "/portal/annual-reports/")
    page.click(f"a:has-text('{report.title}')")
    expect(page.locator("h1")).to_contain_text("法治政府建设情况报告")
    expect(page.locator("body")).to_contain_text("564家")
    expect(page.locator("a[href*='/indicators/']")).to_have_count(0)
    # Styled as a 公文 page although the site's CSP refuses inline styles.
    expect(page.locator("body")).to_have_css("background-color", "rgb(244, 244, 244)")
    expect(page.locator("h1")).to_have_css("text-align", "center")
    page.screenshot(path=f"{SCREENSHOT_DIR}/portal_annual_report.png", full_page=True)
    # The public header leads to the other public pages, on a phone too.
    page.set_viewport_size({"width": 390, "height": 844})
    nav = page.locator("nav.fz-portal-nav")
    expect(nav).to_have_css("background-color", "rgb(140, 28, 28)")
    page.screenshot(path=f"{SCREENSHOT_DIR}/portal_annual_report_phone.png")
    nav.locator("a:has-text('双随机抽查结果公示')").click()
    expect(page.locator("h1")).to_have_text("双随机抽查结果公示")
    nav.locator("a:has-text('政务公开')").click()
    expect(page.locator("h1")).to_have_text("政务公开")
    page.screenshot(path=f"{SCREENSHOT_DIR}/portal_home_phone.png", full_page=True)


def _worker_env(media_root) -> dict:
    """A ``fazhi worker`` process against the test database and the test's stored files."""
    import os

    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    env.update(DATABASE_URL=url, FAZHI_DEBUG="1", FAZHI_MEDIA_ROOT=str(media_root))
    return env


def test_pdf_export_shows_its_progress_until_the_worker_is_done(
    records, browser_page, settings, tmp_path
):
    """The job page polls (htmx): the download appears without a reload once a worker ran."""
    import subprocess
    import sys
    from pathlib import Path

    from reports import services
    from reports.tests.test_export_pdf import require

    require("soffice")
    settings.MEDIA_ROOT = tmp_path / "media"
    report = services.create_report(records.county_a, YEAR, actor=records.admin_a)
    page = browser_page
    login(page, "admin_a", records.password)
    page.goto(page.base_url + report.get_absolute_url())
    page.click("button:has-text('导出 PDF')")
    expect(page.locator("h1")).to_contain_text("导出 PDF：")
    expect(page.locator("#job-progress")).to_contain_text("排队中")
    job_url = page.url
    page.screenshot(path=f"{SCREENSHOT_DIR}/job_queued.png", full_page=True)

    worker = subprocess.run(
        [str(Path(sys.executable).with_name("fazhi")), "worker", "--batch", "--no-startup-delay"],
        env=_worker_env(settings.MEDIA_ROOT),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert worker.returncode == 0, worker.stderr

    download = page.locator("#job-progress a:has-text('下载')")
    expect(download).to_be_visible(timeout=20_000)
    assert page.url == job_url  # the same page, updated by polling
    expect(page.locator("#job-progress")).to_contain_text("已完成")
    page.screenshot(path=f"{SCREENSHOT_DIR}/job_done.png", full_page=True)
    with page.expect_download() as info:
        download.click()
    saved = tmp_path / "out.pdf"
    info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
