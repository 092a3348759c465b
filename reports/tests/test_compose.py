"""Generated sentences and tables: figures from records, Chinese formatting, gaps left out."""

import datetime
from decimal import Decimal

import pytest

from core.indicators import Measure
from core.periods import Period
from indicators.catalogue import get
from indicators.values import Value
from registry.tests.factories import entities
from reports import compose
from reports.tests.conftest import YEAR
from review.engine.checks import arithmetic
from supervision.models import Inspection, InspectionKind


def text_of(block: dict) -> str:
    return "".join(r["t"] for s in block["sentences"] for r in s)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (86, "86"),
        (100, "100"),
        (612, "610余"),
        (600, "600"),
        (1286, "1200余"),
        (2000, "2000"),
        (12860, "1.2万余"),
        (20000, "2万"),
        (40500, "4万余"),
    ],
)
def test_approx_text_rounds_down_and_says_yu(n, expected):
    assert compose.approx_text(n) == expected


def _value(key, value, **kw):
    return Value(get(key), Period.year(YEAR), Measure(value=value, **kw))


def test_value_text_formats_amounts_rates_counts_and_parts():
    assert compose.value_text(_value("fines_and_confiscations", Decimal("182536"))) == "18.2536万元"
    rate = _value("random_completion_rate", Decimal("99.2907"), numerator=560, denominator=564)
    assert compose.value_text(rate) == "99.29%"
    assert compose.value_text(rate, "num") == "560"
    assert compose.value_text(rate, "den") == "564"
    assert compose.value_text(_value("training_attendances", 612), "approx") == "610余人次"
    assert compose.value_text(_value("training_attendances", 612, approx=True)) == "612余人次"


def test_supervision_sentences_rebuild_seed_002_figures(records):
    g = compose.generate(records.county_a, YEAR)
    text = text_of(g["blocks"]["supervision.figures"])
    assert (
        "“双随机”抽查任务564家，已完成检查560家，完成率99.29%；含依法核销在内完结564家，"
        "完结率100.00%。"
    ) in text
    assert "下达责令整改10份，经复查整改到位8份，整改完成率80.00%。" in text
    # Year over year, only because 2023 has records: 570 − 200.
    assert "全年开展各类监督检查570家次，其中专项检查10家次，较上年增加370家次。" in text
    assert g["blocks"]["supervision.figures"]["status"] == "ok"


def test_every_printed_number_carries_its_indicator_scope_and_year(records):
    g = compose.generate(records.county_a, YEAR)
    runs = [r for s in g["blocks"]["supervision.figures"]["sentences"] for r in s]
    figures = [r for r in runs if r.get("key")]
    assert len(figures) >= 12
    assert all(r["agency"] == "330102" and r["year"] == YEAR for r in figures)
    link = compose.record_link(figures[0])
    assert link == f"/indicators/{figures[0]['key']}/?agency=330102&year={YEAR}"


def test_no_comparison_with_a_year_without_records(records):
    g = compose.generate(records.county_b, YEAR)
    text = text_of(g["blocks"]["supervision.figures"])
    assert "全年开展各类监督检查40家次" in text
    assert "较上年" not in text


def test_sentence_without_data_is_left_out_and_named(records):
    # County B issued no rectification orders: no 整改完成率 can be computed.
    g = compose.generate(records.county_b, YEAR)
    block = g["blocks"]["supervision.figures"]
    assert "整改" not in text_of(block)
    assert "rectification_completion_rate" in block["missing"]
    assert block["status"] == "partial"


def test_unconnected_sources_give_no_sentence_and_a_flag(records):
    g = compose.generate(records.county_a, YEAR)
    assert g["blocks"]["complaints.figures"] == {
        "kind": "generated",
        "status": "unconnected",
        "sentences": [],
        "missing": [],
        "unconnected": [
            "complaints_received",
            "complaint_closure_rate",
            "complaint_satisfaction_rate",
        ],
    }
    a = compose.assemble(
        agency=records.county_a,
        year=YEAR,
        generated=g,
        narratives={},
        date=datetime.date(2025, 2, 1),
    )
    headings = [c["heading"] for s in a.document["sections"] for c in s["children"]]
    assert "依法办理投诉举报" not in headings  # nothing to say yet: left out, not invented
    assert "深入推进“双随机、一公开”监管" in headings
    messages = {f.block: f.message for f in a.flags}
    assert (
        "投诉举报" in messages["complaints.figures"]
        and "尚未接入" in messages["complaints.figures"]
    )
    # Once the officer writes the part, it appears with the text.
    a = compose.assemble(
        agency=records.county_a,
        year=YEAR,
        generated=g,
        narratives={"complaints.text": "全年受理投诉举报均按期办结。"},
        date=datetime.date(2025, 2, 1),
    )
    part = next(
        c for s in a.document["sections"] for c in s["children"] if c["key"] == "complaints"
    )
    assert part["blocks"][0]["runs"][0]["t"] == "全年受理投诉举报均按期办结。"


def test_required_parts_without_text_are_marked_to_fill(records):
    g = compose.generate(records.county_a, YEAR)
    a = compose.assemble(
        agency=records.county_a,
        year=YEAR,
        generated=g,
        narratives={},
        date=datetime.date(2025, 2, 1),
    )
    parts = {s["part"]: s for s in a.document["sections"]}
    assert list(parts) == [
        "measures_and_results",
        "first_responsible_duty",
        "shortcomings_and_causes",
        "next_year_plan",
    ]  # 其他需要报告的情况 is optional and empty: left out
    assert parts["shortcomings_and_causes"]["blocks"] == [
        {
            "type": "note",
            "text": (
                "【待填写】存在的不足和原因：如实写明不足及其原因；"
                "下方“数据提示”列出指标中未达到要求的项目。"
            ),
        }
    ]
    assert parts["next_year_plan"]["heading"] == "2025年推进法治政府建设的主要安排"


def test_scope_is_the_agency_and_below(records):
    a = compose.generate(records.county_a, YEAR)
    city = compose.generate(records.city, YEAR)
    assert "抽查任务564家" in text_of(a["blocks"]["supervision.figures"])
    assert "抽查任务604家" in text_of(city["blocks"]["supervision.figures"])


def test_table_by_subordinate_agency(records):
    g = compose.generate(records.city, YEAR)
    table = g["blocks"]["supervision.by_agency"]
    assert table["header"][:3] == ["单位", "监督检查户次", "双随机抽查任务"]
    rows = {row[0]["t"]: [c["t"] for c in row[1:]] for row in table["rows"]}
    assert rows["临江市东湖区卫生健康局"][:3] == ["570家次", "564家", "99.29%"]
    assert rows["临江市西山区卫生健康局"][:3] == ["40家次", "40家", "100.00%"]
    assert table["rows"][0][2]["agency"] == "330102"
    # A county has no agency below it: no table, and no flag either.
    assert (
        compose.generate(records.county_a, YEAR)["blocks"]["supervision.by_agency"]["status"]
        == "none"
    )


def test_key_figures_compare_with_last_year_only_where_it_has_records(records):
    g = compose.generate(records.county_a, YEAR)
    rows = {r[0]["t"]: [c["t"] for c in r[1:]] for r in g["blocks"]["measures.key_figures"]["rows"]}
    assert rows["监督检查户次"] == ["570家次", "200家次", "增加370家次"]
    assert rows["双随机抽查任务"] == ["564家", "—", "—"]


def test_shortcoming_hints_name_rates_below_100(records):
    g = compose.generate(records.county_a, YEAR)
    assert "双随机抽查完成率为99.29%（已检查户数560，分派户数564，相差4）。" in g["hints"]
    assert "整改完成率为80.00%（整改到位份数8，下达份数10，相差2）。" in g["hints"]


def test_coverage_by_category_as_seed_004_writes_it_each_figure_linked(world, client_for):
    """Seed 004: 904 公共场所 of which 384 inspected (42.48%), 866 医疗卫生机构 all inspected; a
    category whose units have all closed has none under supervision and is not listed."""
    places = entities(world.county_a, 904, name="东湖宾馆")
    clinics = entities(
        world.county_a, 866, category="medical", subcategory="clinic", name="东湖诊所"
    )
    schools = entities(
        world.county_a, 3, category="school", subcategory="primary_secondary", status="closed"
    )
    Inspection.objects.bulk_create(
        Inspection(
            agency=world.county_a,
            entity=e,
            kind=InspectionKind.ROUTINE,
            inspected_on=datetime.date(YEAR, 5, 1),
        )
        for e in places[:384] + clinics + schools
    )
    g = compose.generate(world.county_a, YEAR)
    sentences = g["blocks"]["supervision.figures"]["sentences"]
    sentence = next(s for s in sentences if s[0]["t"] == "其中")
    text = "".join(r["t"] for r in sentence)
    assert text == (
        "其中医疗卫生机构866户中检查866户，覆盖率100.00%；公共场所904户中检查384户，覆盖率42.48%。"
    )
    figures = [(r["t"], r["key"], r["part"]) for r in sentence if r.get("key")]
    key = "supervision_coverage_rate"
    assert figures == [
        ("866", key, "medical"),
        ("866", key, "medical"),
        ("100.00%", key, "medical"),
        ("904", key, "public_place"),
        ("384", key, "public_place"),
        ("42.48%", key, "public_place"),
    ]
    link = compose.record_link(next(r for r in sentence if r.get("part") == "public_place"))
    assert link == f"/indicators/{key}/?agency=330102&year={YEAR}&part=public_place"
    # The link opens the part's records: inspected 公共场所, no 医疗卫生机构.
    html = client_for(world.admin_a).get(link).content.decode()
    records = html.split('id="records"')[1]
    assert places[383].name in records and "东湖诊所" not in records
    # The review engine checks each category's rate against its counts.
    assert arithmetic(text) == []
    wrong = arithmetic(text.replace("42.48%", "43.48%"))
    assert [f.kind for f in wrong] == ["rate_mismatch"]


def test_a_report_of_the_earlier_template_keeps_its_sentences(world):
    """Template 2025.1 had no sentence listing coverage by 监管类别: a report made with it
    regenerates as it was, while a report of 2025.2 gets the sentence."""
    from reports.template import CURRENT, get_template

    places = entities(world.county_a, 4, name="东湖宾馆")
    clinics = entities(world.county_a, 2, category="medical", subcategory="clinic", name="东湖诊所")
    Inspection.objects.bulk_create(
        Inspection(
            agency=world.county_a,
            entity=e,
            kind=InspectionKind.ROUTINE,
            inspected_on=datetime.date(YEAR, 5, 1),
        )
        for e in places[:1] + clinics
    )
    assert CURRENT == "2025.4"

    def starts(version):
        g = compose.generate(world.county_a, YEAR, get_template(version))
        assert g["template"] == version
        return [s[0]["t"] for s in g["blocks"]["supervision.figures"]["sentences"]]

    old, new = starts("2025.1"), starts("2025.2")
    assert "其中" in new and "其中" not in old
    assert [t for t in new if t != "其中"] == old


def test_the_earlier_template_keeps_its_own_supervision_sentences():
    """2025.1 is written out: editing a later template cannot change its sentences."""
    from reports.template import get_template

    sentences = get_template("2025.1").block("supervision.figures").sentences
    assert [(s.text, s.yoy, s.each, s.lead) for s in sentences] == [
        (
            "全年开展各类监督检查{inspections_count}，其中专项检查{special_inspections}。",
            "inspections_count",
            "",
            "",
        ),
        (
            "“双随机”抽查任务{random_tasks}，已完成检查{random_completion_rate:num}家，"
            "完成率{random_completion_rate}；含依法核销在内完结{random_closure_rate:num}家，"
            "完结率{random_closure_rate}。",
            "",
            "",
            "",
        ),
        (
            "在册监管对象{supervised_entities_total}，全年至少检查一次的"
            "{supervision_coverage_rate:num}家，监督覆盖率{supervision_coverage_rate}。",
            "supervision_coverage_rate",
            "",
            "",
        ),
        (
            "下达责令整改{rectification_orders}，经复查整改到位"
            "{rectification_completion_rate:num}份，整改完成率{rectification_completion_rate}。",
            "",
            "",
            "",
        ),
        (
            "公示“双随机”抽查结果{random_results_published}，抽查结果公示率"
            "{result_publication_rate}。",
            "",
            "",
            "",
        ),
    ]


def test_a_later_template_adds_a_sentence_without_changing_the_earlier():
    from reports.template import _COVERAGE, V2025_1, Sentence, _with_sentence

    before = V2025_1.block("supervision.figures").sentences
    added = Sentence("另有{random_tasks}。")
    later = _with_sentence(V2025_1, "9999.1", "supervision.figures", _COVERAGE, added)
    sentences = later.block("supervision.figures").sentences
    assert later.version == "9999.1" and len(sentences) == len(before) + 1
    assert sentences[sentences.index(_COVERAGE) + 1] == added
    assert V2025_1.block("supervision.figures").sentences == before
    with pytest.raises(KeyError):
        _with_sentence(V2025_1, "9999.1", "nothing.figures", _COVERAGE, added)
    with pytest.raises(ValueError):
        _with_sentence(V2025_1, "9999.1", "supervision.figures", added, added)


def test_a_sentence_naming_a_part_must_list_parts_and_a_list_has_no_yoy():
    from reports.template import Sentence

    with pytest.raises(ValueError, match="each="):
        Sentence("{part}检查{inspections_count}。")
    with pytest.raises(ValueError, match="year-on-year"):
        Sentence(
            "{part}{supervision_coverage_rate}",
            each="supervision_coverage_rate",
            yoy="supervision_coverage_rate",
        )
    listed = Sentence("{part}{supervision_coverage_rate}", each="supervision_coverage_rate")
    assert listed.fields == [("supervision_coverage_rate", "")]


def test_coverage_by_category_is_left_out_when_there_is_one_category(records):
    block = compose.generate(records.county_a, YEAR)["blocks"]["supervision.figures"]
    assert "监督覆盖率" in text_of(block)
    assert not any(s[0]["t"] == "其中" for s in block["sentences"])
    assert block["status"] == "ok" and block["missing"] == []
