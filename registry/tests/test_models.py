import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry.models import Licence, SupervisedEntity, match_key
from registry.tests.factories import entity, licence, make_uscc

TODAY = datetime.date(2025, 1, 1)


def test_wrong_check_character_is_rejected(world):
    code = make_uscc(5)
    bad = code[:17] + ("0" if code[17] != "0" else "1")
    e = SupervisedEntity(
        agency=world.county_a,
        name="甲",
        uscc=bad,
        address="乙",
        category="public_place",
        subcategory="lodging",
    )
    with pytest.raises(ValidationError) as exc:
        e.full_clean()
    assert "校验码" in str(exc.value.message_dict["uscc"])


def test_subcategory_must_belong_to_category(world):
    e = SupervisedEntity(
        agency=world.county_a,
        name="甲",
        uscc=make_uscc(6),
        address="乙",
        category="medical",
        subcategory="swimming",
    )
    with pytest.raises(ValidationError) as exc:
        e.full_clean()
    assert "不属于" in exc.value.message_dict["subcategory"][0]


def test_future_opening_date_is_rejected(world):
    e = SupervisedEntity(
        agency=world.county_a,
        name="甲",
        uscc=make_uscc(7),
        address="乙",
        category="public_place",
        subcategory="lodging",
        opened_on=datetime.date.today() + datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError) as exc:
        e.full_clean()
    assert "opened_on" in exc.value.message_dict


def test_duplicate_by_normalised_name_and_address(world):
    entity(world.county_a, name="临江 大酒店", address="东湖路１号")
    dup = SupervisedEntity(
        agency=world.county_a,
        name="临江大酒店",
        uscc=make_uscc(900001),
        address="东湖路1号",
        category="public_place",
        subcategory="lodging",
    )
    with pytest.raises(ValidationError) as exc:
        dup.full_clean()
    assert "疑似重复" in str(exc.value)
    assert match_key("临江 大酒店", "东湖路１号") == match_key("临江大酒店", "东湖路1号")


def test_duplicate_code_is_rejected(world):
    e = entity(world.county_a)
    dup = SupervisedEntity(
        agency=world.county_b,
        name="别名",
        uscc=e.uscc,
        address="别处",
        category="public_place",
        subcategory="lodging",
    )
    with pytest.raises(ValidationError) as exc:
        dup.full_clean()
    assert "统一社会信用代码已被登记" in str(exc.value)


def test_taken_licence_number_is_one_query_and_one_error_on_the_number(world):
    taken = licence(entity(world.county_b), number="重号-1")
    e = entity(world.county_a)
    free = Licence(entity=e, agency=e.agency, kind=taken.kind, number="新号-1", valid_from=TODAY)
    with CaptureQueriesContext(connection) as queries:
        free.full_clean()
    # Looked up once by clean(), not again by the constraint.
    assert sum('FROM "registry_licence"' in q["sql"] for q in queries) == 1
    free.number = "重号-1"
    with pytest.raises(ValidationError) as exc:
        free.full_clean()
    assert exc.value.message_dict == {
        "number": ["同类许可证号已被登记：公共场所卫生许可证“重号-1”，同一类型的许可证号不能重复。"]
    }


def test_licence_number_constraint_still_checks_without_clean(world):
    taken = licence(entity(world.county_b), number="重号-1")
    e = entity(world.county_a)
    dup = Licence(entity=e, agency=e.agency, kind=taken.kind, number="重号-1", valid_from=TODAY)
    with pytest.raises(ValidationError, match="同类许可证号已被登记。"):
        dup.validate_constraints()


def test_licence_expires_after_its_last_day_and_a_long_term_one_never():
    today = timezone.localdate()
    day = datetime.timedelta(days=1)

    def until(valid_until):
        return Licence(valid_from=datetime.date(2020, 1, 1), valid_until=valid_until)

    assert until(today - day).is_expired
    assert not until(today).is_expired  # valid through its 有效期至
    assert not until(today + day).is_expired
    assert not until(None).is_expired  # 长期
