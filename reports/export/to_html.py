"""HTML 版: one standalone HTML5 page (inline CSS, no script, no external resource).

Served by Fazhi itself (the preview, the public portal) the page links the same stylesheet
instead (``stylesheet=``), since the site's Content-Security-Policy refuses inline styles.

The title is ``<h1>``; a level-n heading is ``<h{n+1}>`` with its number in the text. Inline
elements are written without surrounding whitespace, so a plain HTML-to-text reader reads
“共检查<a>1,286</a>户次” back as “共检查1,286户次”. Class names avoid words such as header, footer,
top or print that text extractors treat as page furniture.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from reports.export.model import Block, Cell, Document, Note, Paragraph, Run, Table
from reports.export.numbering import format_date, numbered_sections

#: One stylesheet for both forms of the page: inlined in the standalone file, linked when Fazhi
#: serves the page (its Content-Security-Policy allows no inline style). ``STYLESHEET`` is its
#: static file name, for ``static()`` in the views that link it.
STYLESHEET = "reports/report.css"
CSS_FILE = Path(__file__).resolve().parent.parent / "static" / STYLESHEET
CSS = CSS_FILE.read_text(encoding="utf-8").strip()


def _runs(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        text = escape(run.text)
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.href:
            text = f'<a href="{escape(run.href, quote=True)}">{text}</a>'
        out.append(text)
    return "".join(out)


def _cell(cell: Cell) -> str:
    return _runs((cell,)) if isinstance(cell, Run) else escape(cell)


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_runs(block.runs)}</p>"
    if isinstance(block, Note):
        return f'<p class="note" role="note">{escape(block.text)}</p>'
    if isinstance(block, Table):
        lines = ["<table>", f"<caption>{escape(block.caption)}</caption>"]
        head = "".join(f'<th scope="col">{_cell(c)}</th>' for c in block.header)
        lines.append(f"<thead><tr>{head}</tr></thead>")
        lines.append("<tbody>")
        for row in block.rows:
            lines.append("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>")
        lines.append("</tbody>")
        lines.append("</table>")
        if block.note:
            lines.append(f'<p class="table-note">注：{escape(block.note)}</p>')
        return "\n".join(lines)
    raise TypeError(f"unknown block type {type(block).__name__}")


def render_html(doc: Document, *, stylesheet: str = "", header: str = "") -> str:
    """The report as a complete HTML5 document (lang zh-CN, UTF-8); CSS inline, or linked from
    ``stylesheet`` when given. ``header`` is markup put before the report (a site's navigation
    when the report is shown on a web page); the caller escapes it."""
    title = escape(doc.title)
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="author" content="{escape(doc.agency, quote=True)}">',
        f"<title>{title}</title>",
        (
            f'<link rel="stylesheet" href="{escape(stylesheet, quote=True)}">'
            if stylesheet
            else f"<style>\n{CSS}\n</style>"
        ),
        "</head>",
        "<body>",
        *([header] if header else []),
        "<main>",
        f"<h1>{title}</h1>",
    ]
    out.extend(_block(b) for b in doc.preamble)
    for label, section, depth in numbered_sections(doc):
        tag = f"h{depth + 1}"
        out.append(f"<{tag}>{escape(label + section.heading)}</{tag}>")
        out.extend(_block(b) for b in section.blocks)
    out.append(f'<p class="signature agency">{escape(doc.agency)}</p>')
    out.append(f'<p class="signature date">{escape(format_date(doc.date))}</p>')
    out.extend(["</main>", "</body>", "</html>", ""])
    return "\n".join(out)
