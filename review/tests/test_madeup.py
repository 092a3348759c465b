"""The checker on made-up passages in the style of real reports (review/tests/madeup.py):
each defect kind is caught where it is, and no false-alarm class raises a warning or error."""

import pytest

from review.engine import review_text
from review.tests.madeup import CLEAN, DEFECTS, YEAR_DEFECTS, caught, false_alarms


@pytest.mark.parametrize(
    "kind, passage, span", DEFECTS, ids=[f"{d[0]}-{i}" for i, d in enumerate(DEFECTS)]
)
def test_defect_is_caught(kind, passage, span):
    assert caught(kind, passage, span), [
        (f.kind, passage[f.start : f.end]) for f in review_text(passage).findings
    ]


@pytest.mark.parametrize("cls, passage", CLEAN, ids=[f"{c[0]}-{i}" for i, c in enumerate(CLEAN)])
def test_no_false_alarm(cls, passage):
    assert false_alarms(passage) == []


@pytest.mark.parametrize("text, span", YEAR_DEFECTS)
def test_year_contradicting_the_report_year(text, span):
    found = [f for f in review_text(text).findings if f.kind == "year_mismatch"]
    spans = [text[f.start : f.end] for f in found]
    assert spans and any(span in s or s in span for s in spans)


def test_matching_years_pass():
    text = (
        "某县卫生健康局2025年度法治政府建设情况报告\n2025年，我局坚持依法行政。\n"
        "一、主要举措和成效\n立案3件。\n二、2026年工作打算\n继续加强执法。\n"
    )
    assert not [f for f in review_text(text).findings if f.kind == "year_mismatch"]


def test_corrections_quote_the_fixed_words():
    r = review_text("我局持续推荐法治政府建设。")
    assert any("“持续推进”" in f.message for f in r.findings if f.kind == "typo")


@pytest.mark.parametrize(
    "text",
    [
        "对照《法治政府建设实施纲要（2021-2025年）》抓落实。",
        "对照《法治政府建设实施纲要(2021-2025年)》。",
    ],
)
def test_title_with_a_hyphen_in_the_year_range_is_a_note(text):
    r = review_text(text)
    notes = [f for f in r.findings if f.kind == "punct"]
    assert notes and notes[0].severity == "info" and "2021—2025" in notes[0].message
    assert not [f for f in r.findings if f.kind == "title_misquoted"]
