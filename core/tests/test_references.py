"""Which agency a record may name (ScopedModel.reference_errors) and how the API's related
fields choose (ScopedRelationsMixin), for core records."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from core.api.base import ScopedRelationsMixin, ScopedSerializer
from core.forms import RegionForm
from core.models import Person, Region
from core.tests.factories import person, region

pytestmark = pytest.mark.django_db


def test_every_api_serializer_scopes_its_related_fields():
    found = []
    for app in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app.name}.api.serializers")
        except ModuleNotFoundError:
            continue
        found += [
            f"{module.__name__}.{name}"
            for name, cls in vars(module).items()
            if isinstance(cls, type)
            and issubclass(cls, serializers.BaseSerializer)
            and cls.__module__ == module.__name__
            and not issubclass(cls, ScopedRelationsMixin)
        ]
    assert found == []


class _Member(ScopedSerializer):
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())


class _Roster(ScopedSerializer):
    """A slug field (the 执法证号), a nested list of related fields: as a later API may have."""

    holder = serializers.SlugRelatedField(
        slug_field="certificate_number", queryset=Person.objects.all()
    )
    members = _Member(many=True)


def _errors(user, data):
    request = APIRequestFactory().post("/")
    request.user = user
    ser = _Roster(data=data, context={"request": request})
    assert not ser.is_valid()
    return ser.errors


def test_slug_and_nested_related_fields_refuse_another_countys_record_as_missing(world):
    theirs_person, theirs_region = person(world.county_b), region(world.county_b)
    foreign = _errors(
        world.admin_a,
        {"holder": theirs_person.certificate_number, "members": [{"region": theirs_region.pk}]},
    )
    missing = _errors(world.admin_a, {"holder": "NOPE-1", "members": [{"region": 999_999}]})
    assert str(foreign).replace(theirs_person.certificate_number, "X").replace(
        str(theirs_region.pk), "N"
    ) == str(missing).replace("NOPE-1", "X").replace("999999", "N")
    # The same ones are fine for the city, whose tree holds county B.
    request = APIRequestFactory().post("/")
    request.user = world.city_admin
    ok = _Roster(
        data={
            "holder": theirs_person.certificate_number,
            "members": [{"region": theirs_region.pk}],
        },
        context={"request": request},
    )
    assert ok.is_valid(), ok.errors


def test_without_a_request_nothing_can_be_chosen(world):
    mine = person(world.county_a)
    ser = _Roster(data={"holder": mine.certificate_number, "members": []})
    assert not ser.is_valid() and "holder" in ser.errors


def test_region_inspectors_are_of_the_regions_agency(world):
    theirs = person(world.county_b)
    form = RegionForm(
        data={"name": "东湖一片", "inspectors": [theirs.pk]},
        instance=Region(agency=world.county_a),
    )  # no user, so the form offers every person: the model's rule still refuses
    assert not form.is_valid()
    assert form.errors["inspectors"] == [
        "责任执法人员：所选1项不属于本机构，只能选择本机构的记录。"
    ]


def test_city_region_may_not_name_a_county_inspector_through_the_api(world, api_for):
    county_person = person(world.county_a)  # the city reads it, but it is not the city's
    resp = api_for(world.city_admin).post(
        "/api/core/regions/", {"name": "市直片区", "inspectors": [county_person.pk]}, format="json"
    )
    assert resp.status_code == 400
    assert resp.json() == {
        "inspectors": ["责任执法人员：所选1项不属于本机构，只能选择本机构的记录。"]
    }
    assert not Region.objects.filter(name="市直片区").exists()


def test_foreign_keys_are_checked_by_full_clean(world):
    theirs = region(world.county_b)
    child = Region(agency=world.county_a, name="子片区", parent=theirs)
    with pytest.raises(ValidationError) as exc:
        child.full_clean()
    # The model's own message, not a second one from the generic rule.
    assert exc.value.message_dict == {"parent": ["上级片区必须属于同一机构。"]}
