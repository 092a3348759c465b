"""Comparison of many reports: agencies × indicators, findings counts, and text reused across
reports. Pure Python (no Django): the CLI and the page share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from review.engine.catalogue import CATALOGUE
from review.engine.model import Report


@dataclass
class Table:
    columns: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"columns": self.columns, "headers": self.headers, "rows": self.rows}

    @classmethod
    def from_json(cls, data: dict) -> Table:
        return cls(list(data["columns"]), list(data["rows"]), dict(data["headers"]))


def _family(unit: str) -> str:
    """Rates, money and counts of one indicator go to separate columns."""
    if unit in ("%", "‰"):
        return "rate"
    if unit.endswith("元"):
        return "money"
    return "count"


FAMILY_SUFFIX = {"rate": "（比率）", "money": "（金额）", "count": "（数量）"}


def compare(reports: list[Report]) -> Table:
    """One row per report: metadata, findings by severity, the first figure per indicator column.

    A column holds one kind of figure (a rate, an amount or a count) of one indicator, so “87人”
    never lands under a rate; each value is shown as the report wrote it (“600余人次”).
    """
    names = {key: name for key, name, _w, _u in CATALOGUE}
    families: dict[str, set[str]] = {}
    for r in reports:
        for f in r.facts:
            if f.indicator:
                families.setdefault(f.indicator, set()).add(_family(f.unit))
    used: list[str] = []
    headers = {
        "source": "文件",
        "agency": "机构",
        "report_year": "年度",
        "published": "发布日期",
        "errors": "错误",
        "warnings": "警告",
        "reused": "雷同句子占比",
    }
    for key, *_ in CATALOGUE:
        for fam in ("count", "rate", "money"):
            if fam in families.get(key, ()):
                col = f"{key}:{fam}"
                used.append(col)
                suffix = FAMILY_SUFFIX[fam] if len(families[key]) > 1 else ""
                headers[col] = names[key] + suffix
    reuse = reused_text(reports) if len(reports) > 1 else {}
    table = Table(
        columns=["source", "agency", "report_year", "published", "errors", "warnings"]
        + (["reused"] if reuse else [])
        + used,
        headers=headers,
    )
    for i, r in enumerate(reports):
        row = {
            "source": r.source,
            "agency": r.agency or r.title,
            "report_year": r.report_year,
            "published": r.published.isoformat() if r.published else "",
            "errors": sum(f.severity == "error" for f in r.findings),
            "warnings": sum(f.severity == "warning" for f in r.findings),
        }
        if reuse:
            share = reuse[i]["share"]
            row["reused"] = f"{share:.0%}" if share else ""
        if r.error:
            row["agency"] = f"（无法读取：{r.error}）"
        for col in used:
            key, fam = col.split(":")
            fact = next((f for f in r.facts if f.indicator == key and _family(f.unit) == fam), None)
            row[col] = fact.span.replace(" ", "") if fact else ""
        table.rows.append(row)
    return table


def write_xlsx(table: Table, path, reuse: list[dict] | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from core.cells import xlsx_row

    wb = Workbook()
    ws = wb.active
    ws.title = "报告对比"
    ws.append(xlsx_row(ws, [table.headers.get(c, c) for c in table.columns]))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        # Titles and agencies come from the reports read: text, never a formula.
        ws.append(xlsx_row(ws, [row.get(c, "") for c in table.columns]))
    ws.freeze_panes = "C2"
    if reuse and any(r["passages"] for r in reuse):
        ws2 = wb.create_sheet("雷同段落")
        ws2.append(xlsx_row(ws2, ["文件", "雷同句子占比", "雷同段落", "相同内容见于"]))
        for cell in ws2[1]:
            cell.font = Font(bold=True)
        for r in reuse:
            for p in r["passages"]:
                ws2.append(xlsx_row(ws2, [r["source"], f"{r['share']:.0%}", p["text"], p["other"]]))
    wb.save(path)


# --- text reused across reports ----------------------------------------------------------------

SENTENCE_RE = re.compile(r"[^。！？；\n]+")
# Sentences every report shares by genre (the guiding-thought opening, headings) are not copying;
# only sentences long enough to be someone's own wording count.
MIN_SENTENCE = 20
SHINGLE = 8  # characters per shingle


def _sentences(report: Report, text: str) -> list[tuple[int, int, str]]:
    """Sentences long enough to be an agency's own wording; headings and the title excluded
    (every report names the mandated parts the same way)."""
    skip = [(s.start, s.start + len(s.number) + len(s.heading) + 1) for s in report.sections]
    if report.title:
        at = text.find(report.title[:8])
        if at != -1:
            skip.append((at, at + len(report.title) + 2))
    out = []
    for m in SENTENCE_RE.finditer(text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        core = re.sub(r"[\s，、：:,“”《》（）()0-9.%]", "", m[0])
        if len(core) >= MIN_SENTENCE:
            out.append((m.start(), m.end(), core))
    return out


def _shingles(core: str) -> set[str]:
    return {core[i : i + SHINGLE] for i in range(0, max(1, len(core) - SHINGLE + 1), 2)}


def reused_text(
    reports: list[Report], texts: list[str] | None = None, threshold: float = 0.6
) -> list[dict]:
    """For each report, its sentences also found (≥ ``threshold`` of their 8-character shingles)
    in another report, with the share of its sentences reused and passages (runs of reused
    sentences) naming the other report. ``texts`` default to the reports' own texts.
    """
    texts = texts if texts is not None else [r.text for r in reports]
    sents = [_sentences(r, t) for r, t in zip(reports, texts, strict=True)]
    index: dict[str, set[int]] = {}
    shingled = []
    for i, ss in enumerate(sents):
        rows = []
        for _a, _b, core in ss:
            sh = _shingles(core)
            rows.append(sh)
            for s in sh:
                index.setdefault(s, set()).add(i)
        shingled.append(rows)
    out = []
    for i, ss in enumerate(sents):
        hits: list[tuple[int, int, str]] = []
        for (a, b, _core), sh in zip(ss, shingled[i], strict=True):
            counts: dict[int, int] = {}
            for s in sh:
                for j in index.get(s, ()):
                    if j != i:
                        counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            j, n = max(counts.items(), key=lambda kv: kv[1])
            if n >= threshold * len(sh):
                hits.append((a, b, reports[j].source))
        passages = []
        for a, b, other in hits:
            if (
                passages
                and passages[-1]["other"] == other
                and _adjacent(texts[i], passages[-1]["end"], a)
            ):
                passages[-1]["end"] = b
                passages[-1]["sentences"] += 1
            else:
                passages.append({"start": a, "end": b, "other": other, "sentences": 1})
        for p in passages:
            p["text"] = texts[i][p["start"] : p["end"]][:200]
        out.append(
            {
                "source": reports[i].source,
                "sentences": len(ss),
                "reused": len(hits),
                "share": round(len(hits) / len(ss), 3) if ss else 0.0,
                "passages": passages,
            }
        )
    return out


def _adjacent(text: str, end: int, start: int) -> bool:
    return start - end <= 3 and not text[end:start].strip("。！？；\n ")
