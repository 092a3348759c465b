"""Year and agency read from the title, the body or the page's information lines; 繁體 pages."""

import json

import pytest

from review.engine import review_text

CASES = [
    # no title line: the year opens the first paragraph, the agency is its subject
    (
        "2025年，青松县卫生健康局坚持以习近平新时代中国特色社会主义思想为指导。\n"
        "一、主要举措和成效\n我局全年立案12件。\n",
        2025,
        "body",
        "青松县卫生健康局",
        "body",
    ),
    # Chinese numerals; “我委” in the body, the name on the page's 发布机构 line
    (
        "发布机构：云岭市卫生健康委员会  发布日期：2026-02-11\n"
        "二〇二五年，在市委、市政府的坚强领导下，我委坚持依法行政。\n",
        2025,
        "body",
        "云岭市卫生健康委员会",
        "metadata",
    ),
    # “我局” throughout, the name only in the 落款; the year only from the publication date
    (
        "信息来源：本网  发布时间：2026-03-02\n我局坚持依法行政，全年立案8件。\n"
        "一、主要举措\n……\n\n东湖区卫生健康局\n2026年3月1日\n",
        2025,
        "metadata",
        "东湖区卫生健康局",
        "body",
    ),
    # the sentence that introduces the report names both
    (
        "现将西山区卫生健康局2024年度法治政府建设工作情况报告如下：\n一、主要举措和成效\n",
        2024,
        "body",
        "西山区卫生健康局",
        "body",
    ),
    # the title still comes first
    (
        "南湖区卫生健康委员会关于2025年度法治政府建设情况的报告\n2025年，区卫健委坚持……\n",
        2025,
        "title",
        "南湖区卫生健康委员会",
        "title",
    ),
    # a place name that starts with a common word is kept whole
    (
        "2025年以来，和平区卫生健康委员会深入推进法治建设。和平区卫生健康委员会持续推进。\n",
        2025,
        "body",
        "和平区卫生健康委员会",
        "body",
    ),
]


@pytest.mark.parametrize("text, year, ysrc, agency, asrc", CASES)
def test_year_and_agency_from_the_text(text, year, ysrc, agency, asrc):
    r = review_text(text)
    assert (r.report_year, r.year_source, r.agency, r.agency_source) == (year, ysrc, agency, asrc)


def test_json_carries_the_sources_and_the_summary():
    data = review_text(CASES[0][0]).to_json()
    for key in ("title", "agency", "report_year", "published", "parts", "sections", "facts"):
        assert key in data  # the fields other tools rely on stay
    assert data["year_source"] == "body" and data["agency_source"] == "body"
    assert set(data["summary"]) >= {"error", "warning", "info", "info_groups"}
    json.dumps(data, ensure_ascii=False)


def test_traditional_text_is_read_with_offsets_into_the_original():
    text = (
        "臺東縣衛生局2025年度法治政府建設情況報告\n"
        "2025年，本局堅持依法行政，受理投訴舉報120餘件，對件行政處罰案卷進行評查。\n"
    )
    r = review_text(text)
    assert (r.report_year, r.agency) == (2025, "台东县卫生局")
    fact = next(f for f in r.facts if f.value == 120)
    assert fact.span == "120餘件" == text[fact.start : fact.end] and fact.approx
    missing = next(f for f in r.findings if f.kind == "missing_number")
    assert text[missing.start : missing.end] == "對件"
    assert "對件行政處罰" in missing.context  # quoted as the report wrote it


def test_findings_say_where_they_are():
    text = (
        "某区卫生健康局2025年度法治政府建设情况报告\n一、主要举措和成效\n全年立案12件。\n"
        "二、存在的不足和原因\n执法人员的的能力不足，原因是培训少。\n"
    )
    dup = next(f for f in review_text(text).findings if f.kind == "duplicate")
    assert dup.part == "shortcomings_and_causes" and dup.paragraph == 5
    assert "执法人员的的能力" in dup.context


def test_a_title_without_an_agency_takes_it_from_the_body():
    text = "2025年度法治政府建设情况报告\n2025年，北山县卫生健康局坚持依法行政。\n"
    r = review_text(text)
    assert (r.agency, r.agency_source, r.report_year, r.year_source) == (
        "北山县卫生健康局",
        "body",
        2025,
        "title",
    )


@pytest.mark.parametrize(
    "text, year, agency",
    [
        # merged agencies name more than health
        ("我局坚持依法行政。\n一、主要举措\n……\n三、2026年工作计划\n……\n", 2025, ""),
        (
            "一年来，石门县卫生健康和体育局坚持依法行政，2025年全年立案9件，"
            "2025年办结率100%，较2024年提高。\n",
            2025,
            "石门县卫生健康和体育局",
        ),
    ],
)
def test_year_from_the_plan_heading_or_the_most_cited_year(text, year, agency):
    r = review_text(text)
    assert (r.report_year, r.year_source, r.agency) == (year, "body", agency)
