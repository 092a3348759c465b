"""Who is calling, and how often they may guess a password (登录锁定).

``client_ip`` is the one place that decides a request's client address, for the lock-out
(django-axes), the audit chain and DRF's throttles. Without a trusted proxy it is
``REMOTE_ADDR``, whatever ``X-Forwarded-For`` says (a client can write that header). With
``FAZHI_TRUSTED_PROXIES = N`` reverse proxies in front of the application, each appending the
address it received the request from, the client is the N-th address from the right of
``X-Forwarded-For``: addresses to its left were written by the client and are not believed.

Lock-out counts failures per account *and* address (``AXES_LOCKOUT_PARAMETERS``), so failures on
one account do not lock the other users of a shared address (a whole office behind one NAT), and
the owner of an account is not locked out by someone guessing from elsewhere — within a limit:
``LockoutHandler`` also locks an account, from every address, once it has collected
``FAZHI_LOGIN_ACCOUNT_FAILURE_LIMIT`` failures within the cool-off time, which stops guessing one
password from many addresses.
"""

from __future__ import annotations

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_ip(request) -> str:
    """The client's address; ``X-Forwarded-For`` is believed only as far as trusted proxies wrote
    it."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR", "") or ""
    proxies = settings.FAZHI_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < proxies:
        # The request did not pass through every proxy: only the peer address is known.
        return remote
    candidate = forwarded[-proxies]
    return candidate if _is_ip(candidate) else remote


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler plus a lock on the account alone after many failures."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if not username:
            return failures
        attempts = AccessAttempt.objects.filter(username=username)
        cool_off = get_cool_off(request)
        if cool_off is not None:
            attempts = attempts.filter(attempt_time__gte=request.axes_attempt_time - cool_off)
        total = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        if total >= settings.FAZHI_LOGIN_ACCOUNT_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
