"""HTML 版: one standalone HTML5 page (inline CSS, no script, no external resource).

The title is ``<h1>``; a level-n heading is ``<h{n+1}>`` with its number in the text. Inline
elements are written without surrounding whitespace, so a plain HTML-to-text reader reads
“共检查<a>1,286</a>户次” back as “共检查1,286户次”. Class names avoid words such as header, footer,
top or print that text extractors treat as page furniture.
"""

from __future__ import annotations

from html import escape

from reports.export.model import Block, Cell, Document, Note, Paragraph, Run, Table
from reports.export.numbering import format_date, numbered_sections

CSS = """
body{margin:0;background:#f4f4f4;color:#111;}
main{max-width:45em;margin:2em auto;padding:3em 3.5em;background:#fff;
font-family:"仿宋_GB2312","FangSong_GB2312","仿宋","FangSong","STFangsong",serif;
font-size:16pt;line-height:28pt;}
h1{font-family:"方正小标宋简体","FZXiaoBiaoSong-B05S","SimSun","Noto Serif CJK SC",serif;
font-size:22pt;line-height:1.5;font-weight:normal;text-align:center;margin:0 0 28pt;}
h2,h3,h4,h5{font-size:16pt;line-height:28pt;margin:0;text-indent:2em;}
h2{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;font-weight:normal;}
h3{font-family:"楷体_GB2312","KaiTi_GB2312","楷体","KaiTi","STKaiti",serif;font-weight:normal;}
h4,h5{font-weight:bold;}
p{margin:0;text-indent:2em;text-align:justify;}
p.note{text-indent:0;margin:0.5em 0;padding:0.2em 0.6em;border-left:4px solid #c90;
background:#fff8e1;color:#6d4c00;font-style:italic;font-size:14pt;}
table{border-collapse:collapse;margin:0.5em auto;font-size:14pt;line-height:1.5;}
caption{font-weight:bold;padding:0.3em;}
th,td{border:1px solid #333;padding:0.1em 0.5em;}
th{font-weight:bold;background:#f0f0f0;}
p.table-note{text-indent:0;font-size:14pt;}
.signature{text-align:right;text-indent:0;padding-right:2em;}
p.signature.agency{margin-top:56pt;}
""".strip()


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


def render_html(doc: Document) -> str:
    """The report as a complete HTML5 document (lang zh-CN, UTF-8)."""
    title = escape(doc.title)
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="author" content="{escape(doc.agency, quote=True)}">',
        f"<title>{title}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
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
