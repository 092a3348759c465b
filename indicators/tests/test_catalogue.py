import datetime
import json
import re
from decimal import Decimal

import pytest

from core.indicators import computations
from core.periods import Period
from indicators import catalogue
from indicators.values import change, evaluate, format_number, year_on_year
from registry.tests.factories import entity
from supervision.tests.factories import inspection, inspector


def test_catalogue_covers_every_row_of_rules_section_11():
    rows = {d.rules_row for d in catalogue.DEFINITIONS}
    assert rows == set(range(1, 46))
    keys = [d.key for d in catalogue.DEFINITIONS]
    assert len(keys) == len(set(keys))
    for d in catalogue.DEFINITIONS:
        assert d.source in catalogue.SOURCES and d.area in catalogue.AREAS
        if d.kind == catalogue.RATE:
            assert d.numerator and d.denominator, d.key


def test_every_registered_computation_is_in_the_catalogue():
    assert catalogue.unknown_computations() == []
    connected = {d.key for d in catalogue.DEFINITIONS if d.connected}
    assert {"random_completion_rate", "supervision_coverage_rate", "certified_inspectors"} <= (
        connected
    )
    # An app that does not exist yet has nothing connected: its indicators are 未接入.
    assert not any(d.connected for d in catalogue.DEFINITIONS if d.source == "complaints")
    assert set(computations()) == connected


@pytest.mark.parametrize(
    "key,value,text",
    [
        ("random_completion_rate", Decimal("99.2908"), "99.29%"),
        ("random_closure_rate", 100, "100.00%"),
        ("fines_and_confiscations", Decimal("182536"), "18.2536万元"),
        ("fines_and_confiscations", Decimal("420700"), "42.07万元"),
        ("random_tasks", 564, "564家"),
        ("complaints_received", None, "无数据"),
    ],
)
def test_numbers_are_written_the_chinese_way(key, value, text):
    assert format_number(value, catalogue.get(key)) == text


def test_unconnected_indicator_is_no_data_never_zero(world):
    v = evaluate("complaints_received", world.county_a, Period.year(2025))
    assert v.measure is None and v.text == "无数据" and not v.has_data


def test_parts_of_a_figure_are_values_of_their_own(world):
    people = [inspector(world.county_a), inspector(world.county_a)]
    inspection(world.county_a, entity(world.county_a), people, day=datetime.date(2025, 6, 1))
    entity(world.county_a, category="medical", subcategory="clinic")
    cov = evaluate("supervision_coverage_rate", world.county_a, Period.year(2025))
    parts = [(key, label, v.text, v.period) for key, label, v in cov.parts()]
    assert parts == [
        ("medical", "医疗卫生机构", "0.00%", cov.period),
        ("public_place", "公共场所", "100.00%", cov.period),
    ]
    assert evaluate("random_tasks", world.county_a, Period.year(2025)).parts() == []
    assert evaluate("complaints_received", world.county_a, Period.year(2025)).parts() == []


def test_year_over_year_wording(world):
    entity(world.county_a)
    e = entity(world.county_a)
    people = [inspector(world.county_a), inspector(world.county_a)]
    inspection(world.county_a, e, people, day=datetime.date(2025, 3, 1))
    inspection(world.county_a, e, people, day=datetime.date(2025, 4, 1))
    inspection(world.county_a, e, people, day=datetime.date(2024, 4, 1))
    cur = evaluate("inspections_count", world.county_a, Period.year(2025))
    prev = evaluate("inspections_count", world.county_a, Period.year(2024))
    assert (cur.text, prev.text) == ("2家次", "1家次")
    assert change(cur, prev) == "较上年增加1家次"
    cov = evaluate("supervision_coverage_rate", world.county_a, Period.year(2025))
    cov_prev = evaluate("supervision_coverage_rate", world.county_a, Period.year(2024))
    assert cov.text == "50.00%" and change(cov, cov_prev) == "与上年持平"
    empty = evaluate("supervision_coverage_rate", world.county_a, Period.year(2023))
    assert change(cov, empty) == "较上年增长50.00个百分点"  # 0 of 2 inspected in 2023
    # Pages and reports compare only with a year that has records: 2023 has none.
    assert year_on_year(cov, cov_prev) == "与上年持平"
    assert year_on_year(cov, empty) == ""
    assert year_on_year(cur, evaluate("inspections_count", world.county_a, Period.year(2023))) == ""


def test_dashboard_compares_only_with_a_year_that_has_records(world, client_for):
    e = entity(world.county_a)
    people = [inspector(world.county_a), inspector(world.county_a)]
    inspection(world.county_a, e, people, day=datetime.date(2025, 3, 1))
    html = client_for(world.admin_a).get("/indicators/?year=2025").content.decode()
    assert "较上年增加1家次" not in html and "上年无数据" in html
    inspection(world.county_a, e, people, day=datetime.date(2024, 3, 1))
    inspection(world.county_a, e, people, day=datetime.date(2025, 6, 1))
    html = client_for(world.admin_a).get("/indicators/?year=2025").content.decode()
    assert "较上年增加1家次" in html


def test_catalogue_page_lists_status_and_no_data(world, client_for):
    html = client_for(world.admin_a).get("/indicators/catalogue/?year=2025").content.decode()
    assert "已接入" in html and "未接入" in html
    assert "投诉举报受理" in html and "无数据" in html
    assert html.count("<tr>") >= len(catalogue.DEFINITIONS)


def test_indicator_page_links_the_number_to_scoped_records(world, client_for):
    e = entity(world.county_a, name="看板测试宾馆")
    other = entity(world.county_b, name="西山看板宾馆")
    people = [inspector(world.county_a), inspector(world.county_a)]
    inspection(world.county_a, e, people, day=datetime.date(2025, 6, 1))
    inspection(
        world.county_b, other, [inspector(world.county_b)] * 2, day=datetime.date(2025, 6, 1)
    )
    c = client_for(world.admin_a)
    html = c.get("/indicators/inspections_count/?year=2025").content.decode()
    assert 'href="#records"' in html and "1家次" in html
    assert "看板测试宾馆" in html and "西山看板宾馆" not in html
    # Another county is outside officer_a's scope: 404, not its figures.
    resp = c.get(f"/indicators/inspections_count/?year=2025&agency={world.county_b.code}")
    assert resp.status_code == 404
    # The city sees both counties, one bar each.
    city = client_for(world.city_officer).get("/indicators/inspections_count/?year=2025")
    body = city.content.decode()
    assert "看板测试宾馆" in body and "西山看板宾馆" in body
    data = json.loads(body.split('id="chart-agency" type="application/json">')[1].split("<")[0])
    assert data["series"][0]["data"] == [1.0, 1.0]


def test_unconnected_indicator_page_says_so(world, client_for):
    html = client_for(world.admin_a).get("/indicators/complaints_received/").content.decode()
    assert "无数据" in html and "尚未接入" in html and "records" not in html.split("</h1>")[1]


def test_dashboard_embeds_chart_data_without_inline_script(world, client_for):
    html = client_for(world.city_officer).get("/indicators/?year=2025").content.decode()
    assert 'type="application/json"' in html and "indicators/charts.js" in html
    for chunk in html.split("<script")[1:]:
        head = chunk.split(">")[0]
        assert "src=" in head or 'type="application/json"' in head, head


def test_indicator_page_shows_parts_by_category_with_labels_chart_and_records(world, client_for):
    people = [inspector(world.county_a), inspector(world.county_a)]
    inspected = entity(world.county_a, name="东湖分项宾馆")
    entity(world.county_a, name="东湖未查宾馆")
    clinic = entity(world.county_a, name="东湖分项诊所", category="medical", subcategory="clinic")
    for e in (inspected, clinic):
        inspection(world.county_a, e, people, day=datetime.date(2025, 6, 1))
    c = client_for(world.admin_a)
    url = "/indicators/supervision_coverage_rate/?year=2025"
    html = c.get(url).content.decode()
    table = html.split('class="table table-sm small fz-parts"')[1].split("</table>")[0]
    assert "<th>监管类别</th>" in table
    rows = [
        [re.sub(r"<[^>]+>", "", cell) for cell in row.split("</td>")[:-1]]
        for row in table.split("<tbody>")[1].split("</tr>")[:-1]
    ]
    assert rows == [["医疗卫生机构", "1", "1", "100.00%"], ["公共场所", "1", "2", "50.00%"]]
    # Each part's figure opens that part's records.
    assert f'href="?agency={world.county_a.code}&year=2025&part=public_place#records"' in table
    data = json.loads(html.split('id="chart-parts" type="application/json">')[1].split("<")[0])
    assert data["categories"] == ["医疗卫生机构", "公共场所"]
    assert data["series"][0]["data"] == [100.0, 50.0]
    # One part's records: the inspected 公共场所 only.
    records = c.get(f"{url}&part=public_place").content.decode().split('id="records"')[1]
    assert "东湖分项宾馆" in records and "东湖分项诊所" not in records
    assert "东湖未查宾馆" not in records
    assert c.get(f"{url}&part=nothing").status_code == 404
    # A figure without parts has no parts table.
    html = c.get("/indicators/random_tasks/?year=2025").content.decode()
    assert "fz-parts" not in html and "chart-parts" not in html


def test_pages_name_the_example_reports_not_their_file_numbers(world, client_for):
    """The catalogue quotes published reports by number; pages name the report instead, and
    do not print the indicators' internal keys."""
    quoted = [d for d in catalogue.DEFINITIONS if d.seeds]
    assert all(d.examples for d in quoted)  # every quoted report number is known
    cov = catalogue.get("supervision_coverage_rate")
    assert cov.examples == [("大足区卫生健康委员会2025年度报告", "42.48%（384/904）")]
    c = client_for(world.admin_a)
    html = c.get("/indicators/supervision_coverage_rate/?year=2025").content.decode()
    assert "大足区卫生健康委员会2025年度报告：42.48%（384/904）" in html and "004:" not in html
    html = c.get("/indicators/catalogue/?year=2025").content.decode()
    assert "<code>party_law_meetings</code>" not in html and ">党组（党委）会专题研究法治<" in html


def test_the_report_checker_and_the_catalogue_use_one_list_of_keys():
    """A figure a report states and the figure the records give carry the same key: every key
    the checker labels is an indicator unless core/figures.tsv marks it review-only, and every
    indicator is one the checker labels unless marked records-only, each with its reason."""
    from core.figures import figures
    from review.engine.catalogue import CATALOGUE

    assert catalogue.disagreements() == []
    review = {key for key, *_ in CATALOGUE}
    records = set(catalogue.BY_KEY)
    review_only = {f.key for f in figures() if f.scope == "review-only"}
    records_only = {f.key for f in figures() if f.scope == "records-only"}
    assert review - records == review_only
    assert records - review == records_only
    assert all(f.reason for f in figures() if f.scope)


def test_report_figures_are_labelled_with_the_indicator_they_can_be_set_against():
    from review.engine.catalogue import label_for

    # 002: “组织2次卫生健康人员执法资格考试,全市共有87人考试合格” counts people who passed a
    # test, not certified inspectors; “85名执法人员通过” the 执法证年审 is the certified count.
    assert label_for("卫生健康人员执法资格考试,全市共有", "人") == "exam_persons"
    assert label_for("开展2024年行政执法证年审工作,", "名") == "certified_inspectors"
    # Orders are counted in 份; “责令整改271家” counts entities and is not that figure.
    assert label_for("下达整改通知书", "份") == "rectification_orders"
    assert label_for("完结率100%,责令整改", "家") == "rectified_entities"
    # Of words ending at the same place the more specific wins.
    assert label_for("整改通知书10份,整改完成率", "%") == "rectification_completion_rate"
    assert label_for("在信用中国(重庆)平台公示随机监督检查信息", "条") == (
        "random_results_published"
    )


def test_examples_quote_the_figure_in_the_indicators_unit():
    """An example quoted with its unit is in the unit the indicator counts (no “271家” for a
    figure counted in 份), and no example is a count of another thing (002's 87 passed a test)."""
    for d in catalogue.DEFINITIONS:
        for _report, figure in d.examples:
            m = re.match(r"^[\d.]+[万余]*([^\d.万余（）、/+]+)", figure)
            if m and d.kind != catalogue.RATE:
                assert m.group(1) in (d.unit, d.unit.removeprefix("万")), (d.key, figure)
    assert "87" not in catalogue.get("certified_inspectors").seeds
    assert "家" not in catalogue.get("rectification_orders").seeds


def test_examples_are_shown_as_other_agencies_reports_not_this_ones(world, client_for):
    html = (
        client_for(world.admin_a).get("/indicators/party_law_meetings/?year=2025").content.decode()
    )
    examples = re.search(r'<p class="small text-muted fz-examples">(.*?)</p>', html).group(1)
    assert "金林区卫生健康局2025年度报告：3" in examples
    assert "其他机关已公开的报告，不是" in examples and world.county_a.name in examples
    definition = html.split('<p class="small text-muted">', 1)[1].split("</p>", 1)[0]
    assert "金林区" not in definition
