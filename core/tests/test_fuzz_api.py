"""API fuzzing from the OpenAPI schema (schemathesis): no request gives a 5xx.

Every operation of ``/api/schema/`` gets requests generated from its parameters and body,
valid ones and invalid ones (wrong types, out-of-range numbers, missing fields), through the
project's WSGI application, with a token of a county inspector and of a county administrator
of the persona world. Operations on one record also get the id of a real row of theirs. The
run is bounded and repeatable: a fixed number of examples per operation, derandomized, no
example database. A refused request (4xx) is fine; any 5xx fails, naming the request.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest
import schemathesis
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

pytestmark = pytest.mark.django_db

#: Examples per operation and generation mode; each user runs every operation once.
EXAMPLES = 3
#: Operations whose work is too heavy to repeat (each example builds a whole annual report).
FEW_EXAMPLES = ("/document/", "/regenerate/", "/export/")


@contextmanager
def _same_connection():
    """Keep the test's database connection (and its transaction) across WSGI requests.

    Django's handler closes connections at the end of each request; the test client turns that
    off in the same way, so that requests see the test's rows and the test sees their writes.
    """
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(world):
    """The persona world with a few records of each kind (their ids feed detail operations)."""
    from portal.tests.test_portal import published

    published(world)
    return world


def _real_id(path: str) -> int | None:
    """The id of a row of the model behind an operation on one record (``/…/{id}/…``)."""
    try:
        match = resolve(path.replace("{id}", "1"))
    except Resolver404:
        return None
    cls = getattr(match.func, "cls", None)
    queryset = getattr(cls, "queryset", None)
    row = queryset.model.objects.order_by("pk").first() if queryset is not None else None
    return row.pk if row is not None else None


def _strategy(operation):
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    strategies = [operation.as_strategy(generation_mode=m) for m in modes]
    if "{id}" in operation.path and (pk := _real_id(operation.path)) is not None:
        strategies += [
            operation.as_strategy(generation_mode=m, path_parameters={"id": pk}) for m in modes
        ]
    return st.one_of(strategies)


def _fuzz(user, caplog) -> list[str]:
    from rest_framework.authtoken.models import Token

    from fazhi.wsgi import application

    token, _ = Token.objects.get_or_create(user=user)
    headers = {"Authorization": f"Token {token.key}"}
    failures: list[str] = []
    with _same_connection():
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
        for result in schema.get_all_operations():
            operation = result.ok()
            examples = EXAMPLES
            if any(part in operation.path for part in FEW_EXAMPLES):
                examples = 1

            @settings(
                max_examples=examples * 2,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=_strategy(operation))
            def run(case):
                caplog.clear()
                response = case.call(headers=headers)
                if response.status_code >= 500:
                    errors = [r.getMessage() + "\n" + (r.exc_text or "") for r in caplog.records]
                    failures.append(
                        f"{case.method} {case.formatted_path} query={case.query} "
                        f"body={str(case.body)[:200]} → {response.status_code}\n"
                        + "\n".join(errors)[-1500:]
                    )

            run()
    return failures


@pytest.mark.parametrize("who", ["officer_a", "admin_a"])
def test_no_api_request_gives_a_server_error(api_world, caplog, who):
    caplog.set_level(logging.ERROR, logger="django.request")
    failures = _fuzz(getattr(api_world, who), caplog)
    assert not failures, f"{len(failures)} requests gave 5xx:\n" + "\n\n".join(failures[:10])
