"""Reading .txt (UTF-8/GB18030, BOM), .docx, .html and .pdf; bad input is one clear error."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fazhi.cli import main as fazhi_main
from review.engine import review_path
from review.engine.reader import MAX_BYTES

ROOT = Path(__file__).resolve().parents[2]
REPORT = (
    "某区卫生健康局关于2025年度法治政府建设情况的报告\n"
    "一、主要举措和成效\n全年立案12件，结案12件。\n"
    "二、党政主要负责人履行推进法治建设第一责任人职责情况\n主持专题会议3次。\n"
    "三、存在的不足和原因\n执法力量不足，原因是编制少。\n"
    "四、2026年推进法治政府建设的主要安排\n一是加强学法。三是规范执法。\n"
)


def test_txt_encodings_and_offsets(tmp_path):
    for name, data in [
        ("u8.txt", REPORT.encode()),
        ("bom.txt", b"\xef\xbb\xbf" + REPORT.encode()),
        ("gb.txt", REPORT.encode("gb18030")),
    ]:
        (tmp_path / name).write_bytes(data)
        r = review_path(tmp_path / name)
        assert r.error is None and r.report_year == 2025, name
        gap = next(f for f in r.findings if f.kind == "numbering_gap")
        assert REPORT[gap.start : gap.end] == "三是"
        fact = r.facts[0]
        assert REPORT[fact.start : fact.end] == fact.span == "12件"


def test_docx(tmp_path):
    import docx

    d = docx.Document()
    for line in REPORT.splitlines():
        d.add_paragraph(line)
    d.save(tmp_path / "r.docx")
    r = review_path(tmp_path / "r.docx")
    assert r.error is None and all(v for k, v in r.parts.items() if k != "other")
    assert any(f.kind == "numbering_gap" for f in r.findings)


def test_html_page_chrome_is_stripped(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in REPORT.splitlines())
    html = (
        f"<html><head><title>t</title><script>var x=1;</script></head><body>"
        f"<div class='nav'>首页 | 政务公开</div><div class='share'>分享到：微信 微博</div>"
        f"<div id='content'>{body}</div><div class='footer'>打印 关闭 扫一扫在手机打开当前页</div>"
        f"</body></html>"
    )
    (tmp_path / "r.html").write_text(html, encoding="utf-8")
    r = review_path(tmp_path / "r.html")
    assert r.error is None and r.title.startswith("某区卫生健康局")
    assert not [f for f in r.findings if f.kind == "chrome"]
    assert r.parts["first_responsible_duty"]


def _minimal_pdf(text_lines):
    """A one-page PDF whose text layer holds ``text_lines`` (ASCII, Helvetica)."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({t}) '" for t in text_lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = "%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def test_pdf_text_layer(tmp_path):
    (tmp_path / "r.pdf").write_bytes(_minimal_pdf(["Annual report 2025", "12 cases filed"]))
    r = review_path(tmp_path / "r.pdf")
    assert r.error is None
    assert any(f.kind == "missing_part" for f in r.findings)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "文件为空"),
        ("blank.txt", b"   \n\n", "文件为空"),
        ("binary.txt", bytes(range(256)) * 20, "不是文本"),
        ("latin.txt", "Ünïcödé ÿ ".encode("latin-1") * 3 + b"\x81\xff\xfe", "编码"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "无法读取 .docx"),
    ],
)
def test_bad_input_gives_one_clear_error(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    r = review_path(tmp_path / name)
    assert r.error and message in r.error, r.error


def test_docx_without_text(tmp_path):
    import docx

    docx.Document().save(tmp_path / "blank.docx")
    assert "没有可读取的文字" in review_path(tmp_path / "blank.docx").error


def test_oversized_file_is_refused_without_reading(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.seek(MAX_BYTES + 1)
        f.write(b"x")
    assert "文件过大" in review_path(big).error


def test_cli_json_lines_and_batch_goes_on(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    code = fazhi_main(["review", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--json"])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0 and len(out) == 2
    first = out[0]
    assert set(first) >= {
        "source",
        "title",
        "agency",
        "report_year",
        "published",
        "parts",
        "sections",
        "facts",
        "findings",
    }
    assert first["facts"][0] == {
        "value": 12,
        "unit": "件",
        "approx": False,
        "indicator": "cases_filed",
        "span": "12件",
        "start": REPORT.index("12件"),
        "end": REPORT.index("12件") + 3,
    }
    assert out[1]["error"] == "文件为空。"


def test_cli_as_a_subprocess(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "review", "--json", str(tmp_path / "a.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0
    assert json.loads(out.stdout)["report_year"] == 2025


def test_compare_folder_to_excel(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(
        REPORT.replace("某区", "另一区").replace("12件", "30件"), encoding="utf-8"
    )
    out = tmp_path / "cmp.xlsx"
    assert fazhi_main(["review", "--compare", str(tmp_path / "in"), "--xlsx", str(out)]) == 0
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:6] == ("文件", "机构", "年度", "发布日期", "错误", "警告")
    assert "立案数" in rows[0]
    col = rows[0].index("立案数")
    assert {r[col] for r in rows[1:]} == {"12件", "30件"}
    assert {r[1] for r in rows[1:]} == {"某区卫生健康局", "另一区卫生健康局"}


OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def make_ofd(pages: list[list[str]], extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal OFD (GB/T 33190): OFD.xml → Document.xml → Pages/Page_N/Content.xml."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {OFD_NS} Version="1.0" '
            'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>t</ofd:DocID></ofd:DocInfo>'
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        listed = "".join(
            f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
            for i in range(len(pages))
        )
        z.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {OFD_NS}><ofd:CommonData>'
            "<ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
            f"</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>{listed}</ofd:Pages>"
            "</ofd:Document>",
        )
        for i, lines in enumerate(pages):
            blocks = "".join(
                f'<ofd:TextObject ID="{10 + j}" Boundary="20 {20 + 10 * j} 170 8" Font="1" '
                f'Size="4"><ofd:TextCode X="0" Y="4">{t}</ofd:TextCode></ofd:TextObject>'
                for j, t in enumerate(lines)
            )
            z.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {OFD_NS}><ofd:Content>'
                f'<ofd:Layer ID="2">{blocks}</ofd:Layer></ofd:Content></ofd:Page>',
            )
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def test_ofd_is_read_like_the_other_formats(tmp_path):
    path = tmp_path / "report.ofd"
    path.write_bytes(
        make_ofd(
            [
                [
                    "某区卫生健康局2025年度法治政府建设情况报告",
                    "一、主要举措和成效",
                    "全年立案12件。",
                ],
                ["二、存在的不足和原因", "执法力量不足，原因是编制少。"],
            ]
        )
    )
    r = review_path(path)
    assert r.error is None
    assert (r.agency, r.report_year) == ("某区卫生健康局", 2025)
    assert [(f.value, f.unit) for f in r.facts] == [(12, "件")]
    assert r.parts["shortcomings_and_causes"]
    # the same bytes under another name are still recognised as OFD
    assert review_path(path.rename(tmp_path / "report.bin")).report_year == 2025


def test_damaged_or_oversized_ofd_gives_a_clear_error(tmp_path):
    bad = tmp_path / "bad.ofd"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert "无法读取 .ofd" in review_path(bad).error
    bomb = tmp_path / "bomb.ofd"
    bomb.write_bytes(make_ofd([["标题"]], {"Res/big.bin": b"\0" * (101 * 1024 * 1024)}))
    assert bomb.stat().st_size < 1024 * 1024
    assert "压缩炸弹" in review_path(bomb).error


def test_compare_json_reports_reused_passages(tmp_path, capsys):
    shared = (
        "严格落实行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，"
        "执法行为进一步规范。"
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(REPORT + shared + "\n", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(
        REPORT.replace("某区", "另一区") + shared + "\n", encoding="utf-8"
    )
    assert fazhi_main(["review", "--compare", str(tmp_path / "in")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 2
    for row in rows:
        assert row["reuse"]["reused"] >= 1 and 0 < row["reuse"]["share"] <= 1
        assert shared[:10] in row["reuse"]["passages"][-1]["text"]
