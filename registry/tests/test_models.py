import datetime

import pytest
from django.core.exceptions import ValidationError

from registry.models import SupervisedEntity, match_key
from registry.tests.factories import entity, make_uscc


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
    assert "统一社会信用代码已登记" in str(exc.value)
