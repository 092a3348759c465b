"""监管对象 page: its supervision history, 新增检查 from there; the list's total and 机构 column."""

import datetime

import pytest

from core.retention import withdraw
from registry import views
from registry.models import RiskGrade
from registry.tests.factories import entities, entity, licence
from supervision.models import CheckIn, Finding, InspectionResult, RectificationOrder
from supervision.tests.factories import inspection, inspector

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 5, 10)


@pytest.fixture
def unit(world):
    return entity(world.county_a)


def _history(world, unit, n_inspections: int):
    people = [inspector(world.county_a), inspector(world.county_a)]
    first = None
    for i in range(n_inspections):
        insp = inspection(
            world.county_a,
            unit,
            people,
            day=DAY - datetime.timedelta(days=i),
            result=InspectionResult.RECTIFY if i == 0 else InspectionResult.PASSED,
        )
        first = first or insp
    Finding.objects.create(inspection=first, compliant=False, note="2人无健康证明")
    Finding.objects.create(inspection=first, compliant=False, note="消毒记录缺失")
    Finding.objects.create(inspection=first, compliant=True)
    follow = inspection(world.county_a, unit, people, day=DAY + datetime.timedelta(days=10))
    order = RectificationOrder.objects.create(
        agency=world.county_a,
        inspection=first,
        number=f"东卫监意〔2026〕{unit.pk}号",
        issued_on=DAY,
        due_on=DAY + datetime.timedelta(days=15),
        requirements="限期办理健康证明",
    )
    RectificationOrder.objects.filter(pk=order.pk).update(
        follow_up=follow, status="completed", completed_on=DAY + datetime.timedelta(days=10)
    )
    CheckIn.objects.create(
        agency=world.county_a,
        inspection=first,
        scanned_entity_code=unit.uscc,
        scanned_person_code="T1",
        accepted=True,
    )
    return first, follow, order


def test_entity_page_shows_its_history(world, client_for, unit):
    first, follow, order = _history(world, unit, 3)
    kept = licence(unit)
    gone = licence(unit)
    withdraw(gone, actor=world.officer_a, reason="许可证注销")
    page = client_for(world.officer_a).get(unit.get_absolute_url()).content.decode()
    assert "监管记录" in page and "检查 4 次" in page and "发现问题 2 项" in page
    assert first.get_absolute_url() in page and "责令整改" in page and "合格" in page
    assert order.get_absolute_url() in page and order.number in page
    assert "已整改" in page and follow.get_absolute_url() in page  # the 回头看
    assert "核验通过" in page  # 扫码入企
    assert kept.number in page and gone.number in page and "已撤回" in page
    assert f"/supervision/inspections/add/?entity={unit.pk}" in page and "新增检查" in page


def test_new_inspection_from_the_entity_page_names_the_entity(world, client_for, unit):
    c = client_for(world.officer_a)
    form = c.get(f"/supervision/inspections/add/?entity={unit.pk}").content.decode()
    assert f'value="{unit.uscc}"' in form
    # Another county's entity is not offered: not found, as an id of no entity.
    other = entity(world.county_b)
    assert c.get(f"/supervision/inspections/add/?entity={other.pk}").status_code == 404


@pytest.mark.parametrize("persona", ["reviewer_a"])
def test_roles_that_may_not_inspect_get_no_button(world, client_for, unit, persona):
    _history(world, unit, 1)
    page = client_for(getattr(world, persona)).get(unit.get_absolute_url()).content.decode()
    assert "监管记录" in page and "新增检查" not in page


def test_another_county_gets_404(world, client_for, unit):
    assert client_for(world.officer_b).get(unit.get_absolute_url()).status_code == 404


def test_long_history_is_limited_with_a_link_to_the_filtered_list(
    world, client_for, unit, django_assert_max_num_queries
):
    _history(world, unit, 14)
    other = entity(world.county_a)
    inspection(world.county_a, other, [inspector(world.county_a)])
    c = client_for(world.officer_a)
    with django_assert_max_num_queries(30):
        page = c.get(unit.get_absolute_url()).content.decode()
    assert page.count('id="entity-inspections"') == 1
    section = page.split('id="entity-inspections"')[1].split("</ul>")[0]
    assert section.count("<li") == 10
    link = f"/supervision/inspections/?entity={unit.uscc}"
    assert link in page and "查看全部 15 次检查" in page
    listed = c.get(link).content.decode()
    assert unit.name in listed and other.name not in listed


def test_history_queries_do_not_grow_with_the_history(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, big = entity(world.county_a), entity(world.county_a)
    _history(world, small, 1)
    _history(world, big, 14)
    c = client_for(world.officer_a)
    c.get(small.get_absolute_url())  # warm the session and content types
    with CaptureQueriesContext(connection) as a:
        c.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as b:
        c.get(big.get_absolute_url())
    assert len(a.captured_queries) == len(b.captured_queries)


def test_list_states_its_total(world, client_for, monkeypatch, django_assert_max_num_queries):
    entities(world.county_a, 30)
    entities(world.county_a, 4, risk_grade=RiskGrade.HIGH)
    c = client_for(world.officer_a)
    # More than a page: the kept counts (registry.tallies) answer, no COUNT(*) of the table.
    with django_assert_max_num_queries(25):
        page = c.get("/registry/entities/").content.decode()
    assert "共 34 家" in page
    assert (
        "共 34 家"
        in c.get("/registry/entities/?category=public_place&status=open").content.decode()
    )
    assert "共 0 家" in c.get("/registry/entities/?category=school").content.decode()
    # One page is the whole result: it counts itself.
    assert "共 4 家" in c.get("/registry/entities/?risk_grade=high").content.decode()
    # A filter the kept counts cannot answer: counted up to a cap.
    assert "共 30 家" in c.get("/registry/entities/?risk_grade=low").content.decode()
    monkeypatch.setattr(views, "TOTAL_CAP", 26)
    assert "26 家以上" in c.get("/registry/entities/?risk_grade=low").content.decode()


def test_city_users_see_the_agency_of_each_entity(world, client_for):
    entity(world.county_a)
    entity(world.county_b)
    city = client_for(world.city_officer).get("/registry/entities/").content.decode()
    assert "<th" in city and "机构" in city and "西山区" in city and "东湖区" in city
    county = client_for(world.officer_a).get("/registry/entities/").content.decode()
    assert "西山区" not in county.split("<table")[1]
