"""In a real browser at phone size: an inspector attaches a photo to the inspection."""

from pathlib import Path

import pytest

from conftest import PASSWORD, SCREENSHOT_DIR, login
from core.models import Attachment
from registry.tests.factories import entity
from supervision.tests.factories import inspection, inspector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 photo of the guest room"


def test_inspector_attaches_a_photo_on_a_phone(world, browser_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    visit = inspection(
        world.county_a, entity(world.county_a), [world.officer_a.person, inspector(world.county_a)]
    )
    login(page, "officer_a", PASSWORD)
    page.goto(page.base_url + visit.get_absolute_url())
    camera = page.locator("#att-camera")
    assert camera.get_attribute("capture") == "environment"
    camera.set_input_files({"name": "客房照片.jpg", "mimeType": "image/jpeg", "buffer": JPEG})
    assert camera.evaluate("e => e.files.length") == 1
    page.fill("#att-captured", "2026-05-10T09:30")
    page.fill("#att-device", "JL-0009")
    with page.expect_navigation():
        page.locator("#attachments button[type=submit]", has_text="上传证据").click()
    alerts = page.locator(".alert").all_inner_texts()
    row = page.locator("#attachments li", has_text="客房照片.jpg")
    assert row.count() == 1, alerts
    text = row.inner_text()
    assert "照片" in text and "JL-0009" in text and "2026-05-10 09:30" in text
    saved = Attachment.objects.get()
    assert saved.sm3[:12] in text and saved.media_type == "image/jpeg"
    # Usable on the phone: nothing wider than the screen, the download button on screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways ({width}px)"
    download = row.get_by_role("link", name="下载")
    box = download.bounding_box()
    assert box and box["x"] + box["width"] <= 390
    Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
    page.locator("#attachments").scroll_into_view_if_needed()
    page.screenshot(path=f"{SCREENSHOT_DIR}/evidence-phone.png", full_page=True)
