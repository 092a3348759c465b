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
