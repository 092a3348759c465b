"""A written report in every format: read back as files, checked by the review engine (自检),
its first page rendered by LibreOffice, and the ``fazhi annual-report`` command."""

import datetime
import io
import shutil
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import SCREENSHOT_DIR
from reports import services
from reports.tests.conftest import YEAR
from reports.tests.test_export import east_asia_font
from reports.tests.test_export_pdf import require
from review.engine import review_bytes

pytestmark = pytest.mark.django_db

TEXT = {
    "preamble": "2024年，东湖区卫生健康局深入学习贯彻习近平法治思想，现将有关情况报告如下。",
    "supervision.text": "一是完善抽查事项清单；二是推行“双随机、一公开”全覆盖；三是开展联合抽查。",
    "duty.text": "主要负责人带头学法，全年主持召开党组会议研究法治建设。",
    "shortcomings.text": "一是基层执法力量不足；二是部分整改未按期完成，原因是复查力量有限。",
    "plan.text": "一是加强执法队伍建设；二是提高整改复查的及时性。",
}


@pytest.fixture
def written(records):
    report = services.create_report(records.county_a, YEAR, actor=records.admin_a)
    for key, text in TEXT.items():
        services.save_narrative(report, key, text)
    report.report_date = datetime.date(YEAR + 1, 2, 20)
    report.save()
    return services.assembly(report).document


@pytest.mark.parametrize("fmt", ["html", "docx", "md"])
def test_self_check_finds_no_error_in_the_generated_report(written, fmt):
    data = services.render(written, fmt)
    report = review_bytes(data, f"report.{fmt}")
    assert report.title == "临江市东湖区卫生健康局2024年法治政府建设情况报告"
    assert report.report_year == YEAR
    assert all(
        report.parts[p]
        for p in (
            "measures_and_results",
            "shortcomings_and_causes",
            "first_responsible_duty",
            "next_year_plan",
        )
    )
    problems = [(f.kind, f.message) for f in report.findings]
    assert problems == []
    numbers = [(s.level, s.number) for s in report.sections]
    assert numbers[:3] == [(1, "一、"), (2, "（一）"), (2, "（二）")]


def test_self_check_catches_a_broken_figure(written):
    # The same checker fails the report when a figure no longer adds up.
    doc = written
    for s in doc["sections"][0]["children"]:
        for b in s["blocks"]:
            for r in b.get("runs", []):
                if r["t"] == "99.29%":
                    r["t"] = "98.29%"
    report = review_bytes(services.render(doc, "html"), "report.html")
    assert any(f.kind == "rate_mismatch" for f in report.findings)


def test_docx_has_the_gbt9704_page_and_the_figures(written):
    word = docx.Document(
        io.BytesIO(services.render(written, "docx", base_url="https://fz.example"))
    )
    s = word.sections[0]
    size = [round(x.mm, 1) for x in (s.page_width, s.page_height)]
    margins = [
        round(x.mm, 1) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
    ]
    assert (size, margins) == ([210, 297], [37, 35, 28, 26])
    texts = [p.text for p in word.paragraphs]
    assert "一、2024年推进法治政府建设的主要举措和成效" in texts
    # Only parts with content are numbered: 执法 (certified inspectors) then 双随机.
    assert "（一）严格规范公正文明执法" in texts
    assert "（二）深入推进“双随机、一公开”监管" in texts
    assert "二、党政主要负责人履行推进法治建设第一责任人职责情况" in texts
    body = "\n".join(texts)
    assert "“双随机”抽查任务564家，已完成检查560家，完成率99.29%" in body
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "监督检查户次" in cells and "570家次" in cells
    targets = [r.target_ref for r in word.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert "https://fz.example/indicators/random_tasks/?agency=330102&year=2024" in targets
    assert east_asia_font(word.paragraphs[0].style) == "方正小标宋简体"
    assert east_asia_font(word.styles["Normal"]) == "仿宋_GB2312"
    assert word.paragraphs[2].style.name == "Heading 1"
    assert "PAGE" in "".join(word.sections[0].footer._element.xpath(".//w:instrText/text()"))


def test_first_page_rendered_by_libreoffice(written, tmp_path):
    soffice, pdftoppm = require("soffice"), require("pdftoppm")
    from reports.export import convert_docx_to_pdf, render_first_page_png

    src = tmp_path / "report.docx"
    src.write_bytes(services.render(written, "docx"))
    pdf = convert_docx_to_pdf(src, tmp_path, soffice=soffice)
    png = render_first_page_png(pdf, tmp_path / "page1.png", dpi=60, pdftoppm=pdftoppm)
    assert png.stat().st_size > 10_000  # a page with text, not a blank one
    Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
    shutil.copy(png, Path(SCREENSHOT_DIR) / "annual_report_page1.png")


def test_command_writes_every_format_with_defaults(records, tmp_path, capsys):
    # One top-level agency: --agency may be left out; --year defaults to the last year with data.
    for fmt in ("md", "html", "docx"):
        out = tmp_path / f"r.{fmt}"
        call_command("annual_report", "--agency", "330102", "--out", str(out))
        assert out.stat().st_size > 500
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert text.startswith("# 临江市东湖区卫生健康局2024年法治政府建设情况报告")
    assert "【待填写】存在的不足和原因" in text
    call_command("annual_report", "--out", str(tmp_path / "city.md"))
    assert "临江市卫生健康委员会2024年" in (tmp_path / "city.md").read_text(encoding="utf-8")
    assert "按业务数据新生成" in capsys.readouterr().out


def test_command_writes_the_officers_report_when_it_exists(written, tmp_path):
    out = tmp_path / "r.md"
    call_command("annual_report", "--agency", "330102", "--year", str(YEAR), "--out", str(out))
    assert "一是基层执法力量不足" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--out", "x.txt"], "不支持的输出格式"),
        (["--agency", "999999", "--out", "x.md"], "没有代码为 999999 的机构"),
        (["--agency", "330102", "--year", "2999", "--out", "x.md"], "报告年度须在2000年"),
    ],
)
def test_command_rejects_bad_arguments_in_chinese(records, args, words):
    with pytest.raises(CommandError) as exc:
        call_command("annual_report", *args)
    assert words in str(exc.value)
