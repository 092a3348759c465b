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


def _token(client, world, username="officer_a"):
    resp = client.post("/api/token/", {"username": username, "password": world.password})
    assert resp.status_code == 200, resp.content
    return resp.json()["token"]


def _get(token):
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api.get("/api/core/people/")


def test_a_token_expires_after_the_configured_hours(world, client, settings):
    import datetime

    import time_machine
    from django.utils import timezone

    settings.FAZHI_API_TOKEN_HOURS = 24
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = _token(client, world)
    with time_machine.travel(start + datetime.timedelta(hours=23), tick=False):
        assert _get(token).status_code == 200
        assert _token(client, world) == token  # still valid: the same token
    with time_machine.travel(start + datetime.timedelta(hours=24, seconds=1), tick=False):
        resp = _get(token)
        assert resp.status_code == 401 and "令牌已过期" in resp.json()["detail"]
        fresh = _token(client, world)
        assert fresh != token and _get(fresh).status_code == 200


def test_a_new_password_revokes_the_token(world, client):
    token = _token(client, world)
    world.officer_a.set_password("Another-pass-2026")
    world.officer_a.save()
    assert _get(token).status_code == 401


def test_deactivating_the_user_revokes_the_token(world, client):
    token = _token(client, world)
    user = type(world.officer_a).objects.get(pk=world.officer_a.pk)
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()
    assert _get(token).status_code == 401  # reactivation does not bring the old token back


def test_other_changes_keep_the_token(world, client):
    token = _token(client, world)
    world.officer_a.first_name = "立"
    world.officer_a.save()
    assert _get(token).status_code == 200


def test_wrong_password_for_a_token_is_refused_in_chinese(world, client):
    resp = client.post("/api/token/", {"username": "officer_a", "password": "wrong"})
    assert resp.status_code == 400 and "用户名或密码错误" in str(resp.json())
