"""Exports leave a trace: who exported which records, with which filter."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def record_export(user: Any, model: type, count: int, query: str = "") -> None:
    """Append an ``export`` event to the audit chain."""
    from core.audit import record

    record(
        "export",
        None,
        actor=user,
        data={
            "model": f"{model._meta.app_label}.{model._meta.model_name}",
            "count": count,
            "query": query,
        },
    )


def download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    """``data`` as a download named ``filename``, Chinese names included.

    The header follows RFC 6266/5987 (``filename*=utf-8''<percent-encoded>`` for a non-ASCII
    name), which every current browser reads; a bare ``filename="…"`` would be mangled.
    """
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
