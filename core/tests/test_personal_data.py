"""People's phone numbers: encrypted at rest, masked except for those who maintain the record."""

import io

import pytest
from django.db import connection
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core.models import AuditEvent, Person

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
MASKED = "138****5678"


@pytest.fixture
def person(world):
    """A colleague in county A: not a login of any persona."""
    return Person.objects.create(agency=world.county_a, name="钱多多", phone=PHONE)


def raw_phone(pk):
    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM core_person WHERE id = %s", [pk])
        return cur.fetchone()[0]


def test_the_phone_is_stored_encrypted(person):
    stored = raw_phone(person.pk)
    assert stored.startswith("sm4gcm:") and PHONE not in stored
    assert Person.objects.get(pk=person.pk).phone == PHONE


def test_detail_page_masks_the_phone_except_for_who_maintains_the_record(world, client_for, person):
    def page(user):
        return client_for(user).get(f"/people/{person.pk}/").content.decode()

    for user in (world.admin_a,):  # 系统管理员 of the person's agency
        assert PHONE in page(user)
    for user in (world.officer_a, world.reviewer_a, world.city_admin, world.city_officer):
        body = page(user)
        assert MASKED in body and PHONE not in body, user


def test_the_person_sees_their_own_phone(world, client_for):
    me = world.officer_a.person
    me.phone = PHONE
    me.save()
    assert PHONE in client_for(world.officer_a).get(f"/people/{me.pk}/").content.decode()


def test_api_masks_the_phone_and_refuses_a_masked_value(world, api_for, person):
    url = f"/api/core/people/{person.pk}/"
    assert api_for(world.officer_a).get(url).json()["phone"] == MASKED
    listed = api_for(world.officer_a).get("/api/core/people/?limit=500").json()["results"]
    assert {p["phone"] for p in listed if p["id"] == person.pk} == {MASKED}
    assert api_for(world.admin_a).get(url).json()["phone"] == PHONE
    resp = api_for(world.admin_a).patch(url, {"phone": MASKED}, format="json")
    assert resp.status_code == 400 and "电话号码" in resp.json()["phone"][0]
    assert Person.objects.get(pk=person.pk).phone == PHONE


def test_api_token_callers_are_masked_too(world, client, person):
    token = client.post("/api/token/", {"username": "officer_a", "password": world.password})
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert api.get(f"/api/core/people/{person.pk}/").json()["phone"] == MASKED


def test_export_masks_the_phone_except_for_who_maintains_the_record(world, client_for, person):
    def phones(user):
        data = client_for(user).get("/people/export/").content
        rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
        col = rows[0].index("办公电话")
        return {r[col] for r in rows[1:] if r[0] == "钱多多"}

    assert phones(world.admin_a) == {PHONE}
    assert phones(world.city_admin) == {MASKED}


def test_the_audit_chain_records_no_phone_number(world, person):
    person.phone = "13999990000"
    person.save()
    events = AuditEvent.objects.filter(content_type__model="person", object_id=str(person.pk))
    text = str([e.changes for e in events])
    assert events.filter(action="change").exists()
    assert PHONE not in text and "13999990000" not in text and "已加密" in text


def test_a_phone_number_with_letters_is_refused_in_the_form(world, client_for, person):
    resp = client_for(world.admin_a).post(
        f"/people/{person.pk}/edit/", {"name": "钱多多", "phone": "138abc", "is_active": "on"}
    )
    assert resp.status_code == 200 and "电话号码只能包含数字" in resp.content.decode()
    assert Person.objects.get(pk=person.pk).phone == PHONE


@pytest.mark.django_db(transaction=True)
def test_migration_encrypts_existing_phones_and_back(world):
    from django.core.management import call_command

    person = Person.objects.create(agency=world.county_a, name="迁移", phone=PHONE)
    try:
        call_command("migrate", "core", "0006", verbosity=0)
        assert raw_phone(person.pk) == PHONE  # decrypted on the way back
        with connection.cursor() as cur:
            cur.execute("UPDATE core_person SET phone = %s WHERE id = %s", ["0571-1234", person.pk])
    finally:
        # Every app: going back to core 0006 also unapplied the later migrations of the apps
        # that depend on core (supervision 0012 and after), which ``migrate core`` leaves out.
        call_command("migrate", verbosity=0)
    assert raw_phone(person.pk).startswith("sm4gcm:")
    assert Person.objects.get(pk=person.pk).phone == "0571-1234"
