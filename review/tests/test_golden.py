"""The engine gives exactly the findings and facts recorded in ``data/golden_review.jsonl.gz``.

The record was written by the engine before it was tuned for speed, so any change to what the
checks find shows here. Cases: the made-up passages and texts made from them (cut, joined, with
fragments on the edges of the rules put in; stored as text), and the seed reports,
variants of them like the benchmark's and variants with made-up passages spliced in or turned
into 繁體 (stored only as a hash of the text with the findings; seed text is not kept here).

A deliberate change to a rule regenerates the record:

    FAZHI_SEEDS=/path/to/seeds python -m review.tests.test_golden --write
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from review.engine import review_text
from review.tests.conftest import SEEDS, require_seeds
from review.tests.madeup import CLEAN, DEFECTS, YEAR_DEFECTS

GOLDEN = Path(__file__).resolve().parent / "data" / "golden_review.jsonl.gz"
VARIANTS = 150
SPLICED = 80


def _variant(text: str, rng: random.Random) -> str:
    """Numbers changed, two paragraphs swapped, page furniture added (as in bench/review.py)."""
    text = re.sub(r"\d+", lambda m: str(max(1, int(m[0]) + rng.randint(-3, 3))), text)
    paras = text.split("\n")
    if len(paras) > 6 and rng.random() < 0.5:
        i, j = rng.randrange(3, len(paras)), rng.randrange(3, len(paras))
        paras[i], paras[j] = paras[j], paras[i]
    if rng.random() < 0.3:
        paras.append("分享到：\n打印 关闭")
    return "\n".join(paras)


def _passages() -> list[str]:
    return [p for _k, p, _s in DEFECTS] + [t for t, _s in YEAR_DEFECTS] + [p for _c, p in CLEAN]


def _spliced(text: str, rng: random.Random) -> str:
    """Made-up passages put into a report, inline or as paragraphs; sometimes in 繁體."""
    passages = _passages()
    paras = text.split("\n")
    for _ in range(rng.randint(3, 12)):
        i = rng.randrange(len(paras))
        p = rng.choice(passages)
        if rng.random() < 0.5:
            paras[i] += p
        else:
            paras.insert(i, p)
    out = "\n".join(paras)
    if rng.random() < 0.3:
        import opencc

        out = opencc.OpenCC("s2t").convert(out)
    return out


# Fragments that sit on the edges of the rules (numbers after 前/后, breakdowns, item marks,
# doubled words, period words, marks left open), mixed into made-up passages.
EDGE_FRAGMENTS = [
    "后3项",
    "后3整改",
    "，5加强",
    "前2落实",
    "第4开展",
    "12345件",
    "前2名",
    "约5",
    "第3批",
    "共5件，其中2件、3件",
    "共12家（医院4家、诊所7家）",
    "分别为3次、4次",
    "（1）",
    "（二）",
    "2、",
    "3．",
    "一是",
    "二是",
    "四是",
    "十一是",
    "的的",
    "对对",
    "面对面对接",
    "一案一卷",
    "一户一档",
    "。。",
    "\n",
    "\n\n",
    "  ",
    " 3 ",
    "-",
    "－－",
    "《法治政府建设实施纲要(2021-2025年)》",
    "《行政处罚法》",
    "《医师法",
    "“",
    "”",
    "（",
    "）",
    "》",
    "【",
    "今年",
    "目前",
    "目前仍",
    "截止目前",
    "截至10月底",
    "今年以来",
    "明年",
    "12.4国家宪法日",
    "合格率98.5%",
    "合格率100%以上",
    "87人，合格率98.9%",
    "下降53%",
    "覆盖率",
    "等五大领域",
    "甲、乙、丙、丁等五项",
    "法制审核",
    "推荐法治建设",
    "医师职业注册",
    "从职业医师",
    "职业医师",
    "3个工作日内",
    "1200人次",
    "600余人次",
    "2024年",
    "2026年",
    "抽查件",
    "罚款万元",
    "ABC,DEF",
    "执法,规范",
    "一是加强学习二是规范执法",
]
FUZZ = 300


def _fuzz(rng: random.Random) -> str:
    """A made-up text: passages cut and joined, edge fragments put in, sentences repeated."""
    passages = _passages()
    pieces = []
    if rng.random() < 0.5:
        year = rng.choice(["2024", "2025"])
        pieces.append(
            f"某区卫生健康局{year}年度法治政府建设情况报告\n{year}年，我局坚持依法行政。\n"
        )
    for _ in range(rng.randint(2, 10)):
        p = rng.choice(passages)
        a, b = sorted(rng.randrange(len(p) + 1) for _ in range(2))
        piece = p[a:] if rng.random() < 0.5 else p[:b]
        for _ in range(rng.randint(0, 3)):
            k = rng.randrange(len(piece) + 1)
            piece = piece[:k] + rng.choice(EDGE_FRAGMENTS) + piece[k:]
        pieces.append(piece)
        if rng.random() < 0.1:
            pieces.append(piece)  # a sentence printed twice
        if rng.random() < 0.3:
            pieces.append("\n")
    return "".join(pieces)


def cases() -> Iterator[tuple[str, str, bool]]:
    """(case id, text, whether the text may be stored) for every golden case."""
    for i, p in enumerate(_passages()):
        yield f"madeup-{i}", p, True
    rng = random.Random(5)
    for i in range(FUZZ):
        yield f"fuzz-{i}", _fuzz(rng), True
    if SEEDS is None:
        return
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i, s in enumerate(seeds):
        yield f"seed-{i}", s, False
    rng = random.Random(7)
    for i in range(VARIANTS):
        yield f"variant-{i}", _variant(seeds[i % len(seeds)], rng), False
    rng = random.Random(11)
    for i in range(SPLICED):
        yield f"spliced-{i}", _spliced(_variant(seeds[i % len(seeds)], rng), rng), False


def record(text: str, storable: bool = True) -> dict:
    """What the engine makes of ``text``: findings, facts, metadata and a digest of the JSON.

    Messages quote the text; for a text that may not be stored they are kept as hashes.
    """
    r = review_text(text)
    data = r.to_json()
    data.pop("source")
    digest = hashlib.sha256(
        json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()
    return {
        "findings": [
            [
                f.kind,
                f.severity,
                f.message if storable else _sha(f.message),
                f.start,
                f.end,
                f.part,
                f.paragraph,
            ]
            for f in r.findings
        ],
        "facts": [[f.value, f.unit, f.approx, f.indicator, f.start, f.end] for f in r.facts],
        "meta": [r.title and _sha(r.title), r.agency, r.report_year, str(r.published)],
        "digest": digest,
    }


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _load() -> dict[str, dict]:
    out = {}
    for line in gzip.decompress(GOLDEN.read_bytes()).decode("utf-8").splitlines():
        case = json.loads(line)
        out[case["id"]] = case
    return out


def write() -> None:
    if SEEDS is None:
        raise SystemExit("seeds not found: set FAZHI_SEEDS")
    lines = []
    for case_id, text, storable in cases():
        case = {"id": case_id, "sha256": _sha(text)}
        if storable:
            case["text"] = text
        case |= record(text, storable)
        lines.append(json.dumps(case, ensure_ascii=False) + "\n")
    GOLDEN.write_bytes(gzip.compress("".join(lines).encode("utf-8"), mtime=0))


def test_the_record_covers_every_case():
    require_seeds()
    golden = _load()
    ids = [case_id for case_id, _t, _s in cases()]
    assert sorted(ids) == sorted(golden)
    assert sum(len(c["findings"]) for c in golden.values()) > 1000


def test_madeup_passages_give_the_recorded_findings():
    """The made-up passages, alone and cut, mixed and edged (stored as text)."""
    golden = _load()
    for case_id, text, _storable in cases():
        if not case_id.startswith(("madeup-", "fuzz-")):
            break
        expected = golden[case_id]
        assert expected["text"] == text, case_id
        got = record(text)
        assert got["findings"] == expected["findings"], case_id
        assert got == {k: expected[k] for k in got}, case_id


@pytest.mark.parametrize("family", ["seed", "variant", "spliced"])
def test_seed_reports_give_the_recorded_findings(family):
    require_seeds()
    golden = _load()
    n = 0
    for case_id, text, _storable in cases():
        if not case_id.startswith(family + "-"):
            continue
        expected = golden[case_id]
        assert expected["sha256"] == _sha(text), f"{case_id}: the case's text changed"
        got = record(text, storable=False)
        assert got["findings"] == expected["findings"], case_id
        assert got["facts"] == expected["facts"], case_id
        assert got == {k: expected[k] for k in got}, case_id
        n += 1
    assert n


if __name__ == "__main__":
    if "--write" in sys.argv:
        write()
        print(f"wrote {GOLDEN}")
