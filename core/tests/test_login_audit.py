"""Logins, failed logins and lock-out (django-axes) are refused and appended to the chain."""

import pytest

from core import audit
from core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_successful_login_and_logout_are_recorded(world, client):
    resp = client.post("/accounts/login/", {"username": "officer_a", "password": world.password})
    assert resp.status_code == 302
    login = AuditEvent.objects.filter(action=AuditAction.LOGIN).latest("seq")
    assert login.actor == world.officer_a and login.agency == world.county_a
    client.post("/accounts/logout/")
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=world.officer_a).exists()


def test_repeated_wrong_passwords_lock_the_account_and_are_audited(world, client, settings):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit):
        resp = client.post(
            "/accounts/login/",
            {"username": "officer_a", "password": "wrong-1"},
            REMOTE_ADDR="10.1.2.3",
        )
    assert resp.status_code == 429 or "已被临时锁定" in resp.content.decode()
    # Now even the right password is refused.
    resp = client.post(
        "/accounts/login/",
        {"username": "officer_a", "password": world.password},
        REMOTE_ADDR="10.1.2.3",
    )
    assert "已被临时锁定" in resp.content.decode()
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert failed.count() >= limit
    assert failed.first().changes["username"] == "officer_a"
    assert failed.first().agency == world.county_a
    lock = AuditEvent.objects.filter(action=AuditAction.LOCKOUT).earliest("seq")
    assert lock.changes["username"] == "officer_a"
    assert audit.verify()[1] is None


def test_failed_login_for_unknown_user_is_recorded_without_agency(world, client):
    client.post("/accounts/login/", {"username": "nobody", "password": "x"})
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).latest("seq")
    assert event.changes["username"] == "nobody" and event.agency is None
