"""Fact extraction against hand-labelled facts of the five seed reports.

Targets (issue): precision ≥ 0.95 and recall ≥ 0.90. A fact matches when its offsets, value,
unit and approx flag all agree with the label.
"""

import json
from pathlib import Path

import pytest

from review.engine import review_path

DATA = Path(__file__).resolve().parent / "data" / "seed_facts.json"


def key(f):
    return (f["start"], f["end"], round(float(f["value"]), 6), f["unit"], bool(f["approx"]))


def test_labels_point_at_their_text(seeds_dir):
    labels = json.loads(DATA.read_text(encoding="utf-8"))["facts"]
    for name, facts in labels.items():
        text = (seeds_dir / name).read_text(encoding="utf-8")
        for f in facts:
            assert text[f["start"] : f["end"]] == f["span"], (name, f)


def test_precision_and_recall_on_the_seeds(seeds_dir):
    labels = json.loads(DATA.read_text(encoding="utf-8"))["facts"]
    tp = fp = fn = 0
    for name, expected in labels.items():
        report = review_path(seeds_dir / name)
        got = {key(vars(f)) for f in report.facts}
        want = {key(f) for f in expected}
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    assert tp > 150
    assert precision >= 0.95, f"precision {precision:.3f}"
    assert recall >= 0.90, f"recall {recall:.3f}"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("覆盖群众0.4万余人次", [(0.4, "万人次", True)]),
        ("共计罚款金额18.2536万元", [(18.2536, "万元", False)]),
        ("两家单位参与评审", [(2, "家", False)]),
        ("开展十二次检查", [(12, "次", False)]),
        ("超过2000家单位", [(2000, "家", True)]),
        ("第23个职业病防治法宣传周", []),
        ("大足府办发〔2025〕35号", []),
        ("《职业病防治法》第72条", []),
        ("在作出决定之日起7个工作日内公示", []),
        ("无一起行政复议", []),
        ("2025年12月30日", []),
    ],
)
def test_fact_rules(text, expected):
    from review.engine import review_text

    got = [(f.value, f.unit, f.approx) for f in review_text(text).facts]
    assert got == expected
