"""Plans through the pages: create, add strata, draw, verify; scoped to the agency."""

import datetime

import pytest

from core.models import Person
from registry.tests.factories import entity
from supervision.models import SamplingPlan, Task

pytestmark = pytest.mark.django_db


def test_plan_create_strata_draw_and_verify_through_pages(world, client_for):
    for i in range(4):
        Person.objects.create(
            agency=world.county_a,
            name=f"执法员{i}",
            certificate_number=f"ZV{i}",
            certificate_valid_until=datetime.date(2030, 1, 1),
        )
    for _ in range(8):
        entity(world.county_a, category="water", subcategory="secondary")
    client = client_for(world.officer_a)
    resp = client.post(
        "/supervision/plans/add/",
        {
            "name": "2026年生活饮用水双随机",
            "year": 2026,
            "source": "city",
            "planned_on": "2026-06-01",
            "per_target": 2,
            "partner_department": "市场监督管理局",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[-800:]
    plan = SamplingPlan.objects.get()
    assert plan.agency == world.county_a and plan.partner_department == "市场监督管理局"
    bad = client.post(
        f"/supervision/plans/{plan.pk}/strata/add/",
        {"category": "water", "proportion": "50", "count": "3"},
        follow=True,
    )
    assert "只填写一项" in bad.content.decode()
    client.post(
        f"/supervision/plans/{plan.pk}/strata/add/", {"category": "water", "proportion": "50"}
    )
    page = client.post(
        f"/supervision/plans/{plan.pk}/draw/", {"witness": "纪检 李某"}, follow=True
    ).content.decode()
    assert "抽取完成：4户检查对象" in page and "纪检 李某" in page
    assert Task.objects.filter(plan=plan).count() == 4
    page = client.post(f"/supervision/plans/{plan.pk}/verify/", follow=True).content.decode()
    assert "复核一致" in page


def test_other_county_cannot_see_or_draw(world, client_for):
    plan = SamplingPlan.objects.create(
        agency=world.county_a,
        name="甲计划",
        year=2026,
        source="county",
        planned_on=datetime.date(2026, 6, 1),
    )
    client = client_for(world.officer_b)
    assert client.get(f"/supervision/plans/{plan.pk}/").status_code == 404
    assert client.post(f"/supervision/plans/{plan.pk}/draw/").status_code == 404
    assert ">甲计划<" not in client.get("/supervision/plans/").content.decode()
    city = client_for(world.city_officer)
    assert city.get(f"/supervision/plans/{plan.pk}/").status_code == 200
    assert city.post(f"/supervision/plans/{plan.pk}/draw/").status_code in (403, 404)
