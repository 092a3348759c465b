"""报告导出: the annual 法治政府建设情况报告 as .docx, HTML, Markdown and PDF.

Pure Python, no Django: the ``reports`` app builds a ``Document`` from its records and hands it
here; a command or a view writes the result.

Model (frozen dataclasses, ``model.py``)::

    Document(title, agency, year, date, parts, preamble=())
    Section(heading, blocks=(), children=(), level=1)   # parts are level-1 sections
    Paragraph(runs) / Paragraph.of("共检查", Run("1,286", href="https://…"), "户次")
    Run(text, href=None, bold=False)
    Table(caption, header, rows, note=None)              # cells are str or Run
    Note(text)                                           # editorial note, e.g. 本部分数据未接入

Headings are numbered by the writers (``numbering.py``), never by the caller: level 1 一、,
level 2 （一）, level 3 1., level 4 （1） (GB/T 9704-2012 7.3.3). A heading that already starts with
a number raises ``ValueError``; numbers run from 1 to 99 (九十九), beyond which ``ValueError``.
``numbered_sections(doc)`` yields ``(label, section, depth)`` in reading order for every writer.

Writers:

- ``write_docx(doc, path_or_stream)`` (``to_docx.py``): GB/T 9704-2012 layout — A4, margins
  37/35/28/26 mm, title 方正小标宋简体 2号, body 仿宋_GB2312 3号 with fixed 28 pt lines and a
  two-character first-line indent, headings 黑体 / 楷体_GB2312 / 仿宋 bold, captioned tables with
  borders and a bold header row, page numbers “— 1 —”, 署名 and 成文日期 at the end. East Asian font
  names are set in ``w:eastAsia``; the machine that renders substitutes fonts it lacks. Runs are
  condensed by 0.25 pt so that 28 characters fill the 156 mm line, as the standard asks (a 16 pt
  glyph only fits 27 times); 22 lines of 28 pt fill the 225 mm 版心. Links are real hyperlinks.
  ``build_docx(doc)`` returns the python-docx document unsaved.
- ``render_html(doc) -> str`` (``to_html.py``): a standalone HTML5 page, inline CSS, no script;
  notes are ``<p class="note">``. ``render_html(doc, stylesheet=url)`` links the stylesheet
  instead; ``STYLESHEET`` is its static file name (``static(STYLESHEET)`` gives the URL).
- ``render_markdown(doc) -> str`` (``to_markdown.py``): ``#`` title, ``## 一、…``, pipe tables,
  notes as ``> ``.
- ``convert_docx_to_pdf(docx_path, out_dir, *, soffice=None, timeout=120) -> Path`` and
  ``render_first_page_png(pdf_path, out_png, *, dpi=100, pdftoppm=None) -> Path``
  (``to_pdf.py``): LibreOffice headless with a private profile per run, poppler's pdftoppm;
  failures raise ``ExportError`` with a Chinese message.
"""

from reports.export.model import Block, Cell, Document, Note, Paragraph, Run, Section, Table
from reports.export.numbering import cn_numeral, format_date, heading_label, numbered_sections
from reports.export.to_docx import build_docx, write_docx
from reports.export.to_html import STYLESHEET, render_html
from reports.export.to_markdown import render_markdown
from reports.export.to_pdf import ExportError, convert_docx_to_pdf, render_first_page_png

__all__ = [
    "STYLESHEET",
    "Block",
    "Cell",
    "Document",
    "ExportError",
    "Note",
    "Paragraph",
    "Run",
    "Section",
    "Table",
    "build_docx",
    "cn_numeral",
    "convert_docx_to_pdf",
    "format_date",
    "heading_label",
    "numbered_sections",
    "render_first_page_png",
    "render_html",
    "render_markdown",
    "write_docx",
]
