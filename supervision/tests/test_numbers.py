"""现场笔录 and 卫生监督意见书 numbers: given by the system when left blank, never repeated."""

import datetime

import pytest

from registry.tests.factories import entity
from supervision.models import Inspection, RectificationOrder
from supervision.tests.factories import inspection, inspector

DAY = datetime.date(2026, 5, 10)


@pytest.fixture
def county(world):
    world.county_a.document_prefix = "临东"
    world.county_a.save()
    people = [inspector(world.county_a) for _ in range(2)]
    return world.county_a, people


def _page_inspection(client, county, **extra):
    agency, people = county
    unit = entity(agency)
    data = {
        "entity": unit.uscc,
        "kind": "routine",
        "inspected_on": DAY.isoformat(),
        "inspectors": [p.pk for p in people],
        "result": "passed",
        "findings": "",
        "record_number": "",
        "opinion_number": "",
    }
    data.update(extra)
    return client.post("/supervision/inspections/add/", data)


def test_blank_numbers_are_given_in_sequence_on_the_page(world, county, client_for):
    c = client_for(world.officer_a)
    assert _page_inspection(c, county).status_code == 302
    assert _page_inspection(c, county, result="rectify").status_code == 302
    first, second = Inspection.objects.order_by("pk")
    assert (first.record_number, first.opinion_number) == ("临东卫监笔〔2026〕1号", "")
    assert second.record_number == "临东卫监笔〔2026〕2号"
    assert second.opinion_number == "临东卫监意〔2026〕1号"
    page = c.get(second.get_absolute_url()).content.decode()
    assert "临东卫监笔〔2026〕2号" in page and "临东卫监意〔2026〕1号" in page


def test_a_typed_number_is_kept_and_a_repeated_one_refused(world, county, client_for):
    c = client_for(world.officer_a)
    assert _page_inspection(c, county, record_number="东卫笔〔2026〕88号").status_code == 302
    assert Inspection.objects.get().record_number == "东卫笔〔2026〕88号"
    resp = _page_inspection(c, county, record_number="东卫笔〔2026〕88号")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "现场笔录编号“东卫笔〔2026〕88号”已被本机构的另一次检查使用" in html
    # Said on its field, and in the summary at the top of the page, which links to the field.
    assert html.count("已被本机构的另一次检查使用") == 2
    assert 'href="#field-record_number"' in html
    assert Inspection.objects.count() == 1


def test_orders_take_the_opinion_number_or_a_new_one(world, county, api_for):
    agency, people = county
    api = api_for(world.officer_a)
    rectify = inspection(agency, entity(agency), people, kind="routine", day=DAY, result="rectify")
    assert rectify.opinion_number == "临东卫监意〔2026〕1号"

    def order(insp, **extra):
        data = {
            "inspection": insp.pk,
            "issued_on": DAY.isoformat(),
            "due_on": "2026-05-25",
            "requirements": "布草一客一换",
            **extra,
        }
        resp = api.post("/api/supervision/rectifications/", data, format="json")
        assert resp.status_code == 201, resp.json()
        return RectificationOrder.objects.get(pk=resp.json()["id"])

    assert order(rectify).number == "临东卫监意〔2026〕1号"  # the inspection's own
    assert order(rectify).number == "临东卫监意〔2026〕2号"  # it is taken: a new one
    passed = inspection(agency, entity(agency), people, kind="routine", day=DAY)
    assert passed.opinion_number == ""
    assert order(passed).number == "临东卫监意〔2026〕3号"
    passed.refresh_from_db()
    assert passed.opinion_number == "临东卫监意〔2026〕3号" and passed.result == "rectify"
    assert order(passed, number="东卫意〔2026〕9号").number == "东卫意〔2026〕9号"


def test_numbers_of_an_inspection_whose_save_fails_are_given_back(world, county):
    """The numbers are taken in the save's transaction: when the row cannot be written (here a
    意见书 number typed twice reaches the database), the 现场笔录 number taken for it is free
    again."""
    from django.db import IntegrityError

    agency, people = county
    first = inspection(agency, entity(agency), people, kind="routine", day=DAY, result="rectify")
    assert first.record_number == "临东卫监笔〔2026〕1号"
    with pytest.raises(IntegrityError):
        Inspection.objects.create(
            agency=agency,
            entity=entity(agency),
            kind="routine",
            inspected_on=DAY,
            opinion_number=first.opinion_number,
        )
    second = inspection(agency, entity(agency), people, kind="routine", day=DAY)
    assert second.record_number == "临东卫监笔〔2026〕2号"
