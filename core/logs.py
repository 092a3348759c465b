"""Structured logs: one JSON object per line, with the request id and user of the request.

A log collector (journald, Loki, Elasticsearch) reads the lines as they are; ``grep`` for a
request id gives every line that request wrote, and the ``X-Request-ID`` response header and
the audit events carry the same id.
"""

from __future__ import annotations

import datetime
import json
import logging

from core.context import current_request

# Attributes every LogRecord has; anything else was passed in ``extra=`` and is written out.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id", "user", ...extra}`` per line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        ctx = current_request.get()
        if ctx is not None:
            line["request_id"] = ctx.request_id
            user = ctx.user
            if user is not None and getattr(user, "is_authenticated", False):
                line["user"] = user.get_username()
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
