"""Request middleware: audit context and idle-session timeout."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from core.auth import client_ip
from core.context import RequestContext, current_request

request_log = logging.getLogger("fazhi.request")


class RequestContextMiddleware:
    """Expose the request's user and id to the audit receivers for the request's duration, and
    write one log line per request (``fazhi.request``: method, path, status, duration, user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        ctx = RequestContext(remote_addr=client_ip(request), request=request)
        token = current_request.set(ctx)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = ctx.request_id
            if request_log.isEnabledFor(logging.INFO):
                request_log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "remote_addr": ctx.remote_addr,
                    },
                )
        finally:
            current_request.reset(token)
        return response


class IdleTimeoutMiddleware:
    """Log a user out after ``SESSION_IDLE_TIMEOUT`` seconds without a request (空闲超时)."""

    session_key = "_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.session_key, now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                query = urlencode({"next": request.get_full_path(), "idle": 1})
                return redirect(f"{reverse('login')}?{query}")
            # Write at most once a minute: fewer session writes, and fewer races with a
            # concurrent logout (which would turn a harmless background request into a 400).
            interval = min(60, settings.SESSION_IDLE_TIMEOUT // 2)
            if now - last >= interval or self.session_key not in request.session:
                request.session[self.session_key] = now
        return self.get_response(request)
