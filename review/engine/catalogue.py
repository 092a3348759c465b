"""The figures a report states, with the words that name them in report text.

The keys are the one list of ``core/figures.tsv``, which the indicator catalogue reads too, so a
figure found in a report carries the key of the indicator the records give for it. Plain data:
the checker needs no Django. ``label_for(context, unit)`` picks the figure a fact measures from
the words before it.
"""

from __future__ import annotations

import re

from core.figures import figures

# key, Chinese name, keywords (regex) seen before the number, units it is counted in
CATALOGUE: list[tuple[str, str, str, str]] = [
    (f.key, f.name, f.words, f.units) for f in figures() if f.in_reports
]

_compiled = [
    (key, re.compile(words), re.compile(rf"^(?:{units})$"))
    for key, _name, words, units in CATALOGUE
]


_by_unit: dict[str, list[tuple[str, re.Pattern]]] = {}


def _entries(unit: str) -> list[tuple[str, re.Pattern]]:
    if unit not in _by_unit:
        _by_unit[unit] = [(key, words) for key, words, units in _compiled if units.match(unit)]
    return _by_unit[unit]


def label_for(context: str, unit: str) -> str | None:
    """The catalogue key whose words appear nearest before the number, with a matching unit;
    of words ending at the same place the longer (more specific) wins, then the earlier key."""
    best: tuple[int, int, str] | None = None
    base_unit = unit.removeprefix("万").removeprefix("余")
    for key, words in _entries(base_unit):
        for m in words.finditer(context):
            rank = (m.end(), m.end() - m.start())
            if best is None or rank > best[:2]:
                best = (*rank, key)
    return best[2] if best else None
