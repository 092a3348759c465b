"""The indicator pages read each figure's rows once, however many agencies are below the scope."""

import datetime
import json

import pytest

from core.models import Agency, AgencyLevel
from registry.tests.factories import entity
from supervision.tests.factories import inspection, inspector

#: A city officer's pages and the queries each may cost (session and user included).
PAGES = {
    "/indicators/?year=2025": 43,
    "/indicators/supervision_coverage_rate/?year=2025": 36,
    "/indicators/catalogue/?year=2025": 16,
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
