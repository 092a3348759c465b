"""The report checker on the five real reports and on crafted text (RULES.md §1, §11, §12)."""

import datetime

from review.engine import review_path, review_text
from review.tests.conftest import require_seeds


def seed(n: int):
    path = next(require_seeds().glob(f"{n:03d}_*.txt"))
    return review_path(path), path.read_text(encoding="utf-8")


def kinds(report, kind):
    return [f for f in report.findings if f.kind == kind]


def at(text, finding):
    return text[finding.start : finding.end]


def test_metadata_of_the_seeds():
    r, _ = seed(0)
    assert (r.agency, r.report_year, r.published) == (
        "金林区卫生健康局",
        2025,
        datetime.date(2025, 12, 30),
    )
    r, _ = seed(1)
    assert r.title == "湖滨区卫健委关于2025年度法治政府建设情况的报告"  # title over two lines
    assert r.agency == "湖滨区卫健委" and r.published is None
    r, _ = seed(2)
    assert r.report_year == 2024 and r.published == datetime.date(2025, 3, 12)
    r, _ = seed(4)
    assert r.agency == "重庆市大足区卫生健康委员会" and r.published == datetime.date(2026, 1, 13)


def test_every_seed_has_the_mandated_parts():
    for n in range(5):
        r, _ = seed(n)
        missing = [k for k, v in r.parts.items() if not v and k != "other"]
        assert missing == [], (n, missing)
        assert not kinds(r, "missing_part")


def test_missing_part_is_reported():
    text = (
        "某区卫生健康局关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n正文。\n"
        "二、存在的不足和原因\n原因。\n"
    )
    r = review_text(text)
    missing = {f.message for f in kinds(r, "missing_part")}
    assert any("第一责任人" in m for m in missing) and any("下一年度" in m for m in missing)
    assert len(missing) == 2


def test_publication_before_the_year_ended():
    r, text = seed(0)
    f = kinds(r, "published_before_period_end")
    assert len(f) == 1 and at(text, f[0]).startswith("2025-12-30")


def test_publication_deadline_is_april_first():
    base = "某局关于2024年度法治政府建设情况的报告\n发布时间:{}\n"
    assert not kinds(review_text(base.format("2025-04-01")), "published_late")
    late = review_text(base.format("2025-04-02"))
    assert kinds(late, "published_late") and "4月1日" in kinds(late, "published_late")[0].message
    r, _ = seed(2)  # published 2025-03-12 for 2024: on time
    assert not kinds(r, "published_late") and not kinds(r, "published_before_period_end")


def test_numbering_gap_in_enumerations_seed_001():
    r, text = seed(1)
    gaps = kinds(r, "numbering_gap")
    assert any(at(text, g) == "三是" and "二是" in g.message for g in gaps)


def test_numbering_style_break_seed_001():
    r, text = seed(1)
    f = kinds(r, "numbering_style")
    assert len(f) == 1 and at(text, f[0]) == "（5）" and "（六）" in f[0].message


def test_heading_numbering_gap_and_repeat():
    text = "一、主要举措和成效\n（一）甲\n（二）乙\n（四）丁\n（四）戊\n"
    r = review_text(text)
    assert [at(text, f) for f in kinds(r, "numbering_gap")] == ["（四）"]
    assert len(kinds(r, "numbering_repeat")) == 1


def test_sum_of_parts_differs_from_total_seed_001():
    r, text = seed(1)
    f = kinds(r, "sum_mismatch")
    assert len(f) == 1 and at(text, f[0]) == "67件" and "=65件" in f[0].message
    partial = kinds(r, "breakdown_incomplete")
    assert [at(text, p) for p in partial] == ["60起"]


def test_parenthesised_breakdown_that_adds_up_passes():
    r = review_text("全年开展培训5次（线下2次、线上3次），参训800人次。")
    assert not kinds(r, "sum_mismatch")
    # Parts short of the total are wrong only where the text says they make it up (共…).
    r = review_text("全年共开展培训6次（线下2次、线上3次），参训800人次。")
    assert kinds(r, "sum_mismatch")
    r = review_text("全年开展培训6次（线下2次、线上3次），参训800人次。")
    assert not kinds(r, "sum_mismatch") and not kinds(r, "breakdown_incomplete")
    # Parts over the total are wrong whatever the wording.
    r = review_text("全年开展培训5次（线下2次、线上4次），参训800人次。")
    assert kinds(r, "sum_mismatch")


def test_rates_that_match_their_counts_pass():
    text = (
        "国家双随机任务564家，其中4家停业关闭，完成率99.29%，完结率100%。"
        "公共场所904户中检查384户，监督覆盖率42.48%。立案44件，结案44件。"
    )
    r = review_text(text)
    assert not kinds(r, "rate_mismatch")


def test_a_changed_count_makes_the_rate_fail():
    r = review_text("国家双随机任务564家，其中5家停业关闭，完成率99.29%。")
    assert [f.kind for f in r.findings if f.kind == "rate_mismatch"] == ["rate_mismatch"]
    r = review_text("公共场所904户中检查385户，监督覆盖率42.48%。")
    assert kinds(r, "rate_mismatch")


def test_satisfaction_at_least_98_percent_of_23_needs_review_seed_000():
    r, text = seed(0)
    f = kinds(r, "rate_needs_review")
    assert len(f) == 1 and at(text, f[0]).startswith("98%") and "22/23" in f[0].message


def test_five_fields_but_four_named_seed_004():
    r, text = seed(4)
    f = kinds(r, "count_mismatch")
    assert len(f) == 1 and at(text, f[0]) == "五大" and "4项" in f[0].message


def test_duplicated_words_and_sentences():
    r, text = seed(1)
    assert any(at(text, f) == "工作总结工作总结" for f in kinds(r, "duplicate"))
    r = review_text("开展了2024年行政执法证年审工作。开展2024年行政执法证年审工作，共87人通过。")
    assert kinds(r, "duplicate")
    assert not kinds(review_text("所有投诉均做到件件有登记、件件有回音。"), "duplicate")


def test_stray_number_glued_to_a_word_seed_000():
    r, text = seed(0)
    f = kinds(r, "stray")
    assert [at(text, x) for x in f if x.severity == "warning"] == ["11"]


def test_web_chrome_and_empty_metadata():
    r, text = seed(0)
    empty = [at(text, f).strip().replace("\u2002", " ") for f in kinds(r, "empty_metadata")]
    assert "发文机关:" in empty and "索 引 号:" in empty
    chrome = " ".join(at(text, f) for f in kinds(r, "chrome"))
    assert "分享到" in chrome and "扫一扫在手机打开当前页" in chrome and "访问量" in chrome


def test_typos_terms_and_truncations():
    r, text = seed(1)
    found = {at(text, f) for f in r.findings if f.kind in ("typo", "term")}
    assert {"到达", "医师职业", "法治审核", "截止"} <= found
    r, text = seed(2)
    assert [at(text, f) for f in kinds(r, "truncated")] == ["重大决"]
    assert any("不良职业" in at(text, f) for f in kinds(r, "typo"))
    r, text = seed(0)
    assert any(at(text, f) == "全国法治宣传日" for f in kinds(r, "term"))
    r, text = seed(4)
    assert {"法制建设", "法制水平"} <= {at(text, f) for f in kinds(r, "term")}


def test_no_false_term_finding_for_correct_usage():
    r = review_text("严格落实重大执法决定法制审核制度，推进法治政府建设。")
    assert not [f for f in r.findings if f.kind in ("term", "typo")]


def test_partial_period_figures():
    r, text = seed(1)
    spans = {at(text, f) for f in kinds(r, "partial_period")}
    assert "截至目前" in spans and "截止10月底" in spans


def test_runon_and_semicolon_before_enumeration_seed_000():
    r, _text = seed(0)
    assert kinds(r, "runon") and kinds(r, "punct")


def test_shortcomings_without_causes_seed_004():
    r, _ = seed(4)
    assert kinds(r, "part_incomplete")


def test_no_errors_on_a_clean_report():
    text = (
        "某区卫生健康局关于2025年度法治政府建设情况的报告\n"
        "一、主要举措和成效\n全年立案12件，结案12件，结案率100%。\n"
        "二、党政主要负责人履行推进法治建设第一责任人职责情况\n主持专题会议3次。\n"
        "三、存在的不足和原因\n执法力量不足，原因是人员编制少。\n"
        "四、2026年推进法治政府建设的主要安排\n一是加强学法。二是规范执法。\n"
        "某区卫生健康局\n2026年2月10日\n"
    )
    r = review_text(text)
    assert [f for f in r.findings if f.severity == "error"] == []


def test_thousands_separators_are_part_of_the_number():
    text = (
        "某某卫健局2025年法治政府建设情况报告\n一、主要举措和成效\n"
        "全年检查1,286户次，罚没12,345.5元，3，000人次。\n"
    )
    facts = [(f.value, f.unit, f.span) for f in review_text(text).facts]
    assert (1286, "户次", "1,286户次") in facts
    assert (12345.5, "元", "12,345.5元") in facts
    # A full-width comma separates clauses: 3，000 is not three thousand.
    assert not any(v == 3000 for v, _, _ in facts)
