"""Exports leave a trace: who exported which records, with which filter."""

from __future__ import annotations

from typing import Any


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
