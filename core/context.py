"""Per-request context (user, request id, client address) for the audit receivers.

A ContextVar rather than a thread-local, so that it is correct under ASGI as well. Managers never
read it: querysets are scoped explicitly with ``visible_to(user)``.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RequestContext:
    """Who is acting. With ``request`` given, the user is read from it when asked: the REST API
    authenticates inside the view (a token), after the middleware has run, and sets the user on
    the request then."""

    _user: Any = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    remote_addr: str = ""
    request: Any = field(default=None, repr=False)

    @property
    def user(self) -> Any:
        if self.request is not None:
            return getattr(self.request, "user", None)
        return self._user


current_request: ContextVar[RequestContext | None] = ContextVar("current_request", default=None)


def current_user() -> Any:
    ctx = current_request.get()
    if ctx is None or ctx.user is None or not getattr(ctx.user, "is_authenticated", False):
        return None
    return ctx.user


@contextlib.contextmanager
def acting_as(user: Any, remote_addr: str = "") -> Iterator[RequestContext]:
    """Run a block (a command, a service call in a test) as ``user`` for the audit chain."""
    ctx = RequestContext(user, remote_addr=remote_addr)
    token = current_request.set(ctx)
    try:
        yield ctx
    finally:
        current_request.reset(token)
