"""Lock-out by account and address, a limit per account, and the client address behind proxies."""

import pytest
from django.test import Client

from core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

X, Y, Z = "10.0.0.1", "10.0.0.2", "10.0.0.3"
PROXY = "192.168.0.9"


def login(username, password, **meta):
    """True when the login page logs the user in (a fresh browser each time)."""
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": password}, **meta)
    return "_auth_user_id" in client.session


def fail(username, times, **meta):
    for _ in range(times):
        assert not login(username, "wrong-password", **meta)


def test_failures_lock_the_account_at_that_address_only(world, settings):
    fail("officer_a", settings.AXES_FAILURE_LIMIT, REMOTE_ADDR=X)
    assert not login("officer_a", world.password, REMOTE_ADDR=X)
    # The other users of the same address (an office behind one NAT) are not locked out …
    assert login("reviewer_a", world.password, REMOTE_ADDR=X)
    # … nor is the account's owner at another address.
    assert login("officer_a", world.password, REMOTE_ADDR=Y)


def test_many_failures_from_many_addresses_lock_the_account_everywhere(world, settings):
    settings.FAZHI_LOGIN_ACCOUNT_FAILURE_LIMIT = 9
    per_address = settings.AXES_FAILURE_LIMIT - 1
    for n in range(2):
        fail("officer_a", per_address, REMOTE_ADDR=f"172.16.0.{n}")
    assert login("officer_a", world.password, REMOTE_ADDR=Z)  # 8 failures: below the 9
    fail("officer_a", 1, REMOTE_ADDR="172.16.0.9")
    assert not login("officer_a", world.password, REMOTE_ADDR=Z)
    assert login("reviewer_a", world.password, REMOTE_ADDR=Z)


def test_a_spoofed_forwarded_for_is_ignored_without_a_trusted_proxy(world, settings):
    assert settings.FAZHI_TRUSTED_PROXIES == 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        fail("officer_a", 1, REMOTE_ADDR=X, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert not login("officer_a", world.password, REMOTE_ADDR=X, HTTP_X_FORWARDED_FOR=Y)
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert {e.remote_addr for e in failed} == {X}


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(world, settings):
    settings.FAZHI_TRUSTED_PROXIES = 1
    # The client wrote the first address itself; the proxy appended the one it saw.
    fail(
        "officer_a",
        settings.AXES_FAILURE_LIMIT,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{Y}, {X}",
    )
    assert not login("officer_a", world.password, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=X)
    assert login("officer_a", world.password, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=Y)
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert {e.remote_addr for e in failed} == {X}
    assert {e.changes["remote_addr"] for e in failed} == {X}


def test_the_token_endpoint_shares_the_lock_out(world, settings):
    client = Client()

    def token(username, password, addr):
        return client.post(
            "/api/token/", {"username": username, "password": password}, REMOTE_ADDR=addr
        )

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert token("officer_a", "wrong-password", X).status_code == 400
    resp = token("officer_a", "wrong-password", X)
    assert resp.status_code == 429 and "锁定" in resp.json()["detail"]
    resp = token("officer_a", world.password, X)
    assert resp.status_code == 429
    assert token("reviewer_a", world.password, X).status_code == 200
    assert token("officer_a", world.password, Y).status_code == 200
    # Failures on the token endpoint count for the login page too.
    assert not login("officer_a", world.password, REMOTE_ADDR=X)
