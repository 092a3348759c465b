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
