"""Log lines are JSON with the request id and user of the request that wrote them."""

import json
import logging

import pytest

from core.logs import JsonFormatter


def _line(logger: str, message: str, **extra) -> dict:
    record = logging.getLogger(logger).makeRecord(
        logger, logging.INFO, __file__, 1, message, (), None, extra=extra
    )
    return json.loads(JsonFormatter().format(record))


@pytest.mark.django_db
def test_a_request_line_names_the_signed_in_user_and_the_request(world, client_for):
    lines = []
    handler = logging.Handler()
    handler.setFormatter(JsonFormatter())
    handler.emit = lambda record: lines.append(json.loads(handler.format(record)))
    log = logging.getLogger("fazhi.request")
    level = log.level
    log.setLevel(logging.INFO)  # setLevel, not the attribute: it clears the logger's cache
    log.addHandler(handler)
    try:
        resp = client_for(world.officer_a).get("/people/")
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
    (line,) = lines
    assert line["request_id"] == resp["X-Request-ID"]
    assert line["user"] == "officer_a"
    assert line["path"] == "/people/" and line["status"] == 200
    assert line["duration_ms"] > 0 and line["level"] == "INFO"


def test_a_line_outside_a_request_has_no_request_id():
    line = _line("fazhi.jobs", "job finished", job=7)
    assert line["message"] == "job finished" and line["logger"] == "fazhi.jobs"
    assert "request_id" not in line and line["job"] == 7
