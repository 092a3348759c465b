"""Page fuzzing: no GET of any page answers 500, whatever its path and query string hold.

Every URL pattern of the URL conf (Django's admin aside) is requested with its path
parameters set to edge values (0, a 20-digit number, a year out of range, text where the
converter allows it), and every page is requested again with each filter its FilterSet
declares and the common parameters (``page``, ``limit``, ``offset``, ``year``, ``q``,
``sort`` …) set to edge values: non-numeric, exponent notation, negative, huge, a NUL byte.
Anonymous and as a county inspector and a county administrator. A bad value may give 400 or
404, or be ignored; a 500 fails the test, which lists every request that gave one.
"""

from __future__ import annotations

import datetime
import itertools
import traceback
from urllib.parse import urlencode

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # 20 digits: past every integer column
PATH_VALUES = ["0", "1", HUGE, "10000", "abc", "-1", "1e3"]
QUERY_VALUES = ["abc", "1e3", "-1", "0", HUGE, "10000", "²", "a\x00b", "2026-13-45"]
COMMON_PARAMS = [
    "page",
    "limit",
    "offset",
    "year",
    "q",
    "sort",
    "agency",
    "task",
    "follow_up",
    "after",
    "before",
    "from",
    "to",
    "part",
]
#: Views not to request in a walk (they end the session it runs in).
SKIP = {"logout"}
#: Path parameters other than ``pk`` and ``year``: an indicator with records behind it.
SAMPLES = {"key": "random_tasks"}
#: Paths whose query strings the API fuzzing covers (from the OpenAPI schema), and the schema
#: generator and its viewer.
NO_QUERY_FUZZ = ("/api/",)


def _patterns(patterns=None, namespace=None):
    """(qualified URL name, parameter names, view) for every named pattern but the admin's."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin" or str(p.pattern).startswith("admin/"):
                continue
            ns = p.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _patterns(p.url_patterns, full)
        elif isinstance(p, URLPattern) and p.name and p.name not in SKIP:
            params = [g for g in p.pattern.regex.groupindex if g != "format"]
            name = f"{namespace}:{p.name}" if namespace else p.name
            yield name, params, p.callback


def _view_class(callback):
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def _filter_names(callback) -> list[str]:
    """The query parameters the view's FilterSet declares (range filters with their suffixes)."""
    cls = _view_class(callback)
    filterset = getattr(cls, "filterset_class", None)
    if filterset is None:
        return []
    names = []
    for name, f in filterset.base_filters.items():
        names.append(name)
        suffixes = getattr(getattr(f.field_class, "widget", None), "suffixes", None)
        names += [f"{name}_{s}" for s in suffixes or ()]
    return names


def _sample_kwargs(callback, params) -> dict | None:
    """Path parameters naming a real row of the view's model (or the current year), if any."""
    if not params:
        return {}
    cls = _view_class(callback)
    model = getattr(cls, "model", None) or getattr(getattr(cls, "queryset", None), "model", None)
    kwargs = {}
    for name in params:
        if name == "year":
            kwargs[name] = datetime.date.today().year
        elif name in SAMPLES:
            kwargs[name] = SAMPLES[name]
        elif name == "pk" and model is not None and (obj := model.objects.order_by("pk").last()):
            kwargs[name] = obj.pk
        else:
            return None
    return kwargs


def _urls():
    """(URL, label) pairs: every pattern with edge path values, every page with edge queries."""
    seen, bases = set(), set()
    for name, params, callback in _patterns():
        # Edge values in the path, where the converter lets them through.
        for values in itertools.product(PATH_VALUES, repeat=len(params)) if params else [()]:
            try:
                url = reverse(name, kwargs=dict(zip(params, values, strict=True)))
            except NoReverseMatch:
                continue
            if url not in seen:
                seen.add(url)
                yield url
        kwargs = _sample_kwargs(callback, params)
        if kwargs is None:
            continue
        try:
            base = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        if base in bases or base.startswith(NO_QUERY_FUZZ):
            continue
        bases.add(base)
        names = list(dict.fromkeys(_filter_names(callback) + COMMON_PARAMS))
        # Every parameter at once with each value, then each alone (so that one refused early
        # does not hide another), its value turning through the list.
        for value in QUERY_VALUES:
            yield f"{base}?{urlencode(dict.fromkeys(names, value))}"
        for i, param in enumerate(names):
            yield f"{base}?{urlencode({param: QUERY_VALUES[i % len(QUERY_VALUES)]})}"


@pytest.fixture
def records(world):
    """A few records of each kind, so that detail pages and lists have rows to show."""
    from portal.tests.test_portal import published
    from supervision.models import InspectionKind
    from supervision.tests.factories import inspection, inspector

    entity, _, _ = published(world)
    inspection(
        world.county_a,
        entity,
        [inspector(world.county_a)],
        kind=InspectionKind.ROUTINE,
        published_on=datetime.date(2026, 5, 20),
    )
    return world


def _fuzz(client) -> list[str]:
    failures = []
    for url in _urls():
        try:
            resp = client.get(url)
        except Exception:  # the test client re-raises what the view raised: that is a 500
            failures.append(f"{url} raised {traceback.format_exc(limit=-2)}")
            continue
        if resp.status_code >= 500:
            failures.append(f"{url} gave {resp.status_code}")
    return failures


def test_no_page_gives_500_to_anonymous(records, client):
    failures = _fuzz(client)
    assert not failures, f"{len(failures)} requests failed:\n" + "\n".join(failures[:40])


def test_no_page_gives_500_to_a_county_inspector(records, client_for):
    failures = _fuzz(client_for(records.officer_a))
    assert not failures, f"{len(failures)} requests failed:\n" + "\n".join(failures[:40])
