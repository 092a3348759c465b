import pytest

from core.models import Person, Role, User
from core.tests.scoping import ScopedEndpoints, assert_scoped

pytestmark = pytest.mark.django_db


def make_user(agency):
    n = User.objects.count()
    return User.objects.create(username=f"user{n:04d}x", agency=agency, role=Role.READONLY)


def test_user_pages_are_scoped(world, client_for, api_for):
    assert_scoped(
        world,
        client_for,
        api_for,
        ScopedEndpoints(
            make_user,
            "core:user_list",
            "core:user_detail",
            "core:user_edit",
            label=lambda u: u.username,
            edit_payload=lambda u: {"role": "admin", "is_active": "on"},
            city_user="city_admin",
        ),
    )


def test_admin_creates_user_with_password_rules(world, client_for):
    person = Person.objects.create(agency=world.county_a, name="新同事")
    client = client_for(world.admin_a)
    resp = client.post(
        "/users/add/",
        {
            "username": "newbie",
            "role": "inspector",
            "person": person.pk,
            "is_active": "on",
            "password1": "short",
            "password2": "short",
        },
    )
    assert resp.status_code == 200
    assert "密码" in resp.content.decode() and not User.objects.filter(username="newbie").exists()
    resp = client.post(
        "/users/add/",
        {
            "username": "newbie",
            "role": "inspector",
            "person": person.pk,
            "is_active": "on",
            "password1": "Strong-pass-2026",
            "password2": "Strong-pass-2026",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[-2000:]
    user = User.objects.get(username="newbie")
    assert user.agency == world.county_a and user.check_password("Strong-pass-2026")
    assert user.has_perm("supervision.view_inspection") and not user.has_perm("core.add_person")


def test_person_of_other_agency_cannot_be_linked(world, client_for):
    other = Person.objects.create(agency=world.county_b, name="外单位")
    resp = client_for(world.admin_a).post(
        "/users/add/",
        {
            "username": "x1",
            "role": "inspector",
            "person": other.pk,
            "password1": "Strong-pass-2026",
            "password2": "Strong-pass-2026",
        },
    )
    assert resp.status_code == 200 and not User.objects.filter(username="x1").exists()


def test_inspector_cannot_manage_users(world, client_for):
    assert client_for(world.officer_a).get("/users/").status_code == 403
