"""The layout of the shipped 执法文书 templates: A4 with the GB/T 9704 margins, the agency's name
and the document's title centred in 小标宋, the number right-aligned under it, then 仿宋 text,
tables with borders and signature lines. Used by each app's template builder
(``supervision/document_templates/build.py``) to write its default .docx templates, whose
placeholders the printing fills (``core.documents``).
"""

from __future__ import annotations

from collections.abc import Sequence

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(14)  # 4号: a form's text, denser than a report's 3号
CELL_SIZE = Pt(12)  # 小4号


def _fonts(run, east_asia: str) -> None:
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def new_document(*, landscape: bool = False) -> docx.document.Document:
    """An empty A4 document with the GB/T 9704 margins and 仿宋 as the normal font; a wide
    list (抽查名单) is landscape, with 25 mm margins."""
    document = docx.Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin = section.bottom_margin = Mm(25)
        section.left_margin = section.right_margin = Mm(25)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing = Pt(26)
    return document


def paragraph(
    document,
    text: str = "",
    *,
    align=WD_ALIGN_PARAGRAPH.LEFT,
    font: str = BODY_FONT,
    size=BODY_SIZE,
    bold: bool = False,
    before: float = 0,
    after: float = 0,
    indent: bool = False,
):
    p = document.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(after)
    if indent:
        p.paragraph_format.first_line_indent = Pt(2 * size.pt)
    if text:
        run = p.add_run(text)
        run.font.size = size
        run.bold = bold
        _fonts(run, font)
    return p


def heading(document, title: str, *, number: str | None = "{{ number }}") -> None:
    """{{ agency_name }} and the title, centred in 小标宋; the number right-aligned below."""
    paragraph(
        document, "{{ agency_name }}", align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT,
        size=TITLE_SIZE,
    )  # fmt: skip
    paragraph(
        document, title, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=TITLE_SIZE,
        after=6,
    )  # fmt: skip
    if number:
        paragraph(document, number, align=WD_ALIGN_PARAGRAPH.RIGHT, after=6)


def _borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def _grid(table, widths) -> None:
    """Column widths in the table grid too: LibreOffice reads those, Word the cells'."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _cell_text(cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.line_spacing = Pt(20)
    run = p.add_run(text)
    run.font.size = CELL_SIZE
    run.bold = bold
    _fonts(run, BODY_FONT)


def field_table(document, rows: Sequence[tuple[str, str]], widths=None) -> None:
    """A two-column table: label (bold) | value placeholder; ``widths`` in Length."""
    widths = widths or (Mm(48), Mm(108))
    table = document.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    for label, value in rows:
        cells = table.add_row().cells
        _cell_text(cells[0], label, bold=True, center=True)
        _cell_text(cells[1], value)
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
    _grid(table, widths)


def list_table(
    document,
    loop: str,
    columns: Sequence[tuple[str, str, float]],
    *,
    empty: str | None = None,
) -> None:
    """A table with a header row and one row per item: ``loop`` is ``"f in findings"``,
    ``columns`` (header, cell placeholder, width in mm). ``empty``: a row shown without items."""
    table = document.add_table(rows=0, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    header = table.add_row().cells
    for cell, (title, _, width) in zip(header, columns, strict=True):
        _cell_text(cell, title, bold=True, center=True)
        cell.width = Mm(width)
    items = loop.split(" in ", 1)[1]
    if empty:
        first = table.add_row().cells
        _cell_text(first[0], f"{{%tr if not {items} %}}")
        row = table.add_row().cells
        merged = row[0].merge(row[-1])
        _cell_text(merged, empty, center=True)
        last = table.add_row().cells
        _cell_text(last[0], "{%tr endif %}")
    opening = table.add_row().cells
    _cell_text(opening[0], f"{{%tr for {loop} %}}")
    row = table.add_row().cells
    for cell, (_, value, width) in zip(row, columns, strict=True):
        _cell_text(cell, value, center=len(value) < 16)
        cell.width = Mm(width)
    closing = table.add_row().cells
    _cell_text(closing[0], "{%tr endfor %}")
    _grid(table, [Mm(w) for _, _, w in columns])


def signatures(document, lines: Sequence[str], *, before: float = 18) -> None:
    """Signature lines: “被检查单位（签章）：＿＿＿＿　…　年　月　日”, the dates aligned at the
    right margin (a right tab stop at the text width), one paragraph each."""
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    for i, label in enumerate(lines):
        p = paragraph(
            document,
            f"{label}：＿＿＿＿＿＿＿＿\t年　　月　　日",
            before=before if i == 0 else 10,
        )
        p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
