"""Exports leave a trace: who exported which records, with which filter."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
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
    return _named(HttpResponse(data, content_type=content_type), filename)


def _named(response: HttpResponse | StreamingHttpResponse, filename: str):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _csv_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    from core.cells import csv_row

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(csv_row(columns))
    yield ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly
    for row in rows:
        buf.seek(0)
        buf.truncate()
        writer.writerow(csv_row(row))  # formula-like text escaped (core.cells)
        yield buf.getvalue().encode("utf-8")


def _json_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    from core.cells import json_row

    yield b'{"columns": ' + json.dumps(list(columns), ensure_ascii=False).encode() + b', "rows": ['
    first = True
    for row in rows:
        text = json.dumps(json_row(columns, row), ensure_ascii=False)
        yield (text if first else ",\n" + text).encode("utf-8")
        first = False
    yield b"]}\n"


def stream_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]], filename: str):
    """``rows`` as a CSV download written while it is sent: one row in memory at a time
    (``rows`` should be a generator reading the database in chunks)."""
    response = StreamingHttpResponse(_csv_lines(columns, rows), content_type="text/csv")
    return _named(response, filename)


def stream_json(columns: Sequence[str], rows: Iterable[Sequence[Any]], filename: str):
    """``rows`` as a JSON download written while it is sent:
    ``{"columns": [...], "rows": [{column: value, ...}, ...]}``, values through
    ``core.cells.json_value`` (dates in ISO 8601)."""
    response = StreamingHttpResponse(
        _json_lines(columns, rows), content_type="application/json; charset=utf-8"
    )
    return _named(response, filename)
