"""The keys of the figures a report states and the records count: one list, ``figures.tsv``.

The report checker (``review.engine.catalogue``) reads it to label the numbers it finds in a
report's text; the indicator catalogue (``indicators.catalogue``) reads it and adds, for each key,
how the figure is computed from the records. So a figure a report states and the figure the records
give carry the same key and can be set side by side. Plain data and plain Python: the checker
imports this without Django.

A key is either on both sides, or marked ``review-only`` (a figure reports write that the records
do not hold as one indicator, such as “责令整改271家” counted by entity while the records count
orders) or ``records-only`` (a figure the records give that the words of a report cannot tell
apart from another), each with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

PATH = Path(__file__).resolve().parent / "figures.tsv"

BOTH, REVIEW_ONLY, RECORDS_ONLY = "", "review-only", "records-only"


@dataclass(frozen=True)
class Figure:
    key: str
    name: str
    words: str  # regex of the words that name the figure before its number in a report
    units: str  # regex alternatives of the units the report counts it in
    scope: str = BOTH
    reason: str = ""

    @property
    def in_reports(self) -> bool:
        return self.scope != RECORDS_ONLY

    @property
    def in_records(self) -> bool:
        return self.scope != REVIEW_ONLY


class FigureListError(ValueError):
    """``figures.tsv`` is malformed: a repeated key, an unknown scope, a scope without reason."""


def parse(text: str) -> tuple[Figure, ...]:
    out: list[Figure] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 4:
            raise FigureListError(f"figures.tsv:{number}: expected at least 4 columns")
        key, name, words, units, *rest = cells
        scope = rest[0] if rest else BOTH
        reason = rest[1] if len(rest) > 1 else ""
        if key in seen:
            raise FigureListError(f"figures.tsv:{number}: key {key} repeated")
        if scope not in (BOTH, REVIEW_ONLY, RECORDS_ONLY):
            raise FigureListError(f"figures.tsv:{number}: unknown scope {scope!r}")
        if scope != BOTH and not reason.strip():
            raise FigureListError(f"figures.tsv:{number}: {key} is {scope} without a reason")
        if scope != RECORDS_ONLY and not (words and units):
            raise FigureListError(f"figures.tsv:{number}: {key} has no words or units")
        seen.add(key)
        out.append(Figure(key, name, words, units, scope, reason))
    return tuple(out)


@cache
def figures() -> tuple[Figure, ...]:
    """Every figure of ``figures.tsv``, in its order."""
    return parse(PATH.read_text(encoding="utf-8"))


def by_key() -> dict[str, Figure]:
    return {f.key: f for f in figures()}
