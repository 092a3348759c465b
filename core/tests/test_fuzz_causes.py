"""The requests that gave a 500 before, one test per cause (the fuzzers cover the classes).

Years out of range on the public portal, huge ``limit``/``offset``/``page``, ``/calendar/0/``,
non-numeric ids in the query string, JSON nested 5,000 deep, a 20-digit id in a form, a
calendar date outside its year, and a NUL byte in the query string.
"""

from __future__ import annotations

import datetime

import pytest

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.mark.parametrize("year", ["10000", "0", HUGE, "²", "-1"])
@pytest.mark.parametrize("page", ["/portal/random-checks/", "/portal/inspections/"])
def test_portal_ignores_a_year_that_is_no_year(world, client, page, year):
    resp = client.get(page, {"year": year, "page": HUGE})
    assert resp.status_code == 200


@pytest.mark.parametrize(
    "export", ["/portal/inspections/export.csv", "/portal/random-checks/export.json"]
)
def test_portal_export_ignores_a_year_that_is_no_year(world, client, export):
    resp = client.get(export, {"year": "10000"})
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content)  # written to the end, header at least


def test_api_limit_is_capped_and_a_huge_offset_gives_an_empty_page(world, api_for):
    api = api_for(world.admin_a)
    resp = api.get("/api/core/agencies/", {"limit": HUGE})
    assert resp.status_code == 200
    assert resp.json()["count"] == len(resp.json()["results"])
    resp = api.get("/api/core/people/", {"limit": "1", "offset": HUGE})
    assert resp.status_code == 200
    assert resp.json()["results"] == []


def test_api_limit_is_at_most_500(world, api_for):
    from core.models import Person

    Person.objects.bulk_create([Person(agency=world.county_a, name=f"人员{i}") for i in range(520)])
    body = api_for(world.admin_a).get("/api/core/people/", {"limit": "1000"}).json()
    assert len(body["results"]) == 500
    assert "limit=500" in body["next"]


def test_indicator_records_page_past_any_row_is_empty(world, client_for):
    resp = client_for(world.city_officer).get("/indicators/random_tasks/", {"page": HUGE})
    assert resp.status_code == 200


@pytest.mark.parametrize("year, status", [("0", 404), ("10000", 404), (HUGE, 404), ("2026", 200)])
def test_calendar_year_in_the_path_has_four_digits(world, client_for, year, status):
    assert client_for(world.city_officer).get(f"/calendar/{year}/").status_code == status


@pytest.mark.parametrize(
    "query", [{"task": "abc"}, {"follow_up": "1e3"}, {"task": HUGE}, {"follow_up": "-1"}]
)
def test_a_bad_id_in_the_query_string_is_a_404(world, client_for, query):
    resp = client_for(world.officer_a).get("/supervision/inspections/add/", query)
    assert resp.status_code == 404


def test_json_nested_5000_deep_is_a_400_in_chinese(world, api_for):
    body = "[" * 5000 + "]" * 5000
    resp = api_for(world.officer_a).post(
        "/api/supervision/conflicts/", body, content_type="application/json"
    )
    assert resp.status_code == 400
    assert "嵌套" in resp.json()["detail"]


def test_json_nested_past_the_limit_is_refused_below_it_parsed(world, api_for):
    deep: object = 1
    for _ in range(40):
        deep = [deep]
    deep = {"person": deep}
    api = api_for(world.officer_a)
    resp = api.post("/api/supervision/conflicts/", deep, format="json")
    assert resp.status_code == 400 and "嵌套" in resp.json()["detail"]
    resp = api.post("/api/supervision/conflicts/", {"person": [[1]]}, format="json")
    assert resp.status_code == 400 and "嵌套" not in str(resp.json())


def test_a_20_digit_id_in_a_form_is_an_invalid_choice(world, client_for):
    from supervision.models import Inspection

    resp = client_for(world.officer_a).post(
        "/supervision/inspections/add/",
        {"entity": HUGE, "inspectors": [HUGE], "kind": "routine", "inspected_on": "2026-05-10"},
    )
    assert resp.status_code == 200
    assert resp.context["form"].errors["inspectors"]
    assert not Inspection.objects.exists()


def test_integer_in_lookup_ignores_numbers_no_column_holds(world):
    from core.models import Agency

    assert list(Agency.objects.filter(pk__in=[int(HUGE)])) == []
    assert list(Agency.objects.filter(pk__in=[int(HUGE), world.city.pk])) == [world.city]


def test_calendar_day_outside_its_year_is_a_form_error(world, client_for):
    from core.models import CalendarDay

    resp = client_for(world.city_admin).post(
        "/calendar/2031/", {"date": "2032-01-01", "kind": "holiday", "name": "元旦"}
    )
    assert resp.status_code == 200
    assert "日期不在2031年内" in resp.content.decode()
    assert not CalendarDay.objects.filter(date=datetime.date(2032, 1, 1)).exists()


def test_a_nul_byte_in_the_query_string_is_a_400(world, client):
    resp = client.get("/portal/random-checks/", {"q": "a\x00b"})
    assert resp.status_code == 400
    assert "空字符" in resp.content.decode()
