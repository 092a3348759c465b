import datetime

import pytest
from django.core.exceptions import ValidationError

from core.models import Agency, AgencyLevel, CertificateReview, Person
from core.validators import uscc_check_char, validate_id_number, validate_uscc

pytestmark = pytest.mark.django_db


def test_agency_path_and_subtree(world):
    town = Agency.objects.create(
        code="330102001", name="东湖街道", level=AgencyLevel.TOWN, parent=world.county_a
    )
    assert town.path == f"{world.county_a.path}{town.pk}/"
    assert set(world.city.descendants()) == {world.city, world.county_a, world.county_b, town}
    assert town.is_within(world.city) and not town.is_within(world.county_b)


def test_moving_an_agency_moves_its_subtree(world):
    town = Agency.objects.create(
        code="330102001", name="东湖街道", level=AgencyLevel.TOWN, parent=world.county_a
    )
    county_c = Agency.objects.create(
        code="330104", name="南区", level=AgencyLevel.COUNTY, parent=world.county_a.parent
    )
    # Re-parent county_a's town under county_c.
    town.parent = county_c
    town.save()
    town.refresh_from_db()
    assert town.path.startswith(county_c.path)


def test_agency_level_must_be_below_parent(world):
    bad = Agency(code="330199", name="错误层级", level=AgencyLevel.CITY, parent=world.city)
    with pytest.raises(ValidationError) as exc:
        bad.full_clean()
    assert "层级必须低于上级机构" in str(exc.value.message_dict["level"])


def test_agency_cannot_be_its_own_ancestor(world):
    world.city.parent = world.county_a
    with pytest.raises(ValidationError) as exc:
        world.city.full_clean()
    assert "parent" in exc.value.message_dict


def test_certified_on_excludes_expired_and_failed_review(world):
    day = datetime.date(2026, 6, 1)
    a = world.county_a
    ok = Person.objects.create(
        agency=a, name="有效", certificate_number="C1", certificate_valid_until=day
    )
    Person.objects.create(
        agency=a,
        name="过期",
        certificate_number="C2",
        certificate_valid_until=day - datetime.timedelta(days=1),
    )
    Person.objects.create(
        agency=a,
        name="年审不合格",
        certificate_number="C3",
        certificate_valid_until=day,
        certificate_review=CertificateReview.FAILED,
    )
    Person.objects.create(agency=a, name="无证")
    got = set(Person.objects.filter(agency=a).certified_on(day).values_list("name", flat=True))
    assert got == {ok.name, "陈立"}  # 陈立 is the world's certified officer in county A


def test_certificate_number_requires_validity_date(world):
    p = Person(agency=world.county_a, name="缺有效期", certificate_number="C9")
    with pytest.raises(ValidationError) as exc:
        p.full_clean()
    assert "执法证有效期" in str(exc.value.message_dict["certificate_valid_until"])


def test_uscc_check_character():
    validate_uscc("91350100M000100Y43")  # GB 32100 example
    validate_uscc("11500111MB15011811")  # a real health commission's code
    assert uscc_check_char("91350100M000100Y4") == "3"
    with pytest.raises(ValidationError) as exc:
        validate_uscc("91350100M000100Y44")
    assert "校验码错误" in exc.value.messages[0] and "应为“3”" in exc.value.messages[0]
    with pytest.raises(ValidationError, match="18位"):
        validate_uscc("9135010")
    with pytest.raises(ValidationError, match="不允许的字符"):
        validate_uscc("91350100M000100I43")


def test_id_number_check_digit():
    validate_id_number("11010519491231002X")
    with pytest.raises(ValidationError, match="校验码错误"):
        validate_id_number("110105194912310021")


def test_user_role_grants_group_permissions(world):
    assert world.admin_a.has_perm("core.add_person")
    assert not world.officer_a.has_perm("core.add_person")
    assert world.officer_a.has_perm("supervision.view_inspection")
    world.officer_a.role = "admin"
    world.officer_a.save()
    from core.models import User

    fresh = User.objects.get(pk=world.officer_a.pk)
    assert fresh.has_perm("core.add_person")
    assert fresh.groups.count() == 1


def test_indicator_batch_shares_work_and_nothing_outlives_it():
    from core.indicators import batch, shared

    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert shared(("k",), compute) == 1 and shared(("k",), compute) == 2  # no batch: fresh
    with batch():
        assert shared(("k",), compute) == 3
        assert shared(("k",), compute) == 3
        assert shared(("other",), compute) == 4
    assert shared(("k",), compute) == 5
