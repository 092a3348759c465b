"""In a real browser: checkbox lists read as box + name pairs on a desktop and on a phone."""

import datetime
from pathlib import Path

import pytest

from conftest import login
from core.models import Agency, AgencyLevel
from supervision.tests.factories import inspector
from supervision.tests.test_flow_pages import _item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/shots")
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def assert_checkbox_list_reads(page, name: str) -> int:
    """Each ``name`` checkbox sits beside its own one-line label; the group has a name and stays
    above the next field. Returns how many boxes were checked."""
    boxes = page.locator(f"input[type=checkbox][name={name}]")
    count = boxes.count()
    assert count > 0, name
    for i in range(count):
        box = boxes.nth(i)
        label = page.locator(f"label[for='{box.get_attribute('id')}']")
        assert label.count() == 1, f"{name}[{i}] has no label of its own"
        text = label.inner_text().strip()
        b, lb = box.bounding_box(), label.bounding_box()
        line = float(label.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
        size = float(label.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
        assert lb["height"] < 1.5 * line, f"{name}: “{text}” wraps ({lb['height']}px)"
        assert lb["width"] > min(len(text), 2) * size * 0.9, f"{name}: “{text}” is squeezed"
        middle = b["y"] + b["height"] / 2
        assert lb["y"] <= middle <= lb["y"] + lb["height"], f"{name}: box not beside “{text}”"
        assert b["x"] + b["width"] <= lb["x"] + 1, f"{name}: box not before “{text}”"
    # The group is labelled (a fieldset's legend or aria-labelledby names it).
    group = page.locator(f"#id_{name}")
    assert group.evaluate(
        "el => !!(el.closest('fieldset')?.querySelector('legend')?.textContent.trim()"
        " || el.getAttribute('aria-labelledby'))"
    ), f"{name}: the group has no name"
    # Nothing overlaps the next field.
    wrapper = page.locator(f"#field-{name}")
    following = wrapper.locator("xpath=following-sibling::*[1]")
    if following.count():
        assert wrapper.bounding_box()["y"] + wrapper.bounding_box()["height"] <= (
            following.bounding_box()["y"] + 1
        ), f"{name}: the list overlaps the next field"
    return count


@pytest.mark.parametrize("size", SIZES)
def test_checkbox_lists_read_as_box_and_name(world, browser_page, size):
    page = browser_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    town = Agency.objects.create(
        code="330102001",
        name="临江市东湖区东湖街道卫生监督分所",
        short_name="东湖分所",
        level=AgencyLevel.TOWN,
        parent=world.county_a,
    )
    for name in ["欧阳明远", "钱卫东", "司马晓蕾", "李雪", "诸葛文华", "王建国"]:
        inspector(world.county_a, name=name)
    inspector(town, name="张红梅")
    inspector(world.county_a, name="孙晓燕", certificate_valid_until=datetime.date(2020, 1, 1))
    _item(world.county_a)
    world.officer_a.person.certificate_valid_until = datetime.date(2030, 12, 31)
    world.officer_a.person.save()

    page.set_viewport_size(SIZES[size])
    login(page, "officer_a", world.password)
    from registry.tests.factories import entity

    unit = entity(world.county_a)
    page.goto(page.base_url + f"/supervision/inspections/add/?entity={unit.pk}")
    page.screenshot(path=str(SHOTS / f"inspection_add_{size}.png"), full_page=True)
    # 孙晓燕's 执法证 has expired: she is not offered (the other 8 are).
    assert assert_checkbox_list_reads(page, "inspectors") == 8

    # Plans are the 法规科's (the city's offers the 抽查事项 of its counties too).
    page.context.clear_cookies()
    login(page, "city_officer", world.password)
    page.goto(page.base_url + "/supervision/plans/add/")
    page.screenshot(path=str(SHOTS / f"plan_add_{size}.png"), full_page=True)
    for name in ["items", "categories", "strata_by"]:
        assert_checkbox_list_reads(page, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SIZES[size]["width"], f"page scrolls sideways ({width}px)"


def test_a_refused_rectification_order_stays_open_with_its_input(world, browser_page):
    from registry.tests.factories import entity
    from supervision.tests.factories import inspection

    page = browser_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    people = [inspector(world.county_a), inspector(world.county_a)]
    insp = inspection(world.county_a, entity(world.county_a), people, kind="routine")
    login(page, "officer_a", world.password)
    page.goto(page.base_url + insp.get_absolute_url())
    page.click("summary:has-text('下达责令整改')")
    page.fill("#id_due_on", "2026-05-01")
    page.fill("#id_requirements", "布草一客一换一消毒")
    page.click("button:has-text('下达整改令')")
    page.wait_for_load_state()
    assert page.locator("#rectification-panel").get_attribute("open") is not None
    assert page.input_value("#id_requirements") == "布草一客一换一消毒"
    assert "整改期限不能早于检查日期" in page.locator("#errors-due_on").inner_text()
    page.locator("#rectification-panel").screenshot(path=str(SHOTS / "rectification_refused.png"))
