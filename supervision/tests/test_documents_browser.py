"""In a real browser: an inspector prints the 现场笔录 from a phone, and a 系统管理员 uploads a
template with a misspelt placeholder, reads why it was refused, and then a good one."""

import io
from pathlib import Path
from urllib.parse import quote

import docx
import pytest

from conftest import PASSWORD, SCREENSHOT_DIR, login
from core.models import DocumentTemplate
from registry.tests.factories import entity
from supervision.tests.factories import inspection, inspector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def template(body: str) -> bytes:
    d = docx.Document()
    d.add_paragraph("{{ agency_name }} 现场笔录")
    d.add_paragraph(body)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_inspector_downloads_the_record_on_a_phone(world, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    visit = inspection(
        world.county_a, entity(world.county_a), [world.officer_a.person, inspector(world.county_a)]
    )
    login(page, "officer_a", PASSWORD)
    page.goto(page.base_url + visit.get_absolute_url())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways ({width}px)"
    Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SCREENSHOT_DIR}/documents-inspection-phone.png")
    with page.expect_download() as info:
        page.get_by_role("link", name="打印现场笔录（Word）").click()
    download = info.value
    text = "\n".join(p.text for p in docx.Document(download.path()).paragraphs)
    assert visit.record_number in text
    # Debian's chromium under Playwright reports every download as "download" (the registry's
    # export too), so the name is read from the header the browser was sent.
    head = page.request.get(download.url).headers["content-disposition"]
    assert head.startswith("attachment; filename*=utf-8''") and quote("现场笔录_") in head


def test_admin_uploads_a_template_and_reads_why_a_bad_one_is_refused(world, browser_page):
    page = browser_page
    login(page, "admin_a", PASSWORD)
    page.goto(page.base_url + "/documents/templates/")
    page.select_option("#id_document", "supervision.record")
    page.set_input_files(
        "#id_file",
        {"name": "笔录.docx", "mimeType": "application/octet-stream",
         "buffer": template("{{ number }} {{ entity_nam }}")},
    )  # fmt: skip
    with page.expect_navigation():
        page.get_by_role("button", name="检查并启用").click()
    errors = page.locator("#field-file").inner_text()
    assert "未知的占位符“entity_nam”" in errors
    assert not DocumentTemplate.objects.exists()
    Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SCREENSHOT_DIR}/documents-template-refused.png", full_page=True)
    page.select_option("#id_document", "supervision.record")
    page.set_input_files(
        "#id_file",
        {"name": "笔录.docx", "mimeType": "application/octet-stream",
         "buffer": template("{{ number }} {{ entity_name }}")},
    )  # fmt: skip
    with page.expect_navigation():
        page.get_by_role("button", name="检查并启用").click()
    assert "已启用新的现场笔录模板" in page.locator(".alert").first.inner_text()
    assert DocumentTemplate.objects.get().active
    page.locator("summary", has_text="现场笔录").click()
    page.screenshot(path=f"{SCREENSHOT_DIR}/documents-templates.png", full_page=True)
