import datetime

import pytest

from core.bulk import insert_rows
from core.models import Person, Region


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


def test_rows_get_constants_defaults_and_timestamps(world):
    insert_rows(Region, ["name"], [("第一片区",), ("第二片区",)], agency=world.county_a)
    rows = list(Region.objects.filter(agency=world.county_a).order_by("name"))
    assert [r.name for r in rows] == ["第一片区", "第二片区"]
    assert all(r.code == "" and r.parent_id is None and r.created_at for r in rows)
    assert all(r.created_by_id is None for r in rows)


def test_no_rows_is_a_no_op(world):
    insert_rows(Region, ["name"], [], agency_id=world.county_a.pk)
    assert not Region.objects.filter(agency=world.county_a).exists()


def test_rows_of_several_batches_keep_their_values(world, monkeypatch):
    import core.bulk

    monkeypatch.setattr(core.bulk, "SQLITE_BATCH", 2)
    names = ["引号'\"", "百分号%s%%", "反斜杠\\n", "[1, 2]", ""]
    n = insert_rows(
        Person,
        ["agency_id", "name", "certificate_number", "certificate_valid_until", "is_active"],
        (
            (world.county_a.pk, name, str(i), datetime.date(2030, 1, i + 1) if i else None, i != 2)
            for i, name in enumerate(names)
        ),
    )
    assert n == 5
    rows = Person.objects.filter(certificate_number__in=["0", "1", "2", "3", "4"])
    got = sorted(
        rows.values_list("certificate_number", "name", "certificate_valid_until", "is_active")
    )
    assert got == [
        (str(i), name, datetime.date(2030, 1, i + 1) if i else None, i != 2)
        for i, name in enumerate(names)
    ]
