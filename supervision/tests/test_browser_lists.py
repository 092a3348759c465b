"""In a real browser: importing 回避申报 from Excel (refused file, then a good one), and an old
inspection's retired 检查要点 beside the ones in force."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import login
from registry.tests.factories import entity
from supervision import services
from supervision.models import ChecklistPoint, Conflict
from supervision.tests.factories import inspection, inspector
from supervision.tests.test_list_io import CONFLICT_HEADERS, _xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/shots")


def test_importing_conflicts_shows_every_bad_row_then_takes_the_good_file(
    world, browser_page, tmp_path
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    person = inspector(world.county_a, name="韩回避")
    unit = entity(world.county_a)
    bad = tmp_path / "conflicts.xlsx"
    bad.write_bytes(
        _xlsx(
            CONFLICT_HEADERS,
            [
                ["韩回避", "", unit.name, unit.uscc, "近亲属"],
                ["无此人", "", "", unit.uscc, "近亲属"],
                ["韩回避", "", "", "91330102MA0000000X", ""],
            ],
        )
    )
    good = tmp_path / "conflicts-fixed.xlsx"
    good.write_bytes(_xlsx(CONFLICT_HEADERS, [["韩回避", "", unit.name, unit.uscc, "近亲属"]]))
    page = browser_page
    login(page, "officer_a", world.password)
    page.goto(page.base_url + "/supervision/conflicts/")
    page.click("text=导入 Excel")
    expect(page.locator("h1")).to_contain_text("导入回避申报")
    assert page.locator("a:has-text('下载导入模板')").count() == 1

    page.set_input_files("input[type=file]", str(bad))
    page.click("button:has-text('校验并导入')")
    expect(page.locator(".fz-import-errors")).to_be_visible()
    errors = page.locator(".fz-import-errors li").all_inner_texts()
    page.screenshot(path=str(SHOTS / "conflict_import_refused.png"), full_page=True)
    assert any("第3行“执法人员”：未找到名为“无此人”的执法人员" in e for e in errors), errors
    assert any("第4行“回避事由”：必填" in e for e in errors), errors
    assert not Conflict.objects.exists()

    page.set_input_files("input[type=file]", str(good))
    page.click("button:has-text('校验并导入')")
    page.wait_for_url("**/supervision/conflicts/")
    assert "导入成功：新增1条" in page.content()
    assert Conflict.objects.get().person == person


def test_an_old_inspection_shows_its_retired_point_marked(world, browser_page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    kept = ChecklistPoint.objects.create(category="school", text="教室采光照明", basis="第六条")
    retired = ChecklistPoint.objects.create(category="school", text="旧要点：黑板反光", basis="旧")
    unit = entity(world.county_a, category="school", subcategory="primary_secondary")
    people = [inspector(world.county_a), inspector(world.county_a)]
    old = inspection(world.county_a, unit, people, kind="routine")
    services.record_findings(
        old,
        [
            {"point": kept, "compliant": True, "note": ""},
            {"point": retired, "compliant": False, "note": "反光严重"},
        ],
        actor=world.officer_a,
    )
    retired.retired_on, retired.retired_reason = datetime.date(2026, 6, 1), "标准已废止"
    retired.save()
    page = browser_page
    login(page, "officer_a", world.password)
    page.goto(page.base_url + old.get_absolute_url())
    card = page.locator("details:has(summary:has-text('检查要点'))")
    card.screenshot(path=str(SHOTS / "inspection_retired_point.png"))
    text = card.inner_text()
    assert "旧要点：黑板反光" in text and "已停用（2026-06-01）" in text
    assert "教室采光照明" in text
