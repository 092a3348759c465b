"""Markdown 版: ``# 标题``, numbered headings from ``##``, pipe tables, notes as ``> ``."""

from __future__ import annotations

import re

from reports.export.model import Block, Cell, Document, Note, Paragraph, Run, Table
from reports.export.numbering import format_date, numbered_sections

_INLINE = re.compile(r"([\\`*_\[\]<>])")
# Line starts that Markdown would read as a heading, quote, list item or rule.
_LINE_START = re.compile(r"^([#>+\-=]|\d+[.)])")


def _escape(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    return text.replace("\r", "").replace("\n", " ")


def _escape_start(line: str) -> str:
    m = _LINE_START.match(line)
    if not m:
        return line
    lead = m.group(1)
    return (lead[:-1] + "\\" + lead[-1] if lead[0].isdigit() else "\\" + lead) + line[len(lead) :]


def _url(href: str) -> str:
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _runs(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        text = _escape(run.text)
        if run.bold and text.strip():
            text = f"**{text}**"
        if run.href:
            text = f"[{text}]({_url(run.href)})"
        out.append(text)
    return "".join(out)


def _cell(cell: Cell) -> str:
    text = _runs((cell,)) if isinstance(cell, Run) else _escape(cell)
    return text.replace("|", "\\|")


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _escape_start(_runs(block.runs))
    if isinstance(block, Note):
        return f"> {_escape(block.text)}"
    if isinstance(block, Table):
        lines = [f"**{_escape(block.caption)}**", ""]
        lines.append("| " + " | ".join(_cell(c) for c in block.header) + " |")
        lines.append("|" + "---|" * len(block.header))
        lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows)
        if block.note:
            lines.extend(["", f"注：{_escape(block.note)}"])
        return "\n".join(lines)
    raise TypeError(f"unknown block type {type(block).__name__}")


def render_markdown(doc: Document) -> str:
    """The report as CommonMark/GFM text."""
    out = [f"# {_escape(doc.title)}"]
    out.extend(_block(b) for b in doc.preamble)
    for label, section, depth in numbered_sections(doc):
        out.append(f"{'#' * (depth + 1)} {label}{_escape(section.heading)}")
        out.extend(_block(b) for b in section.blocks)
    out.append(_escape(doc.agency))
    out.append(format_date(doc.date))
    return "\n\n".join(out) + "\n"
