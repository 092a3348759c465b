"""The report checker: pure Python, no Django.

from review.engine import review_text, review_path
report = review_path("report.docx")
report.findings, report.facts, report.parts
"""

from __future__ import annotations

import bisect
from pathlib import Path

from review.engine import checks, facts, structure
from review.engine.model import PARTS, Fact, Finding, Report, Section
from review.engine.normalize import simplify
from review.engine.reader import ReadError, read_bytes, read_path

__all__ = [
    "PARTS",
    "Fact",
    "Finding",
    "ReadError",
    "Report",
    "Section",
    "review_bytes",
    "review_path",
    "review_text",
]


def review_text(text: str, source: str = "") -> Report:
    """Review one report's text. Offsets in the result refer to ``text`` as given.

    繁體 text is read in simplified characters (same length, so offsets hold); quoted spans and
    contexts are taken from the original text.
    """
    original, text = text, simplify(text)
    lines = structure.lines_of(text)
    meta = structure.metadata(text, lines)
    sections = structure.find_sections(lines, len(text))
    present = structure.covered_parts(sections)
    report = Report(
        source=source,
        title=meta.title,
        agency=meta.agency,
        report_year=meta.report_year,
        published=meta.published,
        parts={p: p in present for p in PARTS},
        sections=sections,
        year_source=meta.year_source,
        agency_source=meta.agency_source,
        text=original,
    )
    report.facts = facts.extract(text)
    report.findings = checks.run_all(text, lines, sections, present, meta, report.facts)
    if original is not text:
        for f in report.facts:
            f.span = original[f.start : f.end]
    locate(original, lines, sections, report.findings)
    return report


def locate(text: str, lines, sections, findings) -> None:
    """Give each finding its part, paragraph number and the words around it."""
    line_starts = [ln.start for ln in lines]
    paragraph, n = [], 0
    for ln in lines:
        n += bool(ln.text.strip())
        paragraph.append(n)
    top = min((s.level for s in sections), default=1)
    tops = [(s.start, s.part) for s in sections if s.level == top]
    top_starts = [start for start, _ in tops]
    for f in findings:
        if not lines or (f.start == f.end == 0 and f.kind == "missing_part"):
            continue
        i = max(0, bisect.bisect_right(line_starts, f.start) - 1)
        line = lines[i]
        f.paragraph = paragraph[i] or None
        k = bisect.bisect_right(top_starts, f.start) - 1
        f.part = tops[k][1] if k >= 0 else None
        a = max(line.start, f.start - 18)
        b = min(line.end, max(f.end, f.start + 1) + 18)
        f.context = (
            ("…" if a > line.start else "") + text[a:b].strip() + ("…" if b < line.end else "")
        )


def review_path(path: str | Path) -> Report:
    try:
        doc = read_path(path)
    except ReadError as exc:
        return Report(source=str(path), error=str(exc))
    return review_text(doc.text, str(path))


def review_bytes(data: bytes, name: str) -> Report:
    try:
        doc = read_bytes(data, name)
    except ReadError as exc:
        return Report(source=name, error=str(exc))
    return review_text(doc.text, name)
