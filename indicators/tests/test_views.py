"""The indicator pages read each figure's rows once, however many agencies are below the scope."""

import datetime
import json

import pytest

from core.models import Agency, AgencyLevel
from registry.tests.factories import entity
from supervision.tests.factories import inspection, inspector

#: A city officer's pages and the queries each may cost (session and user included).
PAGES = {
    # + the 逾期 card: one count over every kind; + one grouped case count for each of the two years
    "/indicators/?year=2025": 46,
    "/indicators/supervision_coverage_rate/?year=2025": 36,
    # + 抽查计划, 核销, 专项行动, 问题隐患 and the two of 笔录和意见书: one query each; + one
    # grouped case count
    "/indicators/catalogue/?year=2025": 23,
}


def _inspected_this_year_and_last(agency):
    people = [inspector(agency), inspector(agency)]
    for day in (datetime.date(2024, 5, 1), datetime.date(2025, 5, 1)):
        inspection(agency, entity(agency), people, day=day)
    entity(agency, category="medical", subcategory="clinic")


@pytest.mark.parametrize("url", PAGES)
def test_page_queries_do_not_grow_with_the_agencies_below(
    world, client_for, django_assert_max_num_queries, url
):
    for county in (world.county_a, world.county_b):
        _inspected_this_year_and_last(county)
    c = client_for(world.city_officer)
    c.get(url)  # the session's first request does work of its own
    with django_assert_max_num_queries(PAGES[url]) as two_counties:
        assert c.get(url).status_code == 200
    for i in range(3):
        county = Agency.objects.create(
            code=f"33011{i}",
            name=f"临江市第{i}测试区卫生健康局",
            level=AgencyLevel.COUNTY,
            parent=world.city,
        )
        _inspected_this_year_and_last(county)
    with django_assert_max_num_queries(len(two_counties)):
        html = c.get(url).content.decode()
    if 'id="chart-agency"' in html:  # the five counties are all there, each with its figure
        chart = html.split('id="chart-agency" type="application/json">')[1].split("<")[0]
        assert json.loads(chart)["series"][0]["data"] == [33.33] * 5


def _chart(html: str, chart_id: str) -> dict | None:
    marker = f'id="{chart_id}" type="application/json">'
    if marker not in html:
        return None
    return json.loads(html.split(marker)[1].split("</script>")[0])


def test_last_years_line_is_drawn_only_when_last_year_has_records(world, client_for):
    """A year without records is a year the system was not used: no line of zeros."""
    people = [inspector(world.county_a), inspector(world.county_a)]
    e = entity(world.county_a)
    inspection(world.county_a, e, people, day=datetime.date(2025, 5, 1))
    c = client_for(world.admin_a)
    for url in ("/indicators/?year=2025", "/indicators/inspections_count/?year=2025"):
        chart = _chart(c.get(url).content.decode(), "chart-monthly")
        assert [s["name"] for s in chart["series"]] == ["2025年"], url
    inspection(world.county_a, e, people, day=datetime.date(2024, 7, 1))
    for url in ("/indicators/?year=2025", "/indicators/inspections_count/?year=2025"):
        chart = _chart(c.get(url).content.decode(), "chart-monthly")
        assert [s["name"] for s in chart["series"]] == ["2025年", "2024年"], url
        assert chart["series"][1]["data"][6] == 1


def test_previous_year_card_says_no_records_instead_of_a_zero_rate(world, client_for):
    """Units exist in 2024 but none was inspected: 2024's 0.00% is no figure to compare with."""
    people = [inspector(world.county_a), inspector(world.county_a)]
    inspection(world.county_a, entity(world.county_a), people, day=datetime.date(2025, 5, 1))
    html = (
        client_for(world.admin_a)
        .get("/indicators/supervision_coverage_rate/?year=2025")
        .content.decode()
    )
    assert ">0.00%<" not in html  # 2025 reads 100.00%
    assert "上年没有记录，不作同比" in html


def test_agencies_below_without_a_figure_get_a_sentence_not_an_empty_chart(world, client_for):
    """A county's 街道 offices hold no units: no coverage chart by agency, a sentence instead;
    once one of them has a figure, the chart shows that one only."""
    people = [inspector(world.county_a), inspector(world.county_a)]
    inspection(world.county_a, entity(world.county_a), people, day=datetime.date(2025, 5, 1))
    towns = [
        Agency.objects.create(
            code=f"33010200{i}",
            name=f"东湖区第{i}街道卫生健康办",
            level=AgencyLevel.TOWN,
            parent=world.county_a,
        )
        for i in (1, 2)
    ]
    c = client_for(world.admin_a)
    html = c.get("/indicators/?year=2025").content.decode()
    assert _chart(html, "chart-agency") is None
    assert "下级机构均无在管的监管对象" in html
    entity(towns[1])
    html = c.get("/indicators/?year=2025").content.decode()
    chart = _chart(html, "chart-agency")
    assert chart["categories"] == [towns[1].name] and chart["series"][0]["data"] == [0.0]
    assert "下级机构均无在管的监管对象" not in html
