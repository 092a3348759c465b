"""Which agency's records a supervision record may name: its own, or also those below where
the page offers them (``references_below``); never another branch's."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from registry.tests.factories import entity
from supervision.models import (
    Conflict,
    InspectionItem,
    InspectorTeam,
    RectificationOrder,
    TeamMember,
)
from supervision.tests.factories import RECORD_MAKERS, inspection, inspector, plan

pytestmark = pytest.mark.django_db


def _messages(obj) -> dict:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return exc.value.message_dict


def test_conflict_names_people_and_entities_of_its_agency_or_below(world):
    Conflict(
        agency=world.city,
        person=inspector(world.county_a),
        entity=entity(world.county_a),
        reason="亲属",
    ).full_clean()
    stray = Conflict(
        agency=world.county_a,
        person=inspector(world.county_b),
        entity=entity(world.city),
        reason="亲属",
    )
    assert _messages(stray) == {
        "person": ["执法人员不属于本机构或其下级机构：只能选择本机构或其下级机构的记录。"],
        "entity": ["监管对象不属于本机构或其下级机构：只能选择本机构或其下级机构的记录。"],
    }


def test_api_conflict_of_another_countys_person_is_refused_as_missing(world, api_for):
    theirs = inspector(world.county_b, name="西山某人")
    resp = api_for(world.officer_a).post(
        "/api/supervision/conflicts/",
        {"person": theirs.pk, "entity": entity(world.county_a).pk, "reason": "亲属"},
        format="json",
    )
    assert resp.status_code == 400
    assert resp.json() == {"person": [f"执法人员：编号为“{theirs.pk}”的记录不存在。"]}
    assert not Conflict.objects.exists()


def test_city_order_may_not_name_a_county_inspection(world):
    county = inspection(
        world.county_a, entity(world.county_a), [inspector(world.county_a) for _ in "ab"]
    )
    order = RectificationOrder(
        agency=world.city,
        inspection=county,
        number="市整改1号",
        issued_on=county.inspected_on,
        due_on=county.inspected_on + datetime.timedelta(days=10),
        requirements="整改",
    )
    assert _messages(order) == {"inspection": ["检查不属于本机构：只能选择本机构的记录。"]}


def test_plan_items_are_of_its_agency_or_below(world):
    item = RECORD_MAKERS[InspectionItem]
    county_item, city_item = item(world.county_a), item(world.city)
    assert plan(world.city).reference_errors(many={"items": [county_item]}) == {}
    assert plan(world.county_a).reference_errors(many={"items": [city_item, county_item]}) == {
        "items": ["抽查事项：所选1项不属于本机构或其下级机构，只能选择本机构或其下级机构的记录。"]
    }


def test_team_member_is_of_the_plans_agency_or_below(world):
    team = InspectorTeam.objects.create(plan=plan(world.county_a), number=1)
    TeamMember(team=team, person=inspector(world.county_a)).full_clean()
    with pytest.raises(ValidationError) as exc:
        TeamMember(team=team, person=inspector(world.county_b)).full_clean()
    assert exc.value.message_dict == {
        "person": ["执法人员不属于临江市东湖区卫生健康局或其下级机构。"]
    }


def test_a_dangling_id_is_reported_by_its_field_not_a_crash(world):
    conflict = Conflict(
        agency=world.county_a, person_id=999_999, entity=entity(world.county_a), reason="亲属"
    )
    assert list(_messages(conflict)) == ["person"]
