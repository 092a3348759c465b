"""Scoping of core records through pages, search, exports and the API."""

import pytest

from core.models import Department, Person, Region
from core.tests.scoping import ScopedEndpoints, assert_scoped

pytestmark = pytest.mark.django_db

_counter = iter(range(1, 10_000))


def make_person(agency):
    return Person.objects.create(agency=agency, name=f"测试人员{next(_counter):04d}")


def make_department(agency):
    return Department.objects.create(agency=agency, name=f"监督{next(_counter):04d}科")


def make_region(agency):
    return Region.objects.create(agency=agency, name=f"第{next(_counter):04d}片区")


@pytest.mark.parametrize(
    "endpoints",
    [
        ScopedEndpoints(
            make_person,
            "core:person_list",
            "core:person_detail",
            "core:person_edit",
            "core-api:person",
            "core:person_export",
            edit_payload=lambda p: {"name": "改名", "certificate_review": "none"},
        ),
        ScopedEndpoints(
            make_department,
            "core:department_list",
            "core:department_detail",
            "core:department_edit",
            "core-api:department",
            edit_payload=lambda d: {"name": "改名"},
        ),
        ScopedEndpoints(
            make_region,
            "core:region_list",
            "core:region_detail",
            "core:region_edit",
            "core-api:region",
            edit_payload=lambda r: {"name": "改名"},
        ),
    ],
    ids=["person", "department", "region"],
)
def test_county_user_cannot_read_or_change_other_county(world, client_for, api_for, endpoints):
    assert_scoped(world, client_for, api_for, endpoints)


def test_edit_post_to_other_county_changes_nothing(world, client_for):
    other = make_person(world.county_b)
    client_for(world.admin_a).post(f"/people/{other.pk}/edit/", {"name": "篡改"})
    other.refresh_from_db()
    assert other.name.startswith("测试人员")


def test_city_user_cannot_change_county_record_through_api(world, api_for):
    person = make_person(world.county_a)
    resp = api_for(world.city_officer).patch(
        f"/api/core/people/{person.pk}/", {"name": "改"}, format="json"
    )
    assert resp.status_code == 404
    person.refresh_from_db()
    assert person.name != "改"


def test_create_through_api_lands_in_users_agency(world, api_for):
    resp = api_for(world.admin_a).post(
        "/api/core/people/", {"name": "新人", "agency": world.county_b.pk}, format="json"
    )
    assert resp.status_code == 201, resp.content
    assert Person.objects.get(pk=resp.json()["id"]).agency == world.county_a


def test_agency_list_shows_subtree_only(world, client_for):
    def links(user):
        body = client_for(user).get("/agencies/").content.decode()
        return {
            a
            for a in (world.city, world.county_a, world.county_b)
            if f'href="/agencies/{a.pk}/"' in body
        }

    assert links(world.admin_a) == {world.county_a}
    assert links(world.city_admin) == {world.city, world.county_a, world.county_b}


def test_readonly_role_cannot_create(world, client_for):
    resp = client_for(world.officer_a).get("/people/add/")
    assert resp.status_code == 403
