"""Export of the annual report: numbering, .docx, HTML and Markdown, read back.

``sample_document()`` is also used by the PDF tests (``test_export_pdf.py``).
"""

from __future__ import annotations

import datetime
import io
import os
import re
import subprocess
import sys
import zipfile
from html import escape
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from reports.export import (
    Document,
    Note,
    Paragraph,
    Run,
    Section,
    Table,
    cn_numeral,
    format_date,
    heading_label,
    numbered_sections,
    render_html,
    render_markdown,
    write_docx,
)
from review.engine import review_bytes, review_path
from review.engine.model import REQUIRED_PARTS

REPO = Path(__file__).resolve().parents[2]

TITLE = "某某市卫生健康委员会2025年法治政府建设情况报告"
AGENCY = "某某市卫生健康委员会"
LINK = "https://wsjkw.example.gov.cn/gk/sjsgk/2025/index.html?a=1&b=2"

# A long body paragraph without digits or Latin letters, so every character is full width.
LONG_TEXT = (
    "坚持把学法懂法作为依法行政的前提，构建分层分类、全员覆盖的学法体系，将习近平法治思想、"
    "宪法、民法典及卫生健康领域核心法律法规纳入党组理论学习中心组学习内容，推动领导干部带头"
    "依法决策、依法履职；组织全系统医护人员和执法人员开展医师法、传染病防治法、医疗机构管理条例、"
    "公共场所卫生管理条例等专题培训，以考促学、以练促干，执法队伍专业能力和法治素养显著提升。"
)


def sample_document() -> Document:
    """某某市卫生健康委员会 2025 report: four mandated parts, nested headings, a table, a link."""
    measures = Section(
        "推进法治政府建设的主要举措和成效",
        blocks=(
            Paragraph.of(
                "2025年，我委坚持以习近平法治思想为指导，扎实推进卫生健康领域依法行政。",
            ),
        ),
        children=(
            Section(
                "深化学法强基，筑牢法治履职根基",
                blocks=(Paragraph.of(LONG_TEXT),),
                children=(
                    Section(
                        "抓实关键少数学法",
                        blocks=(Paragraph.of("全年开展会前学法8次，中心组法治专题学习10次。"),),
                    ),
                    Section(
                        "抓实全员常态学法",
                        blocks=(Paragraph.of("开展专题培训2场，参训人员达160余人次。"),),
                    ),
                ),
            ),
            Section(
                "严格规范公正文明执法",
                blocks=(
                    Paragraph.of(
                        "全年开展“双随机、一公开”监督抽查，共检查",
                        Run("1,286", href=LINK),
                        "户次，抽查结果全部在",
                        Run("市卫生健康委网站", href=LINK, bold=True),
                        "公示。",
                    ),
                    Table(
                        "表1 2025年行政执法情况",
                        ("项目", "数量", "单位"),
                        (
                            ("双随机抽查", Run("1,286", href=LINK), "户次"),
                            ("行政处罚案件", "152", "件"),
                            ("罚没款", "18.25", "万元"),
                        ),
                        note="数据截至2025年12月31日。",
                    ),
                    Note("本部分数据未接入：行政复议案件数待核实。"),
                ),
            ),
        ),
    )
    duty = Section(
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        blocks=(
            Paragraph.of(
                "委党组书记、主任切实履行第一责任人职责，全年主持召开党组会专题研究法治建设工作3次。"
            ),
        ),
    )
    shortcomings = Section(
        "存在的不足和原因",
        blocks=(Paragraph.of("一是信息化水平不高；二是执法力量不足，难以实现全覆盖。"),),
    )
    plan = Section(
        "2026年推进法治政府建设的主要安排",
        blocks=(Paragraph.of("持续深化行政执法“三项制度”，提升执法规范化水平。"),),
    )
    return Document(
        title=TITLE,
        agency=AGENCY,
        year=2025,
        date=datetime.date(2026, 3, 8),
        parts=(measures, duty, shortcomings, plan),
        preamble=(
            Paragraph.of(
                "2025年，在市委、市政府的坚强领导下，我委深入推进法治政府建设。现将有关情况报告如下："
            ),
        ),
    )


EXPECTED_HEADINGS = [
    "一、推进法治政府建设的主要举措和成效",
    "（一）深化学法强基，筑牢法治履职根基",
    "1.抓实关键少数学法",
    "2.抓实全员常态学法",
    "（二）严格规范公正文明执法",
    "二、党政主要负责人履行推进法治建设第一责任人职责情况",
    "三、存在的不足和原因",
    "四、2026年推进法治政府建设的主要安排",
]


# --- numbering ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "一"), (2, "二"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"),
     (23, "二十三"), (90, "九十"), (99, "九十九")],
)  # fmt: skip
def test_cn_numeral(n, expected):
    assert cn_numeral(n) == expected


@pytest.mark.parametrize("n", [0, -1, 100, 123])
def test_cn_numeral_out_of_range_is_rejected(n):
    with pytest.raises(ValueError, match="1至99"):
        cn_numeral(n)


def test_heading_labels_of_the_four_levels():
    assert [heading_label(level, 3) for level in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]
    assert heading_label(1, 12) == "十二、"
    assert heading_label(4, 99) == "（99）"
    with pytest.raises(ValueError):
        heading_label(5, 1)
    with pytest.raises(ValueError):
        heading_label(3, 100)


def test_numbered_sections_walk_in_reading_order():
    labels = [(label, depth) for label, _s, depth in numbered_sections(sample_document())]
    assert labels == [
        ("一、", 1), ("（一）", 2), ("1.", 3), ("2.", 3), ("（二）", 2),
        ("二、", 1), ("三、", 1), ("四、", 1),
    ]  # fmt: skip


def test_nested_sections_get_their_levels_from_the_nesting():
    inner = Section("抓实学法", children=(Section("会前学法"),))
    outer = Section("深化学法", children=(inner,))
    part = Section("主要举措和成效", children=(outer,))
    assert part.children[0].level == 2
    assert part.children[0].children[0].level == 3
    assert part.children[0].children[0].children[0].level == 4


def test_a_fifth_level_is_rejected():
    deep = Section(
        "甲", children=(Section("乙", children=(Section("丙", children=(Section("丁"),)),)),)
    )
    with pytest.raises(ValueError, match="最多4层"):
        Section("戊", children=(deep,))


def test_a_level_contradicting_the_nesting_is_rejected():
    with pytest.raises(ValueError, match="应为2"):
        Section("主要举措和成效", children=(Section("深化学法", level=3),))
    with pytest.raises(ValueError, match="层级应为1"):
        Document(TITLE, AGENCY, 2025, datetime.date(2026, 3, 8), parts=(Section("举措", level=2),))


@pytest.mark.parametrize(
    "heading",
    ["一、主要举措和成效", "十二、其他", "（三）严格执法", "(三)严格执法", "1.会前学法",
     "1、会前学法", "12．会前学法", "（1）会前学法", "(2)会前学法", "　二、存在的不足",
     "第一部分 主要举措"],
)  # fmt: skip
def test_a_heading_passed_with_its_number_is_rejected(heading):
    with pytest.raises(ValueError) as exc:
        Section(heading)
    assert heading in str(exc.value)
    assert "已带编号" in str(exc.value)


@pytest.mark.parametrize(
    "heading",
    ["2025年推进法治政府建设的主要安排", "一是抓实学法", "第一责任人履职情况", "十分重要"],
)
def test_headings_that_only_start_with_a_digit_or_numeral_are_accepted(heading):
    assert Section(heading).heading == heading


def test_more_than_99_parts_is_rejected_when_numbering():
    doc = Document(
        TITLE,
        AGENCY,
        2025,
        datetime.date(2026, 3, 8),
        parts=[Section(f"部分{i}") for i in range(100)],
    )
    labels = numbered_sections(doc)
    for _ in range(99):
        next(labels)
    with pytest.raises(ValueError, match="编号100超出范围"):
        next(labels)
    with pytest.raises(ValueError, match="编号100超出范围"):
        render_markdown(doc)


def test_format_date_has_no_zero_padding():
    assert format_date(datetime.date(2026, 3, 18)) == "2026年3月18日"
    assert format_date(datetime.date(2026, 1, 5)) == "2026年1月5日"


def test_table_rows_must_match_the_header():
    with pytest.raises(ValueError, match="第2行有2个单元格"):
        Table("表1", ("项目", "数量", "单位"), (("甲", "1", "件"), ("乙", "2")))


def test_paragraph_of_accepts_strings_and_runs():
    p = Paragraph.of("共检查", Run("1,286", href=LINK), "户次")
    assert p.runs == (Run("共检查"), Run("1,286", href=LINK), Run("户次"))
    assert p.text == "共检查1,286户次"
    with pytest.raises(TypeError):
        Paragraph.of("共检查", 1286)


def test_export_package_does_not_import_django():
    code = (
        "import sys, io\n"
        "from reports.export import render_html, render_markdown, write_docx\n"
        "from reports.tests.test_export import sample_document\n"
        "doc = sample_document()\n"
        "render_html(doc); render_markdown(doc); write_docx(doc, io.BytesIO())\n"
        "import reports.export.to_pdf\n"
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
        "assert not loaded, loaded\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


# --- docx -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    write_docx(sample_document(), path)
    return path


@pytest.fixture(scope="module")
def word(docx_file):
    return docx.Document(str(docx_file))


def east_asia_font(style_or_run):
    fonts = style_or_run.element.rPr.rFonts
    theme = [a for a in fonts.attrib if "Theme" in a]
    assert not theme, f"theme fonts would override the named ones: {theme}"
    return fonts.get(qn("w:eastAsia"))


def test_docx_headings_are_numbered_in_order(word):
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings == EXPECTED_HEADINGS
    levels = [p.style.name for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert levels[:3] == ["Heading 1", "Heading 2", "Heading 3"]


def test_docx_title_is_first_and_centred(word):
    title = word.paragraphs[0]
    assert title.text == TITLE
    assert title.style.name == "Report Title"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.style.font.size == Pt(22)
    assert east_asia_font(title.style) == "方正小标宋简体"


def test_docx_fonts_are_set_for_east_asian_text(word):
    styles = word.styles
    assert east_asia_font(styles["Normal"]) == "仿宋_GB2312"
    assert east_asia_font(styles["Heading 1"]) == "黑体"
    assert east_asia_font(styles["Heading 2"]) == "楷体_GB2312"
    assert east_asia_font(styles["Heading 3"]) == "仿宋_GB2312"
    assert east_asia_font(styles["Heading 4"]) == "仿宋_GB2312"
    assert styles["Heading 3"].font.bold and styles["Heading 4"].font.bold
    assert not styles["Heading 1"].font.bold and not styles["Heading 2"].font.bold
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        assert styles[name].font.size == Pt(16), name
        assert styles[name].font.color.rgb == RGBColor(0, 0, 0), name
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_docx_body_has_fixed_28pt_lines_and_two_character_indent(word):
    body = word.styles["Normal"].paragraph_format
    assert body.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.line_spacing == Pt(28)
    assert body.first_line_indent == Pt(32)
    ind = word.styles["Normal"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    spacing = word.styles["Normal"].element.rPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:val")) == "-5"  # 28 characters per 156 mm line
    body_paragraphs = [p for p in word.paragraphs if p.style.name == "Normal"]
    assert body_paragraphs[0].text.startswith("2025年，在市委、市政府的坚强领导下")


def test_docx_page_is_a4_with_gbt9704_margins(word):
    section = word.sections[0]
    assert abs(section.page_width.mm - 210) < 0.1
    assert abs(section.page_height.mm - 297) < 0.1
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    for got, want in zip(margins, (37, 35, 28, 26), strict=True):
        assert abs(got.mm - want) < 0.1


def test_docx_link_is_a_real_external_hyperlink(word, docx_file):
    paragraph = next(p for p in word.paragraphs if "共检查" in p.text)
    assert paragraph.text == (
        "全年开展“双随机、一公开”监督抽查，共检查1,286户次，抽查结果全部在市卫生健康委网站公示。"
    )
    links = paragraph.hyperlinks
    assert [(h.text, h.address) for h in links] == [("1,286", LINK), ("市卫生健康委网站", LINK)]
    rel = word.part.rels[links[0]._hyperlink.rId]
    assert rel.is_external and rel.target_ref == LINK
    # Printed like the text around it: the body's black, not underlined.
    for run in links[0].runs:
        assert run.font.color.rgb is None and not run.font.underline
        assert run.style is None or run.style.name != "Hyperlink"
    with zipfile.ZipFile(docx_file) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert 'TargetMode="External"' in rels
    assert escape(LINK) in rels


def test_docx_table_has_caption_bold_header_cells_and_borders(word):
    table = word.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [
        ["项目", "数量", "单位"],
        ["双随机抽查", "1,286", "户次"],
        ["行政处罚案件", "152", "件"],
        ["罚没款", "18.25", "万元"],
    ]
    assert all(r.bold for c in table.rows[0].cells for r in c.paragraphs[0].runs)
    assert table.rows[1].cells[1].paragraphs[0].hyperlinks[0].address == LINK
    caption = table._tbl.getprevious()
    assert caption.xpath("string(.)") == "表1 2025年行政执法情况"
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    assert len(borders) == 6
    note = table._tbl.getnext()
    assert note.xpath("string(.)") == "注：数据截至2025年12月31日。"


def test_docx_note_is_a_bracketed_grey_italic_line(word):
    note = next(p for p in word.paragraphs if "数据未接入" in p.text)
    assert note.text == "【本部分数据未接入：行政复议案件数待核实。】"
    assert note.style.name == "Editorial Note"
    assert note.style.font.italic
    assert note.style.font.color.rgb == RGBColor(0x80, 0x80, 0x80)


def test_docx_footer_has_a_page_field_between_dashes(word):
    footer = word.sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in "".join(footer._element.xpath(".//w:instrText/text()"))
    assert xml.count('w:fldCharType="begin"') == 1
    assert footer.paragraphs[0].text.startswith("— ")
    assert footer.paragraphs[0].text.endswith(" —")
    # 单页码居右空一字，双页码居左空一字 (GB/T 9704 7.5).
    assert word.settings.odd_and_even_pages_header_footer
    odd = footer.paragraphs[0].paragraph_format
    assert (odd.alignment, odd.right_indent) == (WD_ALIGN_PARAGRAPH.RIGHT, Pt(14))
    even = word.sections[0].even_page_footer.paragraphs[0]
    assert even.text.startswith("— ") and "PAGE" in "".join(
        word.sections[0].even_page_footer._element.xpath(".//w:instrText/text()")
    )
    assert (even.paragraph_format.alignment, even.paragraph_format.left_indent) == (
        WD_ALIGN_PARAGRAPH.LEFT,
        Pt(14),
    )


def test_docx_ends_with_the_signature_block(word):
    agency, date = word.paragraphs[-2], word.paragraphs[-1]
    assert (agency.text, date.text) == (AGENCY, "2026年3月8日")
    for p in (agency, date):
        assert p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # GB/T 9704 7.3.5.2: the agency (10 characters) 2 characters from the right; the date
    # (6 characters wide: digits count half) starts 2 characters right of the agency, so it ends
    # 10 - 6 - 2 = 2 characters further in than the agency: 4 characters from the right.
    assert agency.paragraph_format.right_indent == Pt(2 * 16)
    assert date.paragraph_format.right_indent == Pt(4 * 16)


def test_docx_core_properties(word):
    assert word.core_properties.title == TITLE
    assert word.core_properties.author == AGENCY


def test_docx_can_be_written_to_a_stream():
    stream = io.BytesIO()
    write_docx(sample_document(), stream)
    assert stream.getvalue()[:2] == b"PK"
    assert docx.Document(io.BytesIO(stream.getvalue())).paragraphs[0].text == TITLE


# --- HTML -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def html():
    return render_html(sample_document())


@pytest.fixture(scope="module")
def soup(html):
    return BeautifulSoup(html, "html.parser")


def test_html_is_a_standalone_chinese_document(html, soup):
    assert html.startswith("<!DOCTYPE html>")
    assert soup.html["lang"] == "zh-CN"
    assert soup.find("meta", charset=True)["charset"].lower() == "utf-8"
    assert soup.title.string == TITLE
    assert soup.find("script") is None
    assert soup.find("link") is None
    assert not soup.find_all(src=True)
    assert "url(" not in soup.style.string and "@import" not in soup.style.string


def test_html_headings_carry_their_numbers(soup):
    assert soup.h1.get_text() == TITLE
    headings = [h.get_text() for h in soup.find_all(["h2", "h3", "h4", "h5"])]
    assert headings == EXPECTED_HEADINGS
    assert [h.name for h in soup.find_all(["h2", "h3", "h4"])][:3] == ["h2", "h3", "h4"]


def test_html_links_caption_and_note(soup):
    links = [(a.get_text(), a["href"]) for a in soup.find_all("a")]
    assert links == [("1,286", LINK), ("市卫生健康委网站", LINK), ("1,286", LINK)]
    assert soup.find("caption").get_text() == "表1 2025年行政执法情况"
    assert [th.get_text() for th in soup.find_all("th")] == ["项目", "数量", "单位"]
    note = soup.find("p", class_="note")
    assert note.get_text() == "本部分数据未接入：行政复议案件数待核实。"


def test_html_paragraph_with_a_link_reads_back_without_added_spaces(html, soup):
    paragraph = soup.find("a").parent
    assert paragraph.get_text() == (
        "全年开展“双随机、一公开”监督抽查，共检查1,286户次，抽查结果全部在市卫生健康委网站公示。"
    )
    assert re.search(r"共检查<a href=\"[^\"]+\">1,286</a>户次", html)


def test_html_escapes_text_and_attributes():
    doc = Document(
        "<script>alert(1)</script>报告",
        "A&B <委员会>",
        2025,
        datetime.date(2026, 3, 8),
        parts=(
            Section(
                "举措 <b>&</b>",
                blocks=(
                    Paragraph.of("1<2 & 3>2", Run("x", href='https://e.x/?q="><script>')),
                    Table("表<1>", ("a&b",), (("<td>",),)),
                    Note("<i>注</i>"),
                ),
            ),
        ),
    )
    out = render_html(doc)
    soup = BeautifulSoup(out, "html.parser")
    assert soup.find("script") is None
    assert soup.find("b") is None and soup.find("i") is None
    assert soup.h1.get_text() == "<script>alert(1)</script>报告"
    assert soup.h2.get_text() == "一、举措 <b>&</b>"
    assert soup.find("a")["href"] == 'https://e.x/?q="><script>'
    assert soup.find("a").parent.get_text() == "1<2 & 3>2x"
    assert soup.find("caption").get_text() == "表<1>"
    assert soup.find("td").get_text() == "<td>"
    assert soup.find("p", class_="note").get_text() == "<i>注</i>"
    assert "A&amp;B &lt;委员会&gt;" in out


# --- Markdown -------------------------------------------------------------------------------------


def test_markdown_headings_links_tables_and_notes():
    md = render_markdown(sample_document())
    lines = md.splitlines()
    assert lines[0] == f"# {TITLE}"
    headings = [line for line in lines if line.startswith("##")]
    assert headings == [
        "## 一、推进法治政府建设的主要举措和成效",
        "### （一）深化学法强基，筑牢法治履职根基",
        "#### 1.抓实关键少数学法",
        "#### 2.抓实全员常态学法",
        "### （二）严格规范公正文明执法",
        "## 二、党政主要负责人履行推进法治建设第一责任人职责情况",
        "## 三、存在的不足和原因",
        "## 四、2026年推进法治政府建设的主要安排",
    ]
    assert f"共检查[1,286]({LINK})户次" in md
    assert f"[**市卫生健康委网站**]({LINK})" in md
    assert "| 项目 | 数量 | 单位 |" in lines
    assert "|---|---|---|" in lines
    assert f"| 双随机抽查 | [1,286]({LINK}) | 户次 |" in lines
    assert "> 本部分数据未接入：行政复议案件数待核实。" in lines
    assert [line for line in lines if line][-2:] == [AGENCY, "2026年3月8日"]


def test_markdown_escapes_markup_in_text():
    doc = Document(
        TITLE,
        AGENCY,
        2025,
        datetime.date(2026, 3, 8),
        parts=(
            Section(
                "举措*重点*",
                blocks=(
                    Paragraph.of("# 不是标题，[不是链接](x) *不是强调*"),
                    Table("表1", ("a|b",), (("c|d",),)),
                ),
            ),
        ),
    )
    md = render_markdown(doc)
    assert "## 一、举措\\*重点\\*" in md
    assert "\\# 不是标题，\\[不是链接\\](x) \\*不是强调\\*" in md
    assert "| a\\|b |" in md and "| c\\|d |" in md


# --- the review engine reads the output back -----------------------------------------------

EXPECTED_SECTIONS = [
    (1, "一、", "推进法治政府建设的主要举措和成效"),
    (2, "（一）", "深化学法强基，筑牢法治履职根基"),
    (3, "1.", "抓实关键少数学法"),
    (3, "2.", "抓实全员常态学法"),
    (2, "（二）", "严格规范公正文明执法"),
    (1, "二、", "党政主要负责人履行推进法治建设第一责任人职责情况"),
    (1, "三、", "存在的不足和原因"),
    (1, "四、", "2026年推进法治政府建设的主要安排"),
]


def assert_reviewed(report):
    assert report.error is None
    assert report.title == TITLE
    assert report.agency == AGENCY
    assert report.report_year == 2025
    assert [(s.level, s.number, s.heading) for s in report.sections] == EXPECTED_SECTIONS
    assert all(report.parts[p] for p in REQUIRED_PARTS)
    assert not [f for f in report.findings if f.kind.startswith("numbering")]


def test_review_engine_reads_the_docx(docx_file):
    assert_reviewed(review_path(docx_file))


def test_review_engine_reads_the_html(html):
    assert_reviewed(review_bytes(html.encode(), "report.html"))


def test_review_engine_finds_no_stray_spaces_around_links_in_the_html(html):
    report = review_bytes(html.encode(), "report.html")
    assert not [f for f in report.findings if f.kind == "stray"]


def four_level_document() -> Document:
    level4 = Section("会前学法", blocks=(Paragraph.of("全年开展会前学法8次。"),))
    level3 = Section("抓实关键少数学法", children=(level4,))
    level2 = Section("深化学法强基", children=(level3,))
    return Document(
        TITLE,
        AGENCY,
        2025,
        datetime.date(2026, 3, 8),
        parts=(Section("推进法治政府建设的主要举措和成效", children=(level2,)),),
    )


FOUR_LEVELS = [
    (1, "一、", "推进法治政府建设的主要举措和成效"),
    (2, "（一）", "深化学法强基"),
    (3, "1.", "抓实关键少数学法"),
    (4, "（1）", "会前学法"),
]


def test_review_engine_reads_four_heading_levels_from_the_docx():
    stream = io.BytesIO()
    write_docx(four_level_document(), stream)
    report = review_bytes(stream.getvalue(), "report.docx")
    assert [(s.level, s.number, s.heading) for s in report.sections] == FOUR_LEVELS


def test_html_puts_level_4_headings_in_h5():
    soup = BeautifulSoup(render_html(four_level_document()), "html.parser")
    assert soup.h5.get_text() == "（1）会前学法"


def test_review_engine_reads_four_heading_levels_from_the_html():
    report = review_bytes(render_html(four_level_document()).encode(), "report.html")
    assert [(s.level, s.number, s.heading) for s in report.sections] == FOUR_LEVELS
