"""Public lists past 2,000 rows: stable page links, streamed CSV/JSON of the whole filtered
result in bounded memory, and only what core.publication says is public."""

import csv
import datetime
import io
import json
import re
import tracemalloc

import pytest

from registry.tests.factories import entities, entity
from supervision import services
from supervision.models import Inspection, InspectionKind
from supervision.tests.factories import inspection, inspector

PUBLISHED_ON = datetime.date(2026, 6, 1)


def _bulk_inspections(agency, n, *, name, published_on=PUBLISHED_ON, year=2026):
    """``n`` published 日常 inspections of ``n`` units named ``{name}{i}号`` (one INSERT each)."""
    units = entities(agency, n, name=name)
    rows = [
        Inspection(
            agency=agency,
            entity=u,
            kind=InspectionKind.ROUTINE,
            inspected_on=datetime.date(year, 5, 1 + i % 28),
            result="passed",
            published_on=published_on,
        )
        for i, u in enumerate(units)
    ]
    Inspection.objects.bulk_create(rows)
    return units


def _body(resp) -> bytes:
    assert resp.streaming, "a download of the whole result is streamed"
    return b"".join(resp.streaming_content)


def _names(html: str, prefix: str) -> list[str]:
    return re.findall(rf"<td[^>]*>({prefix}\d+号)</td>", html)


@pytest.fixture
def many(world):
    """2,030 published county-A results, 5 of county B, one unpublished county-A inspection."""
    a = _bulk_inspections(world.county_a, 2030, name="大量宾馆")
    b = _bulk_inspections(world.county_b, 5, name="西山宾馆")
    hidden = entity(world.county_a, name="未公示旅馆")
    inspection(world.county_a, hidden, [inspector(world.county_a)], kind=InspectionKind.ROUTINE)
    return a, b


def test_every_row_past_2000_is_reached_once_by_stable_page_links(many, client):
    a, _ = many
    query = {"agency": client_agency(a)}
    first = client.get("/portal/inspections/", query).content.decode()
    assert "共2030条" in first and "第1页 / 共41页" in first
    # The last page is linked from the first, with the filter kept.
    assert f'href="?agency={query["agency"]}&amp;page=41"' in first
    seen: list[str] = []
    for n in range(1, 42):
        html = client.get("/portal/inspections/", {**query, "page": n}).content.decode()
        assert f"第{n}页 / 共41页" in html
        seen += _names(html, "大量宾馆")
    assert len(seen) == 2030 and set(seen) == {u.name for u in a}
    # Reloading a bookmarked page gives the same rows in the same order.
    again = client.get("/portal/inspections/", {**query, "page": 17}).content.decode()
    assert _names(again, "大量宾馆") == _names(
        client.get("/portal/inspections/", {**query, "page": 17}).content.decode(), "大量宾馆"
    )
    assert len(_names(again, "大量宾馆")) == 50
    assert (
        len(
            _names(
                client.get("/portal/inspections/", {**query, "page": 41}).content.decode(),
                "大量宾馆",
            )
        )
        == 30
    )


def client_agency(units) -> str:
    return units[0].agency.code


def test_csv_and_json_hold_the_whole_filtered_result(many, world, client):
    a, b = many
    raw = _body(client.get("/portal/inspections/export.csv", {"agency": world.county_a.code}))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "检查实施机关",
        "检查对象名称",
        "统一社会信用代码",
        "检查类别",
        "检查日期",
        "检查结论",
        "公示日期",
        "更正说明",
    ]
    assert len(rows) == 1 + 2030
    names = {r[1] for r in rows[1:]}
    assert names == {u.name for u in a}
    assert "未公示旅馆" not in raw.decode("utf-8-sig")
    data = json.loads(_body(client.get("/portal/inspections/export.json", {"q": "西山宾馆"})))
    assert data["columns"][0] == "检查实施机关"
    assert len(data["rows"]) == 5
    assert {r["检查对象名称"] for r in data["rows"]} == {u.name for u in b}
    assert data["rows"][0]["公示日期"] == "2026-06-01" and data["rows"][0]["检查结论"] == "合格"


def _peak(client, url, query) -> int:
    tracemalloc.start()
    try:
        resp = client.get(url, query)
        total = 0
        for part in resp.streaming_content:
            total += len(part)
        assert total
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_download_memory_does_not_grow_with_the_rows(world, client, monkeypatch, fmt):
    from portal import views

    monkeypatch.setattr(views, "CHUNK", 200)
    _bulk_inspections(world.county_a, 400, name="少量宾馆", year=2025)
    _bulk_inspections(world.county_a, 4000, name="多量宾馆", year=2026)
    url = f"/portal/inspections/export.{fmt}"
    _peak(client, url, {"year": "2025"})  # warm-up: imports, compiled templates, caches
    small = _peak(client, url, {"year": "2025"})
    large = _peak(client, url, {"year": "2026"})
    # Ten times the rows, not ten times the memory: one chunk at a time, never the whole file.
    assert large < small * 2.5, (small, large)


def test_corrected_result_shows_its_notice_on_the_page_and_in_the_downloads(world, client):
    e = entity(world.county_a, name="更正宾馆")
    insp = inspection(
        world.county_a,
        e,
        [inspector(world.county_a)],
        kind=InspectionKind.ROUTINE,
        published_on=PUBLISHED_ON,
    )
    services.correct_inspection(
        insp, {"result": "rectify"}, reason="结论录入错误", actor=world.officer_a
    )
    html = client.get("/portal/inspections/").content.decode()
    assert "更正宾馆" in html and "责令整改" in html and "结论录入错误" in html
    rows = json.loads(_body(client.get("/portal/inspections/export.json")))["rows"]
    (row,) = [r for r in rows if r["检查对象名称"] == "更正宾馆"]
    assert row["检查结论"] == "责令整改" and "结论录入错误" in row["更正说明"]
    raw = _body(client.get("/portal/inspections/export.csv")).decode("utf-8-sig")
    assert "结论录入错误" in raw


def test_unpublished_results_stay_out_of_pages_and_downloads(world, client):
    e = entity(world.county_a, name="草稿旅馆")
    inspection(world.county_a, e, [inspector(world.county_a)], kind=InspectionKind.ROUTINE)
    assert "草稿旅馆" not in client.get("/portal/inspections/").content.decode()
    for fmt in ("csv", "json"):
        body = _body(client.get(f"/portal/inspections/export.{fmt}")).decode("utf-8-sig")
        assert "草稿旅馆" not in body
