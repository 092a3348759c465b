"""API limits: a maximum page size, large reads in the audit chain, tokens that end."""

import pytest

from core.models import AuditAction, AuditEvent, Person

pytestmark = pytest.mark.django_db


def _people(world, n):
    Person.objects.bulk_create([Person(agency=world.county_a, name=f"批量{i}") for i in range(n)])


def test_api_page_size_is_capped(world, api_for, settings):
    assert settings.FAZHI_API_MAX_LIMIT == 500
    _people(world, 520)
    body = api_for(world.admin_a).get("/api/core/people/?limit=100000").json()
    assert body["count"] == 523 and len(body["results"]) == 500
    assert len(api_for(world.admin_a).get("/api/core/people/").json()["results"]) == 50


def test_large_api_reads_are_recorded_like_exports(world, api_for, settings):
    settings.FAZHI_API_LARGE_READ_ROWS = 10
    _people(world, 12)
    api = api_for(world.admin_a)
    exports = AuditEvent.objects.filter(action=AuditAction.EXPORT)
    assert api.get("/api/core/people/?limit=5").status_code == 200
    assert not exports.exists()
    assert api.get("/api/core/people/?limit=10&offset=3").status_code == 200
    event = exports.get()
    assert event.actor == world.admin_a and event.agency == world.county_a
    assert event.changes["model"] == "core.person" and event.changes["count"] == 10
    assert event.changes["query"] == "/api/core/people/?limit=10&offset=3"
    # Asking for many rows is recorded even when fewer come back.
    api.get("/api/core/people/?limit=50&offset=10")
    assert exports.latest("seq").changes["count"] == 5
