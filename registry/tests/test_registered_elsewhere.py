"""A value another county registered (credit code, licence number, 执法证号) is refused as
“已被登记”: neither the record holding it nor its agency is named."""

import pytest

from registry.io import import_entities
from registry.models import SupervisedEntity
from registry.tests.factories import entity, entity_row, licence, workbook
from supervision.tests.factories import inspector

pytestmark = pytest.mark.django_db


def _quiet(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text, secret


def test_api_taken_credit_code_names_no_one(world, api_for):
    theirs = entity(world.county_b, name="西山某宾馆")
    resp = api_for(world.admin_a).post(
        "/api/registry/entities/",
        {
            "name": "东湖新宾馆",
            "uscc": theirs.uscc,
            "address": "东湖路1号",
            "category": "public_place",
            "subcategory": "lodging",
        },
        format="json",
    )
    assert resp.status_code == 400
    assert resp.json() == {"uscc": ["统一社会信用代码已被登记。"]}


def test_api_taken_certificate_number_names_no_one(world, api_for):
    theirs = inspector(world.county_b, name="西山执法员")
    resp = api_for(world.admin_a).post(
        "/api/core/people/",
        {
            "name": "新人",
            "certificate_number": theirs.certificate_number,
            "certificate_valid_until": "2030-01-01",
        },
        format="json",
    )
    assert resp.status_code == 400
    assert resp.json() == {"certificate_number": ["执法证号已被登记。"]}


def test_api_taken_licence_number_names_no_one(world, api_for):
    theirs = licence(entity(world.county_b, name="西山某浴室"), number="西卫公字-1")
    own = entity(world.county_a)
    resp = api_for(world.admin_a).post(
        "/api/registry/licences/",
        {
            "entity": own.pk,
            "kind": theirs.kind,
            "number": theirs.number,
            "valid_from": "2024-01-01",
        },
        format="json",
    )
    assert resp.status_code == 400
    assert resp.json()["number"][0].startswith("同类许可证号已被登记")
    _quiet(resp.content.decode(), "西山", theirs.entity.name, theirs.entity.uscc)


def test_import_of_another_countys_code_says_registered_only(world):
    theirs = entity(world.county_b, name="西山某宾馆")
    res = import_entities(workbook([entity_row(1, 统一社会信用代码=theirs.uscc)]), world.county_a)
    assert not res.ok
    taken = ("统一社会信用代码", "统一社会信用代码已被登记。")
    assert [(e.column, e.message) for e in res.errors] == [taken]
    assert not SupervisedEntity.objects.filter(agency=world.county_a).exists()
