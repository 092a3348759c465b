"""Result types of a review (plain dataclasses, JSON-ready)."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

PARTS = (
    "measures_and_results",
    "shortcomings_and_causes",
    "first_responsible_duty",
    "next_year_plan",
    "other",
)
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
    # Where it is, for a reader without offsets: the mandated part (PART_LABELS key), the
    # paragraph number (non-empty lines, from 1) and the words around it as the report wrote them.
    part: str | None = None
    paragraph: int | None = None
    context: str = ""


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
    year_source: str | None = None  # title | body | metadata: where report_year was read
    agency_source: str | None = None  # title | body | metadata
    text: str = field(default="", repr=False)  # the text as read (not in the JSON)

    def summary(self) -> dict[str, Any]:
        """Counts by severity, and the info-level notes grouped by kind (one line per kind)."""
        counts = {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}
        notes: dict[str, dict[str, Any]] = {}
        for f in self.findings:
            if f.severity != "info":
                continue
            group = notes.setdefault(
                f.kind, {"kind": f.kind, "label": KIND_LABELS.get(f.kind, f.kind), "count": 0}
            )
            group["count"] += 1
            group.setdefault("first", f.message)
            group.setdefault("places", []).append(f.paragraph)
        return {**counts, "info_groups": list(notes.values())}

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("text")
        data["published"] = self.published.isoformat() if self.published else None
        data["summary"] = self.summary()
        if self.error is None:
            data.pop("error")
        return data


SEVERITIES = ("error", "warning", "info")


KIND_LABELS = {
    "missing_part": "缺少必备部分",
    "part_incomplete": "部分内容不全",
    "numbering_gap": "编号不连续",
    "numbering_repeat": "编号重复",
    "numbering_style": "编号格式不一",
    "rate_mismatch": "比率与数字不符",
    "rate_needs_review": "比率需核实",
    "sum_mismatch": "合计与分项不符",
    "breakdown_incomplete": "分项不全",
    "count_mismatch": "数量与列举不符",
    "duplicate": "重复",
    "stray": "多余字符",
    "chrome": "网页残留",
    "empty_metadata": "空元数据行",
    "typo": "错别字",
    "term": "术语误用",
    "truncated": "缺字",
    "partial_period": "非全年数据",
    "published_before_period_end": "年度未结束即发布",
    "published_late": "逾期公开",
    "runon": "缺少句号",
    "punct": "标点",
    "style": "格式",
    "unbalanced": "括号引号不配对",
    "title_misquoted": "法规文件名称有误",
    "period_word": "时间用语不当",
    "year_mismatch": "年份与报告年度不符",
    "missing_number": "缺少数字",
}
