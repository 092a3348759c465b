"""The persona world shared by every app's tests.

Agencies: ``city`` (市卫健委) with ``county_a`` and ``county_b`` below it.
Users: ``city_officer`` (法规科, city), ``officer_a`` / ``officer_b`` (执法人员, counties),
``reviewer_a`` (法制审核员, county A), ``admin_a`` (系统管理员, county A).
"""

from __future__ import annotations

import datetime

import pytest

PASSWORD = "Fazhi-test-2026"


@pytest.fixture
def world(db):
    from core.models import Agency, AgencyLevel, Person, Role, User

    city = Agency.objects.create(code="330100", name="临江市卫生健康委员会", level=AgencyLevel.CITY)
    county_a = Agency.objects.create(
        code="330102", name="临江市东湖区卫生健康局", level=AgencyLevel.COUNTY, parent=city
    )
    county_b = Agency.objects.create(
        code="330103", name="临江市西山区卫生健康局", level=AgencyLevel.COUNTY, parent=city
    )

    def user(username, agency, role, person_name=None, **person_kw):
        person = None
        if person_name:
            person = Person.objects.create(agency=agency, name=person_name, **person_kw)
        u = User(username=username, agency=agency, role=role, person=person)
        u.set_password(PASSWORD)
        u.save()
        return u

    valid = datetime.date(2030, 12, 31)
    w = type("World", (), {})()
    w.city, w.county_a, w.county_b = city, county_a, county_b
    w.city_officer = user("city_officer", city, Role.LEGAL_OFFICE, "周明远")
    w.officer_a = user("officer_a", county_a, Role.INSPECTOR, "陈立", certificate_number="ZJ3301020001",
                       certificate_valid_until=valid)
    w.officer_b = user("officer_b", county_b, Role.INSPECTOR, "王芳", certificate_number="ZJ3301030001",
                       certificate_valid_until=valid)
    w.reviewer_a = user("reviewer_a", county_a, Role.LEGAL_REVIEWER, "李静",
                        has_legal_qualification=True)
    w.admin_a = user("admin_a", county_a, Role.ADMIN, "赵强")
    w.password = PASSWORD
    return w


@pytest.fixture
def client_for(client):
    """Log a persona in: ``client_for(world.officer_a)``."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def make(user):
        c = APIClient()
        c.force_authenticate(user)
        return c

    return make
