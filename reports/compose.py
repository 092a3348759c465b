"""Composing the annual report: figures from the indicators, text from the officer.

Three steps, each a plain function:

1. ``generate(agency, year)`` evaluates every indicator the template uses (each once per scope
   and year) and fills the generated sentences and tables. The result is JSON-ready and is what
   ``AnnualReport.generated`` stores; numbers keep the indicator key, agency and year they came
   from, so every printed number can link to the records behind it.
2. ``assemble(...)`` merges those blocks with the narrative text into a document tree (also
   JSON-ready: versions store it), dropping what has no data and flagging what is missing.
3. ``to_export(doc, link)`` turns the tree into ``reports.export`` objects for .docx, HTML,
   Markdown and PDF; ``link(run)`` gives the URL of a number's records (or ``None``).
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from core.indicators import batch
from core.periods import Period
from indicators import catalogue
from indicators.catalogue import COUNT
from indicators.values import Value, evaluate, format_number, year_on_year
from reports import export
from reports.template import (
    CURRENT,
    Generated,
    Narrative,
    Part,
    Sentence,
    TableBlock,
    Template,
    get_template,
)

#: Rates a shortcoming hint is given for when they fall short of 100%.
HINT_RATES = (
    "random_completion_rate",
    "random_closure_rate",
    "result_publication_rate",
    "rectification_completion_rate",
    "case_closure_rate",
    "legal_review_rate",
    "publicity_rate",
    "complaint_closure_rate",
    "on_time_rate",
)


def approx_text(n: int) -> str:
    """A count rounded down the way reports write it: 1286 → 1200余, 12860 → 1.2万余, 86 → 86."""
    n = int(n)
    if n < 100:
        return str(n)
    if n >= 10000:
        tenths = n // 1000  # 万 with one decimal
        text = f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"
        return f"{text}万余" if tenths * 1000 < n else f"{text}万"
    step = 10 ** (len(str(n)) - 2)
    rounded = n // step * step
    return f"{rounded}余" if rounded < n else str(n)


def _plain_int(value: Any) -> str:
    return str(int(Decimal(value)))


class Figures:
    """Evaluates indicators for one scope and year, each (key, agency, year) once."""

    def __init__(self, agency: Any, year: int):
        self.agency = agency
        self.year = year
        self._cache: dict[tuple[str, int, int], Value] = {}

    def value(self, key: str, agency: Any = None, year: int | None = None) -> Value:
        agency = agency or self.agency
        year = year or self.year
        ck = (key, agency.pk, year)
        if ck not in self._cache:
            self._cache[ck] = evaluate(key, agency, Period.year(year))
        return self._cache[ck]

    def previous(self, key: str, agency: Any = None) -> Value:
        return self.value(key, agency, self.year - 1)

    def yoy(self, key: str, agency: Any = None) -> str:
        """Change on the previous year, only when the previous year has records to compare."""
        return year_on_year(self.value(key, agency), self.previous(key, agency))


def value_text(v: Value, spec: str = "") -> str:
    """The printed form of a value for a placeholder format (see ``reports.template``)."""
    m = v.measure
    if spec == "num":
        return _plain_int(m.numerator)
    if spec == "den":
        return _plain_int(m.denominator)
    if spec == "approx" and v.definition.kind == COUNT:
        return f"{approx_text(v.value)}{v.definition.unit}"
    text = format_number(v.value, v.definition)
    if m is not None and m.approx and v.definition.kind == COUNT:
        text = text.removesuffix(v.definition.unit) + "余" + v.definition.unit
    return text


def _available(v: Value, spec: str) -> bool:
    if not v.has_data:
        return False
    if spec in ("num", "den"):
        part = v.measure.numerator if spec == "num" else v.measure.denominator
        return part is not None
    return True


def _run(
    text: str, key: str = "", agency: Any = None, year: int | None = None, part: str = ""
) -> dict:
    run: dict[str, Any] = {"t": text}
    if key:
        run.update(key=key, agency=agency.code, year=year)
    if part:
        run["part"] = part
    return run


def _context(agency: Any, year: int) -> dict[str, Any]:
    return {"year": year, "next_year": year + 1, "agency": agency.name}


def _fill(
    text: str, fig: Figures, ctx: dict, parts: dict[str, tuple[str, Value]] | None = None
) -> list[dict]:
    """The runs of ``text``; ``parts`` maps an indicator to the part printed instead of it."""
    runs: list[dict] = []
    for literal, name, spec, _ in string.Formatter().parse(text):
        if literal:
            runs.append(_run(literal))
        if name is None:
            continue
        if name in ctx:
            runs.append(_run(str(ctx[name])))
        elif parts and name in parts:
            part, v = parts[name]
            runs.append(_run(value_text(v, spec or ""), name, fig.agency, fig.year, part))
        else:
            runs.append(_run(value_text(fig.value(name), spec or ""), name, fig.agency, fig.year))
    return runs


def _each(s: Sentence, fig: Figures, ctx: dict) -> list[dict] | None:
    """An ``each`` sentence: ``lead`` and the text once per part with data, or ``None`` when the
    figure has fewer than two such parts (one part would only repeat the whole)."""
    whole = fig.value(s.each)
    parts = [
        (key, label, v)
        for key, label, v in whole.parts()
        if all(_available(v, spec) for k, spec in s.fields if k == s.each)
    ]
    if len(parts) < 2:
        return None
    runs = [_run(s.lead)] if s.lead else []
    for i, (key, label, v) in enumerate(parts):
        if i:
            runs.append(_run("；"))
        runs += _fill(s.text, fig, {**ctx, "part": label}, {s.each: (key, v)})
    runs.append(_run("。"))
    return runs


def _sentence(s: Sentence, fig: Figures) -> tuple[list[dict] | None, list[str]]:
    """The runs of one sentence, or ``None`` with the keys that have no data."""
    missing = [k for k, spec in s.fields if not _available(fig.value(k), spec)]
    if missing:
        return None, missing
    ctx = _context(fig.agency, fig.year)
    if s.each:
        return _each(s, fig, ctx), []
    runs = _fill(s.text, fig, ctx)
    if s.yoy and (words := fig.yoy(s.yoy)):
        last = runs[-1]
        if not last.get("key") and last["t"].endswith("。"):
            last["t"] = last["t"][:-1]
            runs.append(_run(f"，{words}。"))
    return runs, []


def _generated(block: Generated, fig: Figures) -> dict:
    unconnected = [k for k in block.indicators if not catalogue.get(k).connected]
    sentences, missing = [], []
    for s in block.sentences:
        runs, gaps = _sentence(s, fig)
        if runs is None:
            missing.extend(g for g in gaps if g not in unconnected)
        else:
            sentences.append(runs)
    if sentences:
        status = "partial" if missing or unconnected else "ok"
    else:
        status = "unconnected" if len(unconnected) == len(block.indicators) else "empty"
    return {
        "kind": "generated",
        "status": status,
        "sentences": sentences,
        "missing": list(dict.fromkeys(missing)),
        "unconnected": unconnected,
    }


def _key_figures(block: TableBlock, fig: Figures) -> dict:
    rows = []
    for key in block.indicators:
        d = catalogue.get(key)
        cur = fig.value(key)
        if not (d.connected and cur.has_data):
            continue
        prev = fig.previous(key)
        words = fig.yoy(key)
        rows.append(
            [
                _run(d.name),
                _run(cur.text, key, fig.agency, fig.year),
                _run(prev.text, key, fig.agency, fig.year - 1) if words else _run("—"),
                _run(words.removeprefix("较上年") if words else "—"),
            ]
        )
    header = ["指标", f"{fig.year}年", f"{fig.year - 1}年", "较上年"]
    return {"kind": "table", "status": "ok" if rows else "empty", "header": header, "rows": rows}


def _by_agency(block: TableBlock, fig: Figures) -> dict:
    from core.models import Agency

    keys = [k for k in block.indicators if catalogue.get(k).connected]
    children = list(Agency.objects.filter(parent=fig.agency).order_by("path"))
    if not children or not keys:
        return {"kind": "table", "status": "none" if not children else "unconnected", "rows": []}
    header = ["单位"] + [f"{catalogue.get(k).name}" for k in keys]
    rows = []
    for child in children:
        cells = [_run(child.name)]
        for k in keys:
            v = fig.value(k, child)
            cells.append(_run(v.text, k, child, fig.year) if v.has_data else _run("—"))
        rows.append(cells)
    return {"kind": "table", "status": "ok", "header": header, "rows": rows}


TABLES = {"key_figures": _key_figures, "by_agency": _by_agency}


def hints(fig: Figures) -> list[str]:
    """数据提示 for the shortcomings part: connected rates below 100%, with their parts."""
    out = []
    for key in HINT_RATES:
        d = catalogue.get(key)
        if not d.connected:
            continue
        v = fig.value(key)
        if v.has_data and Decimal(v.value) < 100:
            m = v.measure
            gap = int(m.denominator) - int(m.numerator)
            out.append(
                f"{d.name}为{v.text}（{d.numerator}{_plain_int(m.numerator)}，"
                f"{d.denominator}{_plain_int(m.denominator)}，相差{gap}）。"
            )
    return out


def generate(agency: Any, year: int, template: Template | None = None) -> dict:
    """Every generated block and table of the template for ``agency`` (and below) in ``year``."""
    template = template or get_template()
    fig = Figures(agency, year)
    blocks: dict[str, dict] = {}
    with batch():  # indicators counting the same rows count them once
        for b in template.blocks():
            if isinstance(b, Generated):
                blocks[b.key] = _generated(b, fig)
            elif isinstance(b, TableBlock):
                blocks[b.key] = TABLES[b.table](b, fig)
        hint_list = hints(fig)
    return {
        "template": template.version,
        "agency": agency.code,
        "year": year,
        "blocks": blocks,
        "hints": hint_list,
    }


# --- Assembling the document tree ---------------------------------------------------------------


@dataclass
class Flag:
    """Something the officer should see in the editor (never printed in the report)."""

    block: str
    level: str  # "required" (blocks 提交审核) | "warning" | "info"
    message: str


@dataclass
class Assembly:
    document: dict
    flags: list[Flag] = field(default_factory=list)


def _narrative_paragraphs(text: str) -> list[dict]:
    return [
        {"type": "p", "runs": [_run(line.strip())]} for line in text.splitlines() if line.strip()
    ]


def _fmt(text: str, ctx: dict) -> str:
    return text.format(**ctx)


def narrative_text(block: Narrative, narratives: dict[str, str], ctx: dict) -> str:
    """The officer's text, or the block's default wording when it was never edited."""
    if block.key in narratives:
        return narratives[block.key]
    return _fmt(block.default, ctx) if block.default else ""


def _section(
    part: Part, generated: dict, narratives: dict, ctx: dict, flags: list, top: bool = False
) -> dict | None:
    from indicators.catalogue import SOURCES

    blocks: list[dict] = []
    for b in part.blocks:
        if isinstance(b, Narrative):
            text = narrative_text(b, narratives, ctx).strip()
            if text:
                blocks.extend(_narrative_paragraphs(text))
            elif b.required:
                blocks.append({"type": "note", "text": f"【待填写】{b.title}：{b.guidance}"})
                flags.append(Flag(b.key, "required", f"必填段落“{b.title}”尚未填写。"))
        elif isinstance(b, Generated):
            g = generated.get("blocks", {}).get(b.key)
            if g is None:
                continue
            if g["sentences"]:
                runs = [r for s in g["sentences"] for r in s]
                blocks.append({"type": "p", "runs": runs})
            if g["status"] == "unconnected":
                src = SOURCES.get(part.source, part.source)
                flags.append(
                    Flag(
                        b.key,
                        "info",
                        f"本部分的数据来源（{src}）尚未接入系统，数据段落不生成；请在叙述段落中据实填写。",
                    )
                )
            elif g["status"] == "empty":
                flags.append(Flag(b.key, "warning", "本部分指标本年度没有数据，数据段落未生成。"))
            elif g["missing"]:
                names = "、".join(catalogue.get(k).name for k in g["missing"])
                flags.append(
                    Flag(b.key, "info", f"以下指标本年度没有数据，相关语句未生成：{names}。")
                )
        elif isinstance(b, TableBlock):
            t = generated.get("blocks", {}).get(b.key)
            if t and t["status"] == "ok":
                blocks.append(
                    {
                        "type": "table",
                        "caption": _fmt(b.caption, ctx),
                        "header": t["header"],
                        "rows": t["rows"],
                    }
                )
    children = [c for p in part.children if (c := _section(p, generated, narratives, ctx, flags))]
    if not blocks and not children and not (top and part.required):
        return None
    return {
        "heading": _fmt(part.heading, ctx),
        "part": part.part,
        "key": part.key,
        "blocks": blocks,
        "children": children,
    }


def assemble(
    *,
    agency: Any,
    year: int,
    generated: dict,
    narratives: dict[str, str],
    date: datetime.date,
    template: Template | None = None,
) -> Assembly:
    """The report as a JSON-ready tree: title, preamble, numbered-by-the-writer sections."""
    template = template or get_template(generated.get("template") or CURRENT)
    ctx = _context(agency, year)
    flags: list[Flag] = []
    sections = [
        s for p in template.parts if (s := _section(p, generated, narratives, ctx, flags, top=True))
    ]
    preamble = _narrative_paragraphs(narrative_text(template.preamble, narratives, ctx))
    doc = {
        "title": _fmt(template.title, ctx),
        "agency": agency.name,
        "agency_code": agency.code,
        "year": year,
        "date": date.isoformat(),
        "template": template.version,
        "preamble": preamble,
        "sections": sections,
    }
    return Assembly(doc, flags)


# --- To the export model --------------------------------------------------------------------------


def record_link(run: dict, base_url: str = "") -> str | None:
    """The page listing the records behind a printed number (indicator page for scope and year)."""
    if not run.get("key"):
        return None
    path = reverse("indicators:indicator", args=[run["key"]])
    query = {"agency": run["agency"], "year": run["year"]}
    if run.get("part"):  # one part of the figure (公共场所 of 监督覆盖率): that part's records
        query["part"] = run["part"]
    return f"{base_url.rstrip('/')}{path}?{urlencode(query)}"


def _runs(runs: list[dict], link: Callable[[dict], str | None]) -> list[export.Run]:
    return [export.Run(r["t"], href=link(r)) for r in runs]


def _blocks(blocks: list[dict], link) -> list:
    out: list = []
    for b in blocks:
        if b["type"] == "p":
            out.append(export.Paragraph(tuple(_runs(b["runs"], link))))
        elif b["type"] == "note":
            out.append(export.Note(b["text"]))
        elif b["type"] == "table":
            rows = tuple(
                tuple(export.Run(c["t"], href=link(c)) if c.get("key") else c["t"] for c in row)
                for row in b["rows"]
            )
            out.append(export.Table(b["caption"], tuple(b["header"]), rows))
    return out


def _export_section(s: dict, link, level: int = 1) -> export.Section:
    return export.Section(
        s["heading"],
        blocks=tuple(_blocks(s["blocks"], link)),
        children=tuple(_export_section(c, link, level + 1) for c in s["children"]),
        level=level,
    )


def to_export(doc: dict, link: Callable[[dict], str | None] = lambda run: None) -> export.Document:
    return export.Document(
        title=doc["title"],
        agency=doc["agency"],
        year=doc["year"],
        date=datetime.date.fromisoformat(doc["date"]),
        parts=tuple(_export_section(s, link) for s in doc["sections"]),
        preamble=tuple(_blocks(doc["preamble"], link)),
    )
