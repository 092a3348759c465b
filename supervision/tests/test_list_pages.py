"""The supervision lists as every role, with records in every agency of the persona world.

Each list opens; every link in its table opens for the user it is shown to (a row links to the
edit page only for a user who may change that record); a city user, who reads several agencies'
records, is told by a 机构 column which agency each row belongs to.
"""

import datetime
import re

import pytest

from core.tests.pages import page_urls, personas, table_links
from registry.tests.factories import entity
from supervision.models import (
    Campaign,
    ChecklistPoint,
    Conflict,
    InspectionItem,
    RectificationOrder,
    Task,
)
from supervision.tests.factories import inspection, inspector, plan

pytestmark = pytest.mark.django_db

LISTS = [
    "/supervision/plans/",
    "/supervision/tasks/",
    "/supervision/inspections/",
    "/supervision/rectifications/",
    "/supervision/campaigns/",
    "/supervision/items/",
    "/supervision/checklist/",
    "/supervision/conflicts/",
]


@pytest.fixture
def records(world):
    """One of each supervision record in the city and in both counties, same names in each."""
    world.county_a.short_name = "东湖区卫健局"
    world.county_a.save()
    world.point = ChecklistPoint.objects.create(
        category="public_place", text="检查要点（测试）", basis="条例第二十二条"
    )
    for agency in (world.city, world.county_a, world.county_b):
        unit = entity(agency)
        people = [inspector(agency), inspector(agency)]
        p = plan(agency, name="2025年度双随机抽查计划")
        task = Task.objects.create(agency=agency, plan=p, entity=unit, stratum="lodging", seq=1)
        insp = inspection(agency, unit, people, task=task, result="rectify")
        RectificationOrder.objects.create(
            inspection=insp,
            issued_on=insp.inspected_on,
            due_on=insp.inspected_on + datetime.timedelta(days=15),
            requirements="限期整改",
            number=f"卫监意{agency.code}",
        )
        Campaign.objects.create(
            agency=agency,
            name="公共场所控烟专项行动",
            starts_on=datetime.date(2026, 5, 1),
            ends_on=datetime.date(2026, 6, 30),
        )
        InspectionItem.objects.create(
            agency=agency,
            name="公共场所卫生许可检查",
            category="public_place",
            basis="公共场所卫生管理条例",
            level="county",
        )
        Conflict.objects.create(agency=agency, person=people[0], entity=unit, reason="亲属关系")
    return world


def tables(response) -> str:
    return "".join(re.findall(r"<table\b.*?</table>", response.content.decode(), re.S))


def test_lists_are_the_apps_list_pages():
    assert set(LISTS) <= set(page_urls("supervision"))


def test_every_table_link_opens_for_every_role(records, client_for):
    failures = []
    for user in personas(records):
        client = client_for(user)
        for url in LISTS:
            resp = client.get(url)
            if resp.status_code == 403:
                continue  # a list this role may not read (its menu does not offer it)
            assert resp.status_code == 200, f"{user.username} {url}: {resp.status_code}"
            for link in table_links(resp.content.decode(), url):
                status = client.get(link).status_code
                if status != 200:
                    failures.append(f"{user.username} ({user.role}) {url} → {link}: {status}")
    assert not failures, "\n".join(failures)


def test_rows_link_to_edit_only_for_users_who_may_change_them(records, client_for):
    own_item = InspectionItem.objects.get(agency=records.county_a)
    edit = f'href="/supervision/items/{own_item.pk}/edit/"'
    assert edit in client_for(records.officer_a).get("/supervision/items/").content.decode()
    assert edit not in client_for(records.reviewer_a).get("/supervision/items/").content.decode()
    # The city administrator reads the county's items but changes only the city's own.
    body = client_for(records.city_admin).get("/supervision/items/").content.decode()
    city_item = InspectionItem.objects.get(agency=records.city)
    assert edit not in body and ">公共场所卫生许可检查<" in body
    assert f'href="/supervision/items/{city_item.pk}/edit/"' in body
    search = {"text": "检查要点（测试）"}
    edit = f'href="/supervision/checklist/{records.point.pk}/edit/"'
    # Shared data: the top-level 系统管理员 edits it, a county's does not.
    body = client_for(records.city_admin).get("/supervision/checklist/", search).content.decode()
    assert edit in body
    body = client_for(records.admin_a).get("/supervision/checklist/", search).content.decode()
    assert edit not in body
    body = client_for(records.officer_a).get("/supervision/checklist/", search).content.decode()
    assert edit not in body and ">检查要点（测试）<" in body


@pytest.mark.parametrize("url", [u for u in LISTS if u != "/supervision/checklist/"])
def test_city_user_sees_which_agency_each_row_belongs_to(records, client_for, url):
    body = tables(client_for(records.city_officer).get(url))
    assert ">机构<" in body
    assert ">东湖区卫健局<" in body  # the short name where the agency has one
    assert ">临江市西山区卫生健康局<" in body  # else the full name
    assert ">临江市卫生健康委员会<" in body


def test_county_user_without_subordinate_agencies_gets_no_agency_column(records, client_for):
    body = tables(client_for(records.officer_a).get("/supervision/plans/"))
    assert ">机构<" not in body and "东湖区卫健局" not in body
    assert body.count("2025年度双随机抽查计划") == 1


def test_agency_column_keeps_the_list_query_count_fixed(
    records, client_for, django_assert_max_num_queries
):
    client = client_for(records.city_officer)
    client.get("/supervision/plans/")
    for agency in (records.city, records.county_a, records.county_b):
        plan(agency, name="另一计划")
    with django_assert_max_num_queries(12):
        client.get("/supervision/plans/")
