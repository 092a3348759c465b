"""Result types of a review (plain dataclasses, JSON-ready)."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

PARTS = ("measures_and_results", "shortcomings_and_causes", "first_responsible_duty",
         "next_year_plan", "other")
REQUIRED_PARTS = PARTS[:4]
PART_LABELS = {
    "measures_and_results": "主要举措和成效",
    "shortcomings_and_causes": "存在的不足和原因",
    "first_responsible_duty": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "next_year_plan": "下一年度推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}


@dataclass
class Section:
    level: int
    number: str
    heading: str
    part: str | None
    start: int
    end: int


@dataclass
class Fact:
    value: float | int
    unit: str
    approx: bool
    indicator: str | None
    span: str
    start: int
    end: int


@dataclass
class Finding:
    kind: str
    severity: str  # error | warning | info
    message: str
    start: int
    end: int


@dataclass
class Report:
    source: str
    title: str = ""
    agency: str = ""
    report_year: int | None = None
    published: datetime.date | None = None
    parts: dict[str, bool] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        if self.error is None:
            data.pop("error")
        return data
