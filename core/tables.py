"""django-tables2 tables for core lists."""

import django_tables2 as tables

from core.models import Agency, Department, Person, Region, User


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


class PersonTable(tables.Table):
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
