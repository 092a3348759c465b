"""Benchmark: the report checker on .txt input (target ≥ 200 reports/s on one core).

Synthesises variants of the five seed reports (numbers changed, paragraphs reordered, chrome
added or removed) and reviews them from bytes, printing reports/s and the share of time per stage.
Baseline, measured in the same run: decoding the same bytes and running one regular expression
over each text (the floor any checker pays), to show what the checks cost on top.

    python bench/review.py [--n 10000]

Wall-clock figures depend on what else runs on the machine; the CPU time (process_time) of the
same run is printed beside them, and is the figure to compare between versions.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from review.engine import checks, facts, locate, structure  # noqa: E402
from review.engine.model import PARTS, Report  # noqa: E402
from review.engine.normalize import simplify  # noqa: E402
from review.engine.reader import read_bytes  # noqa: E402

TARGET = 200.0


def seeds() -> list[str]:
    env = os.environ.get("FAZHI_SEEDS")
    candidates = [Path(env)] if env else []
    for base in (*candidates, ROOT.parent / "shared" / "seeds", ROOT / "shared" / "seeds"):
        if base.exists():
            return [p.read_text(encoding="utf-8") for p in sorted(base.glob("*.txt"))]
    raise SystemExit("shared/seeds not found")


def variant(text: str, rng: random.Random) -> str:
    text = re.sub(r"\d+", lambda m: str(max(1, int(m[0]) + rng.randint(-3, 3))), text)
    paras = text.split("\n")
    if len(paras) > 6 and rng.random() < 0.5:
        i, j = rng.randrange(3, len(paras)), rng.randrange(3, len(paras))
        paras[i], paras[j] = paras[j], paras[i]
    if rng.random() < 0.3:
        paras.append("分享到：\n打印 关闭")
    return "\n".join(paras)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args(argv)
    rng = random.Random(7)
    base = seeds()
    corpus = [variant(base[i % len(base)], rng).encode("utf-8") for i in range(args.n)]
    mb = sum(map(len, corpus)) / 1e6

    t0 = time.perf_counter()
    for data in corpus:
        text = data.decode("utf-8")
        re.findall(r"\d+", text)
    baseline = time.perf_counter() - t0

    stage = dict.fromkeys(("read", "structure", "facts", "checks", "locate"), 0.0)
    cpu = dict.fromkeys(stage, 0.0)
    findings = 0
    t_all = time.perf_counter()
    c_all = time.process_time()
    for i, data in enumerate(corpus):
        t, c = time.perf_counter(), time.process_time()
        original = read_bytes(data, f"r{i}.txt").text
        text = simplify(original)
        t2, c2 = time.perf_counter(), time.process_time()
        lines = structure.lines_of(text)
        meta = structure.metadata(text, lines)
        sections = structure.find_sections(lines, len(text))
        present = structure.covered_parts(sections)
        t3, c3 = time.perf_counter(), time.process_time()
        fs = facts.extract(text)
        t4, c4 = time.perf_counter(), time.process_time()
        found = checks.run_all(text, lines, sections, present, meta, fs)
        t5, c5 = time.perf_counter(), time.process_time()
        locate(original, lines, sections, found)
        t6, c6 = time.perf_counter(), time.process_time()
        Report(
            source="",
            parts={p: p in present for p in PARTS},
            sections=sections,
            facts=fs,
            findings=found,
        )
        findings += len(found)
        stage["read"] += t2 - t
        stage["structure"] += t3 - t2
        stage["facts"] += t4 - t3
        stage["checks"] += t5 - t4
        stage["locate"] += t6 - t5
        for name, a, b in (
            ("read", c, c2),
            ("structure", c2, c3),
            ("facts", c3, c4),
            ("checks", c4, c5),
            ("locate", c5, c6),
        ):
            cpu[name] += b - a
    total = time.perf_counter() - t_all
    cpu_total = time.process_time() - c_all
    rate = args.n / total
    print(
        f"reviewed {args.n:,} reports ({mb:.1f} MB) in {total:.2f}s on one core: "
        f"{rate:,.0f} reports/s (target >= {TARGET:.0f}) "
        f"[{'OK' if rate >= TARGET else 'SLOW'}]; {findings:,} findings"
    )
    print(
        f"CPU time (process_time, not disturbed by other processes): {cpu_total:.2f}s, "
        f"{1000 * cpu_total / args.n:.2f} ms/report, {args.n / cpu_total:,.0f} reports/s"
    )
    print("  stage      wall share  wall ms/report  CPU ms/report")
    for name, secs in stage.items():
        print(
            f"  {name:<10} {100 * secs / total:9.1f}%  {1000 * secs / args.n:14.2f}"
            f"  {1000 * cpu[name] / args.n:13.2f}"
        )
    print(
        f"baseline (decode + one regex pass): {args.n / baseline:,.0f} reports/s; "
        f"full review costs {total / baseline:.1f}x the baseline"
    )
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
