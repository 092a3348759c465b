"""The report checker: pure Python, no Django.

from review.engine import review_text, review_path
report = review_path("report.docx")
report.findings, report.facts, report.parts
"""

from __future__ import annotations

from pathlib import Path

from review.engine import checks, facts, structure
from review.engine.model import PARTS, Fact, Finding, Report, Section
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
    )
    report.facts = facts.extract(text)
    report.findings = checks.run_all(text, lines, sections, present, meta, report.facts)
    return report


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
