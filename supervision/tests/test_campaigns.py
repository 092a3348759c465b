"""专项行动: list, page with its inspections and counts, the inspections filtered by campaign,
registering an inspection from the campaign, its period, the API; all scoped."""

import datetime

import pytest

from registry.tests.factories import entity
from supervision.models import Campaign, Inspection
from supervision.tests.factories import inspection, inspector

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 5, 1), datetime.date(2026, 9, 30)


def _campaign(agency, name="游泳场所专项整治"):
    return Campaign.objects.create(agency=agency, name=name, starts_on=START, ends_on=END)


@pytest.fixture
def campaign_a(world):
    """County A's campaign with three inspections (2 合格, 1 责令整改) and one outside it."""
    c = _campaign(world.county_a)
    people = [inspector(world.county_a), inspector(world.county_a)]
    for day, result in ((6, "passed"), (7, "passed"), (8, "rectify")):
        inspection(
            world.county_a,
            entity(world.county_a),
            people,
            kind="special",
            day=datetime.date(2026, day, 10),
            campaign=c,
            result=result,
        )
    inspection(world.county_a, entity(world.county_a), people, kind="routine")
    return c


def test_the_campaign_page_counts_and_lists_its_inspections(world, client_for, campaign_a):
    page = client_for(world.officer_a).get(campaign_a.get_absolute_url()).content.decode()
    assert "检查3户次 · 合格2 · 责令整改1 · 立案0" in page
    assert f"/supervision/inspections/?campaign={campaign_a.pk}" in page
    assert f"/supervision/inspections/add/?campaign={campaign_a.pk}" in page
    assert page.count("/supervision/inspections/") >= 3
    listing = client_for(world.officer_a).get("/supervision/campaigns/").content.decode()
    assert "检查户次" in listing and "游泳场所专项整治" in listing


def test_the_inspection_list_filters_by_campaign_on_the_page_and_in_the_api(
    world, client_for, api_for, campaign_a
):
    mine = set(Inspection.objects.filter(campaign=campaign_a).values_list("pk", flat=True))
    r = client_for(world.officer_a).get(f"/supervision/inspections/?campaign={campaign_a.pk}")
    shown = {row.record.pk for row in r.context["table"].rows}
    assert shown == mine
    rows = api_for(world.officer_a).get(f"/api/supervision/inspections/?campaign={campaign_a.pk}")
    assert {i["id"] for i in rows.json()["results"]} == mine


def test_another_countys_campaign_is_a_missing_one(world, client_for, api_for, campaign_a):
    client = client_for(world.officer_b)
    missing = campaign_a.pk + 1000
    assert client.get(campaign_a.get_absolute_url()).status_code == 404
    assert client.get(f"/supervision/campaigns/{campaign_a.pk}/edit/").status_code == 404
    assert client.get(f"/supervision/inspections/add/?campaign={campaign_a.pk}").status_code == 404
    assert "游泳场所专项整治" not in client.get("/supervision/campaigns/").content.decode()
    api = api_for(world.officer_b)
    assert api.get(f"/api/supervision/campaigns/{campaign_a.pk}/").status_code == 404
    assert api.get("/api/supervision/campaigns/").json()["results"] == []
    foreign = api.get(f"/api/supervision/inspections/?campaign={campaign_a.pk}")
    unknown = api.get(f"/api/supervision/inspections/?campaign={missing}")
    assert foreign.status_code == unknown.status_code == 400
    assert str(foreign.json()).replace(str(campaign_a.pk), "?") == str(unknown.json()).replace(
        str(missing), "?"
    )


def test_the_city_reads_a_countys_campaign_but_registers_no_inspection_in_it(
    world, client_for, campaign_a
):
    page = client_for(world.city_officer).get(campaign_a.get_absolute_url()).content.decode()
    assert "检查3户次" in page
    assert "/supervision/inspections/add/?campaign=" not in page


def test_registering_from_the_campaign_fills_in_the_campaign(world, client_for, campaign_a):
    c = client_for(world.officer_a)
    # First the unit is found; the search keeps the campaign and its results carry it on.
    unit = entity(world.county_a, name="临江专项泳池")
    r = c.get(f"/supervision/inspections/add/?campaign={campaign_a.pk}&q=专项泳池")
    page = r.content.decode()
    assert f'name="campaign" value="{campaign_a.pk}"' in page and campaign_a.name in page
    assert f"?entity={unit.pk}&amp;campaign={campaign_a.pk}" in page
    r = c.get(f"/supervision/inspections/add/?entity={unit.pk}&campaign={campaign_a.pk}")
    assert r.status_code == 200
    form = r.context["form"]
    assert form.initial["campaign"] == campaign_a.pk
    assert form.initial["kind"] == "special"
    assert START <= form.initial["inspected_on"] <= END


def test_a_campaigns_period_must_keep_its_inspections(world, client_for, campaign_a):
    r = client_for(world.officer_a).post(
        f"/supervision/campaigns/{campaign_a.pk}/edit/",
        {"name": campaign_a.name, "starts_on": "2026-07-01", "ends_on": "2026-09-30"},
    )
    assert r.status_code == 200
    assert r.context["form"].errors["starts_on"] == [
        "已有1次检查归入本专项行动，检查日期（2026-06-10至2026-06-10）不在修改后的期间内："
        "请先调整这些检查，或保留原期间。"
    ]
    campaign_a.refresh_from_db()
    assert campaign_a.starts_on == START


def test_the_api_gives_each_campaign_its_inspection_count(world, api_for, campaign_a):
    api = api_for(world.officer_a)
    _campaign(world.county_a, name="医疗美容专项")
    rows = api.get("/api/supervision/campaigns/").json()["results"]
    assert {r["name"]: r["inspection_count"] for r in rows} == {
        "游泳场所专项整治": 3,
        "医疗美容专项": 0,
    }
    assert api.get(f"/api/supervision/campaigns/{campaign_a.pk}/").json()["inspection_count"] == 3
    found = api.get("/api/supervision/campaigns/?name=美容").json()["results"]
    assert [r["name"] for r in found] == ["医疗美容专项"]
    made = api.post(
        "/api/supervision/campaigns/",
        {"name": "学校专项", "starts_on": "2026-09-01", "ends_on": "2026-10-31"},
        format="json",
    )
    assert made.status_code == 201 and made.json()["inspection_count"] == 0
    r = api.patch(
        f"/api/supervision/campaigns/{campaign_a.pk}/", {"ends_on": "2026-06-30"}, format="json"
    )
    assert r.status_code == 400 and "ends_on" in r.json()
