"""What the demo builders share: the scale, a seeded RNG, the agencies and people made so far.

Every app that has records to show may contribute a ``<app>/demo.py`` module with::

    ORDER = 20                      # builders run in ascending order (core is 0)

    def build_demo(ctx: DemoContext) -> None: ...   # or build(ctx)

Builders must write anything sized by the scale in batches, and use only fictional names. Rows
generated valid by construction go through ``core.bulk.insert_rows`` (inside
``core.bulk.foreign_keys_checked_once``), which is many times faster than ``bulk_create`` at the
city and province scales. Random values come from ``ctx.rng`` only, so that a seed always gives
the same data. ``ctx.progress(label, done, total)`` reports progress on long work.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass, field
from typing import Any

SCALES: dict[str, dict[str, int]] = {
    # DESIGN.md scales. entities/inspections/cases/complaints are per year, whole tree.
    "small": {
        "cities": 1,
        "counties_per_city": 3,
        "towns_per_county": 4,
        "people_per_county": 18,
        "entities": 3_000,
        "inspections": 5_000,
        "cases": 150,
        "complaints": 300,
    },
    "city": {
        "cities": 1,
        "counties_per_city": 10,
        "towns_per_county": 8,
        "people_per_county": 30,
        "entities": 100_000,
        "inspections": 250_000,
        "cases": 3_000,
        "complaints": 10_000,
    },
    "province": {
        "cities": 12,
        "counties_per_city": 10,
        "towns_per_county": 6,
        "people_per_county": 25,
        "entities": 1_000_000,
        "inspections": 3_000_000,
        "cases": 40_000,
        "complaints": 150_000,
    },
}

DEMO_PASSWORD = "Fazhi-demo-2026"


@dataclass
class DemoContext:
    scale: str
    seed: int = 2026
    year: int = 2025
    out: Any = sys.stdout
    rng: random.Random = field(init=False)
    params: dict[str, int] = field(init=False)
    top: Any = None  # the top agency (province or city)
    cities: list[Any] = field(default_factory=list)
    counties: list[Any] = field(default_factory=list)
    towns: list[Any] = field(default_factory=list)
    people: dict[int, list[Any]] = field(default_factory=dict)  # agency pk -> people
    regions: dict[int, list[Any]] = field(default_factory=dict)  # agency pk -> regions
    users: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, agency
    _t0: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.params = SCALES[self.scale]

    @property
    def field_agencies(self) -> list[Any]:
        """Agencies that inspect and hold records: the counties (and cities at province scale)."""
        return self.counties

    def progress(self, label: str, done: int | None = None, total: int | None = None) -> None:
        elapsed = time.monotonic() - self._t0
        if done is not None and total:
            pct = 100 * done / total
            self.out.write(f"  [{elapsed:6.1f}s] {label}: {done:,}/{total:,} ({pct:.0f}%)\n")
        else:
            self.out.write(f"  [{elapsed:6.1f}s] {label}\n")
        flush = getattr(self.out, "flush", None)
        if flush:
            flush()
