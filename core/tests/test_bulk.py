import datetime

import pytest

from core.bulk import insert_rows
from core.models import Person


@pytest.mark.django_db
def test_insert_rows_fills_defaults_and_stamps(world):
    n = insert_rows(
        Person,
        ["agency_id", "name", "certificate_valid_until"],
        ((world.county_a.pk, f"测试{i}", datetime.date(2030, 1, 1)) for i in range(3)),
    )
    assert n == 3
    people = Person.objects.filter(name__startswith="测试").order_by("name")
    assert [p.name for p in people] == ["测试0", "测试1", "测试2"]
    person = people[0]
    assert person.agency == world.county_a
    assert person.certificate_valid_until == datetime.date(2030, 1, 1)
    assert person.created_at is not None and person.updated_at is not None
    assert person.certificate_number == ""


def test_insert_rows_refuses_datetime_values():
    with pytest.raises(TypeError):
        insert_rows(Person, ["created_at"], [])


def _foreign_keys(model):
    from django.db import connection

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return sorted((n, c["columns"][0]) for n, c in found.items() if c["foreign_key"])


@pytest.mark.django_db
def test_foreign_keys_checked_once_restores_the_constraints(world):
    from django.db import transaction

    from core.bulk import foreign_keys_checked_once

    before = _foreign_keys(Person)
    assert before
    with transaction.atomic(), foreign_keys_checked_once(Person):
        insert_rows(Person, ["agency_id", "name"], [(world.county_a.pk, "测试")])
    assert _foreign_keys(Person) == before
    assert Person.objects.filter(name="测试", agency=world.county_a).exists()


@pytest.mark.django_db
def test_foreign_keys_checked_once_rejects_a_dangling_reference(world):
    from django.db import IntegrityError, connection, transaction

    from core.bulk import foreign_keys_checked_once

    if connection.vendor != "postgresql":
        pytest.skip("SQLite checks foreign keys as usual; the helper changes nothing there")
    with pytest.raises(IntegrityError), transaction.atomic():
        with foreign_keys_checked_once(Person):
            insert_rows(Person, ["agency_id", "name"], [(999_999, "测试")])
    assert _foreign_keys(Person)
