"""Generic scoping checks that every app's tests reuse.

Each app lists its endpoints once, as ``ScopedEndpoints``: a factory that makes a record in a
given agency, the list, detail, edit and API URL names. ``assert_scoped`` then proves, for the
persona world, that a county user neither reads nor changes another county's record (list and
export omit it, detail/edit/API give 404) and that a city user reads it but cannot change it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass
class ScopedEndpoints:
    make: Callable[[Any], Any]  # agency -> saved record
    list_url: str
    detail_url: str | None = None
    edit_url: str | None = None
    api_basename: str | None = None  # e.g. "core-api:person"
    export_url: str | None = None
    label: Callable[[Any], str] = str
    edit_payload: Callable[[Any], dict] | None = None  # valid form data for an edit POST
    city_user: str = "city_officer"  # the city persona that must read but not change
    county_user: str = "admin_a"  # the county A persona with rights to list/edit


def assert_scoped(world, client_for, api_for, ep: ScopedEndpoints) -> None:
    own = ep.make(world.county_a)
    other = ep.make(world.county_b)

    def cell(obj) -> str:  # the label as a table cell's text, not echoed in a link or input
        return f">{ep.label(obj)}<"

    # County A officer: sees own, not B's.
    client = client_for(getattr(world, ep.county_user))
    body = client.get(reverse(ep.list_url)).content.decode()
    assert cell(own) in body, "own record missing from list"
    assert cell(other) not in body, "other county's record leaked into list"
    # Search (the htmx partial returns just the table, not the echoed query).
    body = client.get(reverse(ep.list_url), {"q": ep.label(other)}, HTTP_HX_REQUEST="true")
    body = body.content.decode()
    assert "<table" in body and "<html" not in body, "htmx request did not get the partial"
    assert cell(other) not in body, "other county's record found by search"
    if ep.export_url:
        data = client.get(reverse(ep.export_url)).content
        assert _xlsx_contains(data, ep.label(own))
        assert not _xlsx_contains(data, ep.label(other)), "other county's record exported"
    if ep.detail_url:
        assert client.get(reverse(ep.detail_url, args=[own.pk])).status_code == 200
        assert client.get(reverse(ep.detail_url, args=[other.pk])).status_code == 404
    if ep.edit_url:
        assert client.get(reverse(ep.edit_url, args=[other.pk])).status_code == 404
        if ep.edit_payload:
            resp = client.post(reverse(ep.edit_url, args=[other.pk]), ep.edit_payload(other))
            assert resp.status_code == 404
    if ep.api_basename:
        api = api_for(getattr(world, ep.county_user))
        listing = api.get(reverse(f"{ep.api_basename}-list")).json()
        ids = {r["id"] for r in listing.get("results", listing)}
        assert own.pk in ids and other.pk not in ids
        assert api.get(reverse(f"{ep.api_basename}-detail", args=[other.pk])).status_code == 404
        assert (
            api.patch(
                reverse(f"{ep.api_basename}-detail", args=[other.pk]), {}, format="json"
            ).status_code
            == 404
        )
        resp = api.delete(reverse(f"{ep.api_basename}-detail", args=[other.pk]))
        assert resp.status_code in (403, 404, 405)  # 405: records are never deleted
        assert type(other).objects.filter(pk=other.pk).exists()

    # City user: reads county records, cannot change them.
    city = client_for(getattr(world, ep.city_user))
    body = city.get(reverse(ep.list_url)).content.decode()
    assert cell(own) in body and cell(other) in body, "city cannot read county records"
    if ep.detail_url:
        assert city.get(reverse(ep.detail_url, args=[other.pk])).status_code == 200
    if ep.edit_url:
        assert city.get(reverse(ep.edit_url, args=[other.pk])).status_code in (403, 404)
    if ep.api_basename:
        api = api_for(getattr(world, ep.city_user))
        assert api.get(reverse(f"{ep.api_basename}-detail", args=[other.pk])).status_code == 200
        assert api.patch(
            reverse(f"{ep.api_basename}-detail", args=[other.pk]), {}, format="json"
        ).status_code in (403, 404)


def _xlsx_contains(data: bytes, text: str) -> bool:
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    return any(text == str(v) for row in wb.worksheets[0].iter_rows(values_only=True) for v in row)


# --- References: another agency's id must look exactly like an id that does not exist ----------


def record_makers() -> dict[type, Callable[[Any], Any]]:
    """model → builder of a saved record in a given agency, from every app's
    ``<app>/tests/factories.py`` ``RECORD_MAKERS`` (a model named by a related field or a filter
    of the API must have one: the walk below fails naming it otherwise)."""
    import importlib

    from django.apps import apps

    from core.models import Agency

    makers: dict[type, Callable[[Any], Any]] = {Agency: lambda agency: agency}
    for app in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app.name}.tests.factories")
        except ModuleNotFoundError:
            continue
        makers.update(getattr(module, "RECORD_MAKERS", {}))
    return makers


@dataclass
class Endpoint:
    """One API operation: URL pattern (``{pk}`` for the record), method, the view."""

    path: str
    method: str
    view: Any
    initkwargs: dict

    @property
    def detail(self) -> bool:
        return "{" in self.path

    def model(self):
        queryset = getattr(self.view, "queryset", None)
        return queryset.model if queryset is not None else None


def api_endpoints() -> list[Endpoint]:
    """Every operation of the API, walked from the URL conf as the OpenAPI schema is."""
    from drf_spectacular.generators import EndpointEnumerator

    found = []
    for path, _regex, method, callback in EndpointEnumerator().get_api_endpoints():
        initkwargs = getattr(callback, "initkwargs", None) or {}
        view = callback.cls(**initkwargs)
        actions = getattr(callback, "actions", None) or {}
        view.action = actions.get(method.lower())
        view.request, view.format_kwarg, view.args, view.kwargs = None, None, (), {}
        found.append(Endpoint(path, method, view, initkwargs))
    return found


def related_fields(serializer) -> dict[str, tuple[type, bool]]:
    """Writable related fields of a serializer: name → (model named, many)."""
    from rest_framework import serializers

    fields = {}
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        many = isinstance(field, serializers.ManyRelatedField)
        relation = field.child_relation if many else field
        if isinstance(relation, serializers.RelatedField) and relation.queryset is not None:
            fields[name] = (relation.queryset.model, many)
    return fields


def written_with(endpoint: Endpoint):
    """The serializer class an operation validates its body with, or None: the viewset's own
    for create and partial update, an action's when it declares ``serializer_class``."""
    view = endpoint.view
    if (endpoint.method, view.action) in (("POST", "create"), ("PATCH", "partial_update")):
        return view.get_serializer_class()
    if endpoint.method in ("POST", "PUT", "PATCH") and "serializer_class" in endpoint.initkwargs:
        return endpoint.initkwargs["serializer_class"]
    return None


def agency_owned(model) -> bool:
    return hasattr(model._default_manager.all(), "visible_to")


def is_shared(model) -> bool:
    from core.models import SharedModel

    return issubclass(model, SharedModel)


def missing_pk(model) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
    return last + 100_000


def same_refusal(foreign, missing, field: str, foreign_pk: Any, missing_pk: Any) -> bool:
    """The two responses are the same, the id each one named aside."""

    def body(resp, pk):
        data = resp.json() if resp.content else None
        if isinstance(data, dict) and field in data:
            data = {**data, field: str(data[field]).replace(str(pk), "<id>")}
        return resp.status_code, data

    return body(foreign, foreign_pk) == body(missing, missing_pk)


def assert_foreign_references_refused(world, api_for) -> list[str]:
    """Every writable related field of every API operation, tried with another county's record
    and with an id that does not exist: both refused with the same answer, nothing written.
    Returns the operations and fields tried (``METHOD path field``)."""
    from django.contrib.auth import get_user_model

    makers = record_makers()
    user = get_user_model().objects.create_superuser(
        "scope_walker", password=None, agency=world.county_a
    )
    api = api_for(user)
    tried, problems = [], []
    for ep in api_endpoints():
        serializer_class = written_with(ep)
        if serializer_class is None:
            continue
        fields = related_fields(serializer_class())
        owner = ep.model()
        if owner is not None and is_shared(owner):
            # Shared data (检查要点) is written by the top-level 系统管理员 only, who reads every
            # agency's records: there is no other county's record to refuse (core.shared).
            continue
        for name, (model, many) in fields.items():
            if not agency_owned(model):
                continue  # shared reference data (检查要点)
            needed = [m for m in (model, owner if ep.detail else None) if m]
            absent = [m.__name__ for m in needed if m not in makers]
            assert not absent, f"{ep.method} {ep.path}: no RECORD_MAKERS entry for {absent}"
            url = ep.path
            if ep.detail:
                own = makers[owner](world.county_a).pk
                url = url.replace("{id}", str(own)).replace("{pk}", str(own))
            foreign = makers[model](world.county_b).pk
            missing = missing_pk(model)
            responses = []
            for pk in (foreign, missing):
                body = {name: [pk] if many else pk}
                count = owner._default_manager.count() if owner else None
                resp = api.generic(ep.method, url, _json(body), content_type="application/json")
                responses.append(resp)
                if owner is not None:
                    assert owner._default_manager.count() == count, f"{ep.method} {url} wrote"
            label = f"{ep.method} {ep.path} {name}"
            tried.append(label)
            foreign_resp, missing_resp = responses
            if missing_resp.status_code != 400 or name not in missing_resp.json():
                problems.append(f"{label}: an id that does not exist is not refused")
            elif not same_refusal(foreign_resp, missing_resp, name, foreign, missing):
                problems.append(
                    f"{label}: another county's id answered {foreign_resp.status_code} "
                    f"{foreign_resp.content.decode()[:200]}, a missing id "
                    f"{missing_resp.status_code} {missing_resp.content.decode()[:200]}"
                )
    assert not problems, "\n".join(problems)
    return tried


def record_filters(filterset, makers, where: str):
    """(name, model) of each filter of ``filterset`` that chooses an agency-owned record: the
    filters another county's id is tried in."""
    from django_filters.filters import QuerySetRequestMixin

    for name, f in filterset.base_filters.items():
        if not isinstance(f, QuerySetRequestMixin) or f.queryset is None:
            continue
        model = f.queryset.model
        if agency_owned(model):
            assert model in makers, f"{where}?{name}: no RECORD_MAKERS entry for {model}"
            yield name, model


def assert_foreign_filters_refused(world, api_for) -> list[str]:
    """Every filter of every API list that names records, tried with another county's record
    and with an id that does not exist: the same answer (400, “选择一个有效的选项”). Returns the
    lists and filters tried."""
    from rest_framework.settings import api_settings

    makers = record_makers()
    # County A's inspector, or its administrator for the lists inspectors may not read (科室, 片区).
    readers = [api_for(world.officer_a), api_for(world.admin_a)]
    tried, problems = [], []
    for ep in api_endpoints():
        if ep.method != "GET" or ep.detail or ep.view.action != "list":
            continue
        api = next((a for a in readers if a.get(ep.path).status_code == 200), None)
        assert api is not None, f"GET {ep.path}: no county A persona may read this list"
        queryset = getattr(ep.view, "queryset", None)
        backends = getattr(ep.view, "filter_backends", api_settings.DEFAULT_FILTER_BACKENDS)
        backend = next((b() for b in backends if hasattr(b, "get_filterset_class")), None)
        filterset = backend.get_filterset_class(ep.view, queryset) if backend else None
        if filterset is None:
            continue
        for name, model in record_filters(filterset, makers, ep.path):
            foreign, missing = makers[model](world.county_b).pk, missing_pk(model)
            label = f"GET {ep.path}?{name}"
            tried.append(label)
            answers = [api.get(ep.path, {name: pk}) for pk in (foreign, missing)]
            a, b = ((r.status_code, r.content) for r in answers)
            if a != b or answers[1].status_code != 400:
                problems.append(f"{label}: another county's id {a}, a missing id {b}")
    assert not problems, "\n".join(problems)
    return tried


def _json(data) -> str:
    import json

    return json.dumps(data)


def list_pages() -> list[tuple[str, Any]]:
    """(URL, view class) of every list page with a FilterSet and no URL arguments."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from django_filters.views import FilterMixin

    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                view = getattr(p.callback, "view_class", None)
                route = prefix + str(p.pattern)
                if view and issubclass(view, FilterMixin) and "<" not in route:
                    found.append(("/" + route.lstrip("^").rstrip("$"), view))

    walk(get_resolver().url_patterns, "", None)
    return found


def assert_foreign_page_filters_refused(world, client_for) -> list[str]:
    """Every record filter of every list page, tried with another county's record and with an
    id that does not exist: the same page (the same filter error, the same rows)."""
    from django.contrib.auth import get_user_model

    makers = record_makers()
    user = get_user_model().objects.create_superuser(
        "scope_page_walker", password=None, agency=world.county_a
    )
    client = client_for(user)
    tried, problems = [], []
    for url, view in list_pages():
        filterset = getattr(view, "filterset_class", None)
        if filterset is None:
            continue
        for name, model in record_filters(filterset, makers, url):
            foreign, missing = makers[model](world.county_b).pk, missing_pk(model)
            label = f"{url}?{name}"
            tried.append(label)
            seen = []
            for pk in (foreign, missing):
                resp = client.get(url, {name: pk})
                form = resp.context["filter"].form if resp.status_code == 200 else None
                seen.append(
                    (
                        resp.status_code,
                        form.errors.get_json_data() if form is not None else None,
                        [o.pk for o in resp.context["object_list"]] if form is not None else None,
                        f"<{pk}>" in _options(form, name),
                    )
                )
            if seen[0] != seen[1]:
                problems.append(f"{label}: another county's id {seen[0]}, a missing id {seen[1]}")
    assert not problems, "\n".join(problems)
    return tried


def _options(form, name) -> list[str]:
    """The values the filter's dropdown offers."""
    if form is None or name not in form.fields:
        return []
    return [f"<{value}>" for value, _ in getattr(form.fields[name], "choices", [])]
