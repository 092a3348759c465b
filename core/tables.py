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
