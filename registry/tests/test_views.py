import pytest

from registry.tests.factories import entity


def test_list_shows_own_and_hides_other_county(world, client_for):
    entity(world.county_a, name="东湖甲宾馆")
    entity(world.county_b, name="西山乙宾馆")
    html = client_for(world.officer_a).get("/registry/entities/").content.decode()
    assert "东湖甲宾馆" in html and "西山乙宾馆" not in html


def test_city_user_reads_county_entities(world, client_for):
    entity(world.county_a, name="东湖甲宾馆")
    html = client_for(world.city_officer).get("/registry/entities/?q=东湖").content.decode()
    assert "东湖甲宾馆" in html


@pytest.mark.parametrize("suffix", ["", "edit/"])
def test_other_county_gets_404(world, client_for, suffix):
    e = entity(world.county_b)
    assert client_for(world.officer_a).get(f"/registry/entities/{e.pk}/{suffix}").status_code == 404


def test_api_other_county_gets_404_and_city_cannot_change(world, api_for):
    e = entity(world.county_a)
    assert api_for(world.officer_b).get(f"/api/registry/entities/{e.pk}/").status_code == 404
    city = api_for(world.city_officer)
    assert city.get(f"/api/registry/entities/{e.pk}/").status_code == 200
    assert city.patch(f"/api/registry/entities/{e.pk}/", {"name": "改名"}).status_code == 404


def test_api_rejects_wrong_check_character_in_chinese(world, api_for):
    resp = api_for(world.officer_a).post(
        "/api/registry/entities/",
        {
            "name": "新店",
            "uscc": "91330102MA00000010",
            "address": "某路",
            "category": "public_place",
            "subcategory": "lodging",
        },
        format="json",
    )
    assert resp.status_code == 400
    assert "统一社会信用代码" in str(resp.json()["uscc"])


def test_list_page_uses_no_count_query(world, client_for, django_assert_max_num_queries):
    for _ in range(30):
        entity(world.county_a)
    c = client_for(world.officer_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        c.get("/registry/entities/")
    assert not any(
        "COUNT(" in q["sql"].upper() and "supervisedentity" in q["sql"].lower()
        for q in ctx.captured_queries
    )
