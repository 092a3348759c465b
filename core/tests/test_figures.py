"""The one list of figure keys (core/figures.tsv) is read strictly."""

import pytest

from core.figures import FigureListError, figures, parse


def test_the_list_reads_and_every_key_is_unique():
    keys = [f.key for f in figures()]
    assert len(keys) == len(set(keys)) and "certified_inspectors" in keys
    assert "certified_officers" not in keys


@pytest.mark.parametrize(
    "text, fault",
    [
        ("a\t甲\t甲\t次\na\t乙\t乙\t次", "repeated"),
        ("a\t甲\t甲\t次\treview-only", "without a reason"),
        ("a\t甲\t甲\t次\tmaybe\t因为", "unknown scope"),
        ("a\t甲\t\t", "no words"),
        ("a\t甲", "at least 4"),
    ],
)
def test_a_malformed_list_is_refused(text, fault):
    with pytest.raises(FigureListError, match=fault):
        parse(text)


def test_a_records_only_key_needs_no_words():
    (f,) = parse("a\t甲\t\t\trecords-only\t报告中分不出")
    assert f.in_records and not f.in_reports
