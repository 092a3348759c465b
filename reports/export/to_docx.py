"""Word 版 (.docx) in the layout of GB/T 9704-2012 《党政机关公文格式》.

Page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm).
Title 方正小标宋简体 2号 centred; body 仿宋_GB2312 3号, fixed 28 pt lines, first line indented
two characters; headings 黑体 (一、), 楷体_GB2312 (（一）), 仿宋 bold (1. and （1）), all 3号.
Page numbers “— 1 —” in 宋体 4号 in the footer, odd pages right and even pages left;
发文机关署名 and 成文日期 close the text as for a
document without a seal (7.3.5.2: 署名右空二字, the date on the next line starting two
characters further right).

Fonts are set through ``w:rFonts`` with ``w:eastAsia`` (python-docx's ``font.name`` only sets
ascii/hAnsi, which Chinese text does not use) and with the theme attributes removed, because a
theme font would otherwise win over the named one.

Character spacing: GB/T 9704 asks for 28 characters of 3号 (16 pt) per 156 mm line, i.e. an
advance of 15.8 pt, but a full-width 16 pt glyph advances 16 pt, so only 27 fit. Word templates
fix this with a character grid; LibreOffice does not apply a grid imported from .docx reliably, so
runs are condensed by ``BODY_CHAR_SPACING`` (0.25 pt), which gives 28 characters per line in Word
and in the PDF made by LibreOffice alike.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from reports.export.model import Block, Cell, Document, Note, Paragraph, Run, Table
from reports.export.numbering import format_date, numbered_sections

# Font names of GB/T 9704-2012; a machine without them substitutes (LibreOffice: Noto CJK).
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: BODY_FONT, 4: BODY_FONT}
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"  # Arabic numerals and Latin letters in the text

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
SMALL_SIZE = Pt(14)  # 4号: page numbers, table cells, table notes
LINE_PITCH = Pt(28)  # 22 lines in the 225 mm 版心
TITLE_LINE = Pt(36)
INDENT_CHARS = 2
BODY_CHAR_SPACING = -5  # twentieths of a point: 16 pt - 0.25 pt = 15.75 pt → 28 per 156 mm line
NOTE_COLOR = RGBColor(0x80, 0x80, 0x80)


# Elements that must follow a given one inside its parent (ECMA-376 sequence order; Word refuses
# a file whose property elements are out of order).
_RPR_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_PPR_AFTER_AUTOSPACE = (
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_TBLPR_AFTER_BORDERS = (
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
)  # fmt: skip


def _child(parent: object, tag: str, successors: tuple[str, ...]) -> object:
    """The ``tag`` child of ``parent``, created in its schema position if missing."""
    el = parent.find(qn(tag))  # type: ignore[attr-defined]
    if el is None:
        el = OxmlElement(tag)
        parent.insert_element_before(el, *successors)  # type: ignore[attr-defined]
    return el


@dataclass(frozen=True)
class _StyleSpec:
    name: str
    font: str
    size: Pt
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    indent: bool = True
    line: Pt | None = LINE_PITCH
    spacing: int = BODY_CHAR_SPACING


STYLES = {
    "title": _StyleSpec("Report Title", TITLE_FONT, TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER,
                        indent=False, line=TITLE_LINE, spacing=0),
    "body": _StyleSpec("Normal", BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.JUSTIFY),
    1: _StyleSpec("Heading 1", HEADING_FONTS[1], BODY_SIZE),
    2: _StyleSpec("Heading 2", HEADING_FONTS[2], BODY_SIZE),
    3: _StyleSpec("Heading 3", HEADING_FONTS[3], BODY_SIZE, bold=True),
    4: _StyleSpec("Heading 4", HEADING_FONTS[4], BODY_SIZE, bold=True),
    "caption": _StyleSpec("Table Caption", BODY_FONT, BODY_SIZE, bold=True,
                          align=WD_ALIGN_PARAGRAPH.CENTER, indent=False),
    "cell": _StyleSpec("Table Text", BODY_FONT, SMALL_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER,
                       indent=False, line=None, spacing=0),
    "table_note": _StyleSpec("Table Note", BODY_FONT, SMALL_SIZE, indent=False, line=None,
                             spacing=0),
    "note": _StyleSpec("Editorial Note", BODY_FONT, BODY_SIZE, indent=False),
    "signature": _StyleSpec("Signature Block", BODY_FONT, BODY_SIZE,
                            align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False),
    "footer": _StyleSpec("Footer", PAGE_NUMBER_FONT, SMALL_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER,
                         indent=False, line=None, spacing=0),
}  # fmt: skip


def set_fonts(r_pr: object, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a ``w:rPr``: eastAsia for Chinese, ascii/hAnsi for Latin, no theme."""
    fonts = r_pr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def _set_char_spacing(r_pr: object, twips: int) -> None:
    _child(r_pr, "w:spacing", _RPR_AFTER_SPACING).set(qn("w:val"), str(twips))  # type: ignore[attr-defined]


def _first_line_chars(p_pr: object, chars: int) -> None:
    """Indent in characters (w:firstLineChars) as Word does, with the length as fallback."""
    ind = p_pr.get_or_add_ind()  # type: ignore[attr-defined]
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * BODY_SIZE.pt * 20)))


def _apply_style(style: BaseStyle, spec: _StyleSpec) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.size = spec.size
    font.bold = spec.bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    r_pr = style.element.get_or_add_rPr()
    set_fonts(r_pr, spec.font)
    _set_char_spacing(r_pr, spec.spacing)
    fmt = style.paragraph_format  # type: ignore[attr-defined]
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if spec.line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing = spec.line
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.alignment = spec.align
    # Set both forms even for no indent: Word prefers an inherited firstLineChars over firstLine.
    _first_line_chars(style.element.get_or_add_pPr(), INDENT_CHARS if spec.indent else 0)
    p_pr = style.element.pPr
    if p_pr is not None:
        border = p_pr.find(qn("w:pBdr"))  # the built-in Title style draws a rule
        if border is not None:
            p_pr.remove(border)


def _setup_styles(document: docx.document.Document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if r_pr is not None:
            set_fonts(r_pr, BODY_FONT)
            _child(r_pr, "w:lang", _RPR_AFTER_LANG).set(qn("w:eastAsia"), "zh-CN")
    names = {s.name for s in styles}
    for spec in STYLES.values():
        if spec.name in names:
            style = styles[spec.name]
        else:
            style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
        _apply_style(style, spec)
    for level in range(1, 5):
        heading = styles[f"Heading {level}"]
        heading.paragraph_format.keep_with_next = True
        heading.next_paragraph_style = styles["Normal"]
    styles["Table Caption"].paragraph_format.keep_with_next = True
    # No extra gap between Chinese and Latin/digits: official documents set “2025年” flush.
    # Word honours this; LibreOffice (7.4) does not import w:autoSpaceDE/DN and keeps its
    # gap, so text read back from its PDF has “2025 年”.
    normal_p_pr = styles["Normal"].element.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        _child(normal_p_pr, tag, _PPR_AFTER_AUTOSPACE).set(qn("w:val"), "0")  # type: ignore[attr-defined]
    note = styles["Editorial Note"]
    note.font.italic = True
    note.font.color.rgb = NOTE_COLOR


def _setup_page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # The page number sits 7 mm below the 版心 (GB/T 9704 7.5): 35 - 7 - a 4号 line ≈ 23 mm.
    section.header_distance = Mm(15)
    section.footer_distance = Mm(23)
    # GB/T 9704 7.5: odd pages' number on the right, even pages' on the left, one 4号 character
    # in from the edge of the 版心 ("单页码居右空一字，双页码居左空一字").
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        _set_style(p, _style_id(document, "Footer"))
        p.paragraph_format.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = SMALL_SIZE
        else:
            p.paragraph_format.left_indent = SMALL_SIZE
        p.add_run("— ")
        _add_field(p, "PAGE", "1")
        p.add_run(" —")


def _add_field(p: DocxParagraph, instruction: str, placeholder: str) -> None:
    """A complex field (begin / instrText / separate / result / end), e.g. PAGE."""

    def run_with(child: object) -> None:
        r = OxmlElement("w:r")
        r.append(child)
        p._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    result = OxmlElement("w:t")
    result.text = placeholder
    run_with(result)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _add_hyperlink(p: DocxParagraph, run: Run) -> None:
    """A real hyperlink: an external relationship and a ``w:hyperlink`` holding the visible run.

    The run keeps the body's black and no underline: a 公文 is printed, and a number in blue
    with a line under it would read as an edit mark. On screen the link still opens.
    """
    assert run.href is not None
    r_id = p.part.relate_to(run.href, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    r = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    if run.bold:
        r_pr.append(OxmlElement("w:b"))
    r.append(r_pr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = run.text
    r.append(t)
    link.append(r)
    p._p.append(link)


def _add_runs(p: DocxParagraph, runs: tuple[Run, ...]) -> None:
    for run in runs:
        if run.href:
            _add_hyperlink(p, run)
        else:
            r = p.add_run(run.text)
            if run.bold:
                r.bold = True


def _style_id(document: docx.document.Document, name: str) -> str:
    """A style's id by name, looked up once per document (python-docx scans every style)."""
    ids = document.__dict__.setdefault("_style_ids", {})
    if name not in ids:
        ids[name] = document.styles[name].style_id
    return ids[name]


def _set_style(p: DocxParagraph, style_id: str) -> None:
    p._p.get_or_add_pPr().style = style_id


def _paragraph(document: docx.document.Document, text: str, style: str) -> DocxParagraph:
    p = document.add_paragraph(text)
    _set_style(p, _style_id(document, style))
    return p


def _add_table(document: docx.document.Document, table: Table) -> None:
    _paragraph(document, table.caption, "Table Caption")
    grid: DocxTable = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_borders(grid)
    text_style = _style_id(document, "Table Text")
    for r, (row, cells) in enumerate(zip((table.header, *table.rows), grid.rows, strict=True)):
        for cell, target in zip(row, cells.cells, strict=False):
            p = target.paragraphs[0]
            _set_style(p, text_style)
            _add_runs(p, (_cell_run(cell, bold=r == 0),))
    header_row = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    header_row.append(repeat)
    if table.note:
        _paragraph(document, f"注：{table.note}", "Table Note")


def _cell_run(cell: Cell, *, bold: bool) -> Run:
    run = cell if isinstance(cell, Run) else Run(cell)
    return Run(run.text, run.href, run.bold or bold)


def _set_borders(grid: DocxTable) -> None:
    tbl_pr = grid._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")  # eighths of a point: a ½ pt rule
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    existing = tbl_pr.find(qn("w:tblBorders"))
    if existing is not None:
        tbl_pr.remove(existing)
    tbl_pr.insert_element_before(borders, *_TBLPR_AFTER_BORDERS)


def _add_block(document: docx.document.Document, block: Block) -> None:
    if isinstance(block, Paragraph):
        _add_runs(_paragraph(document, "", "Normal"), block.runs)
    elif isinstance(block, Note):
        _paragraph(document, f"【{block.text}】", "Editorial Note")
    elif isinstance(block, Table):
        _add_table(document, block)
    else:
        raise TypeError(f"unknown block type {type(block).__name__}")


def _width_em(text: str) -> float:
    """Width in characters of 3号: full-width characters count 1, others ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def _add_signature(document: docx.document.Document, doc: Document) -> None:
    """发文机关署名 and 成文日期 (GB/T 9704-2012 7.3.5.2, a document without a seal).

    The agency is set 2 characters from the right; the date on the next line starts 2 characters
    right of the agency's first character; when the date is the longer, it is set 2 characters
    from the right and the agency moves left.
    """
    date = format_date(doc.date)
    agency_w, date_w = _width_em(doc.agency), _width_em(date)
    agency_right = max(2.0, date_w + 4 - agency_w)
    date_right = agency_right + agency_w - date_w - 2
    em = BODY_SIZE.pt
    p = _paragraph(document, doc.agency, "Signature Block")
    p.paragraph_format.space_before = LINE_PITCH  # 正文下空一行
    p.paragraph_format.right_indent = Pt(agency_right * em)
    p = _paragraph(document, date, "Signature Block")
    p.paragraph_format.right_indent = Pt(date_right * em)


def build_docx(doc: Document) -> docx.document.Document:
    """The python-docx document for ``doc`` (``write_docx`` saves it)."""
    document = docx.Document()
    _setup_styles(document)
    _setup_page(document)
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the template's empty first paragraph
        body.remove(p)
    title = _paragraph(document, doc.title, "Report Title")
    title.paragraph_format.space_after = LINE_PITCH  # 标题下空一行
    for block in doc.preamble:
        _add_block(document, block)
    for label, section, depth in numbered_sections(doc):
        _paragraph(document, label + section.heading, f"Heading {depth}")
        for block in section.blocks:
            _add_block(document, block)
    _add_signature(document, doc)
    props = document.core_properties
    props.title = doc.title
    props.author = doc.agency
    props.last_modified_by = doc.agency
    props.language = "zh-CN"
    props.subject = f"{doc.year}年法治政府建设情况报告"
    stamp = datetime.datetime.combine(doc.date, datetime.time())
    props.created = props.modified = stamp
    props.revision = 1
    return document


def write_docx(doc: Document, path_or_stream: str | Path | IO[bytes]) -> None:
    """Write ``doc`` as .docx to a path or a binary stream."""
    target = str(path_or_stream) if isinstance(path_or_stream, Path) else path_or_stream
    build_docx(doc).save(target)
