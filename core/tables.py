"""django-tables2 tables for core lists, and the columns every app's tables share."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse

from core.models import Agency, Department, Person, Region, User, changeable_pks, user_agency


def scope_agency_names(user: Any) -> dict[int, str]:
    """Agency id → short name (简称, else 名称), of the agencies whose rows ``user`` reads."""
    agency = user_agency(user)
    if agency is None:
        return {}
    rows = Agency.objects.filter(path__startswith=agency.path).values_list(
        "pk", "short_name", "name"
    )
    return {pk: short or name for pk, short, name in rows}


class AgencyColumn(tables.Column):
    """机构: which agency a row belongs to, by short name, for users who read several agencies.

    The names are read once per page (``scope_agency_names``), not joined row by row.
    """

    def __init__(self, names: dict[int, str], **kwargs: Any) -> None:
        kwargs.setdefault("verbose_name", "机构")
        kwargs.setdefault("accessor", "agency_id")
        kwargs.setdefault("order_by", ("agency__path",))
        super().__init__(**kwargs)
        self.names = names

    def render(self, value, record):
        name = self.names.get(value)
        if name is None:  # outside the user's subtree (a superuser's view): read it
            name = record.agency.short_name or record.agency.name
        return name


def _change_or_detail_url(record, table, column) -> str | None:
    if record.pk in column.changeable(table, type(record)):
        return reverse(column.change_url_name, args=[record.pk])
    get_url = getattr(record, "get_absolute_url", None)
    return get_url() if get_url is not None else None


class ChangeLinkColumn(tables.Column):
    """A cell linking to the record's edit page if the user may change the record, else to its
    detail page if it has one, else plain text.

    "May change" is ``core.models.changeable_pks``, the checks the generic edit views make (the
    change permission; for agency-owned records, ``editable_by``), asked once for the page's
    rows. Use it only where the edit view adds no condition of its own (a plan editable only as a
    draft links to its detail page instead).
    """

    def __init__(self, *args: Any, url_name: str, **kwargs: Any) -> None:
        self.change_url_name = url_name
        super().__init__(*args, linkify=_change_or_detail_url, **kwargs)

    def changeable(self, table, model) -> set:
        cache = table.__dict__.setdefault("_changeable_pks", {})
        if model not in cache:
            pks = [row.record.pk for row in table.paginated_rows]
            cache[model] = changeable_pks(table.request.user, model, pks)
        return cache[model]


class StackedRows:
    """A table whose rows read as cards on a phone (``.fz-stack`` in ``core/static/core/
    fazhi.css``): each cell on its own line after its column's name, so the key columns stay on
    the screen instead of scrolling off to the right. Mix in before ``tables.Table``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        classes = self.attrs.get("class", "table")
        self.attrs = {**self.attrs, "class": f"{classes} fz-stack"}
        for bound in self.columns:
            td = bound.column.attrs.setdefault("td", {})
            td.setdefault("data-label", str(bound.header))


class AgencyTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Agency
        fields = ["code", "name", "level", "parent", "is_active"]
        order_by = "path"


class DepartmentTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Department
        fields = ["name", "kind", "agency"]


class RegionTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Region
        fields = ["code", "name", "parent", "agency"]


class PersonTable(StackedRows, tables.Table):
    name = tables.Column(linkify=True)
    certificate_valid_until = tables.Column(verbose_name="执法证有效期")

    def render_certificate_valid_until(self, value):
        """The date, flagged when it has passed: the holder may not inspect (行政处罚法第42条)."""
        # Imported here to keep this column's change in one place of a module others edit too.
        from django.utils import timezone
        from django.utils.html import format_html

        text = f"{value:%Y-%m-%d}"
        if value < timezone.localdate():
            return format_html('{} <span class="badge text-bg-danger">已过期</span>', text)
        return text

    class Meta:
        model = Person
        fields = [
            "name",
            "agency",
            "department",
            "position",
            "certificate_number",
            "certificate_valid_until",
            "certificate_review",
        ]


class UserTable(tables.Table):
    username = tables.Column(linkify=True)

    class Meta:
        model = User
        fields = ["username", "person", "role", "agency", "is_active", "last_login"]
