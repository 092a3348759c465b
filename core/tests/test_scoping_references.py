"""No existence oracle through the API: another county's record, named in any writable related
field or any list filter, is refused exactly as an id that does not exist."""

import pytest

from core.tests.scoping import (
    assert_foreign_filters_refused,
    assert_foreign_page_filters_refused,
    assert_foreign_references_refused,
)

pytestmark = pytest.mark.django_db


def test_every_related_field_refuses_another_countys_record_as_a_missing_one(world, api_for):
    tried = assert_foreign_references_refused(world, api_for)
    # The walk reaches the fields of the reported holes and those of every app.
    for expected in (
        "POST /api/supervision/conflicts/ person",
        "POST /api/supervision/conflicts/ entity",
        "POST /api/core/regions/ inspectors",
        "PATCH /api/core/regions/{pk}/ parent",
        "POST /api/registry/licences/ entity",
        "POST /api/supervision/inspections/ task",
        "POST /api/supervision/rectifications/{pk}/follow-up/ follow_up",
    ):
        assert expected in tried, tried


def test_every_list_filter_answers_another_countys_id_as_a_missing_one(world, api_for):
    tried = assert_foreign_filters_refused(world, api_for)
    for expected in (
        "GET /api/supervision/conflicts/?entity",
        "GET /api/supervision/inspections/?entity",
        "GET /api/core/people/?agency",
        "GET /api/registry/entities/?region",
    ):
        assert expected in tried, tried


def test_every_list_page_filter_answers_another_countys_id_as_a_missing_one(world, client_for):
    tried = assert_foreign_page_filters_refused(world, client_for)
    assert "/departments/?agency" in tried and "/registry/entities/?region" in tried, tried


def test_agency_dropdowns_list_the_users_agency_tree_only(world, client_for):
    client = client_for(world.admin_a)
    for url in ("/departments/", "/regions/", "/people/", "/users/"):
        form = client.get(url).context["filter"].form
        offered = {str(v) for v, _ in form.fields["agency"].choices if v}
        assert offered == {str(world.county_a.pk)}, (url, offered)
