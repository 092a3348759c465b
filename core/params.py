"""Numbers read from URLs: query-string parameters and path segments, never a 500.

A query string is typed by anyone: ``?task=abc``, ``?follow_up=1e3``, ``?year=10000``,
``?page=99999999999999999999`` or ``?year=²`` (a digit to ``str.isdigit()``, not to ``int()``).
Views read numbers through these helpers, which accept plain decimal integers within bounds
and treat anything else as absent (a filter) or as a missing record (an id: 404, exactly as
an id that does not exist, so that it reveals nothing).

Path segments: the ``year`` converter (registered in ``CoreConfig.ready``) matches four
digits, so ``/calendar/0/`` and ``/calendar/10000/`` are 404s rather than dates Python cannot
build.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpResponseBadRequest

#: The largest value of a 64-bit primary key (BigAutoField); a longer id matches no row.
MAX_ID = 2**63 - 1
#: Years are four digits (plans' 年度, statistics years, calendar years).
MIN_YEAR, MAX_YEAR = 1000, 9999
#: The deepest page a paged list offers (50 rows a page: 50 million rows).
MAX_PAGE = 1_000_000

_INTEGER = re.compile(r"-?[0-9]{1,19}")


def _query(source: Any):
    return getattr(source, "GET", source)


def int_param(
    source: Any,
    name: str,
    *,
    default: int | None = None,
    min_value: int | None = None,
    max_value: int | None = None,
) -> int | None:
    """``source[name]`` (a request's query string or any mapping) as an int, or ``default``
    when it is missing, not a plain decimal integer, or outside ``min_value``..``max_value``."""
    raw = str(_query(source).get(name) or "").strip()
    if not _INTEGER.fullmatch(raw):
        return default
    value = int(raw)
    if (min_value is not None and value < min_value) or (
        max_value is not None and value > max_value
    ):
        return default
    return value


def id_param(source: Any, name: str) -> int | None:
    """A primary key from the query string, or None when absent or not a possible key."""
    return int_param(source, name, min_value=1, max_value=MAX_ID)


def year_param(source: Any, name: str = "year") -> int | None:
    """A four-digit year from the query string, or None."""
    return int_param(source, name, min_value=MIN_YEAR, max_value=MAX_YEAR)


def page_param(source: Any, name: str = "page") -> int:
    """A page number from the query string: 1 when absent or bad, at most ``MAX_PAGE``."""
    page = int_param(source, name, default=1, min_value=1) or 1
    return min(page, MAX_PAGE)


def object_param(queryset, source: Any, name: str):
    """The row of ``queryset`` named by ``?name=<id>``; None when the parameter is absent.

    A value that is no possible id is a 404 like an id of no row (or of a row outside the
    user's scope, when ``queryset`` is scoped).
    """
    raw = _query(source).get(name)
    if not raw:
        return None
    pk = id_param(source, name)
    obj = queryset.filter(pk=pk).first() if pk is not None else None
    if obj is None:
        raise Http404(f"参数“{name}”所指的记录不存在。")
    return obj


class QueryStringMiddleware:
    """400 for a query string holding a NUL character.

    No parameter of ours can contain one, and PostgreSQL refuses it in any text it is given,
    so a ``?q=a%00b`` read straight from ``request.GET`` would otherwise fail in the database.
    (Form fields already refuse it; this covers the views that read the query string.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                "请求参数中含有空字符（NUL），无法处理。".encode(),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class YearConverter:
    """``<year:year>`` in a URL: a four-digit year, as an int."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if year < MIN_YEAR:  # "0999" has four digits but no date can carry it
            raise ValueError(value)
        return year

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"
