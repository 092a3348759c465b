"""PDF export through LibreOffice: the file, its text layer, the GB/T 9704 grid, a page-1 preview.

Skipped without LibreOffice/poppler, but failing when CI=true: CI must exercise the PDF path.
"""

from __future__ import annotations

import datetime
import itertools
import os
import shutil
import stat
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTTextContainer, LTTextLineHorizontal

from reports.export import (
    Document,
    ExportError,
    Paragraph,
    Section,
    convert_docx_to_pdf,
    render_first_page_png,
    write_docx,
)
from reports.tests.test_export import AGENCY, LONG_TEXT, TITLE, sample_document

MM_PER_INCH = 25.4


def require(tool: str) -> str:
    """The path of ``tool``; skip the test without it, or fail when CI=true."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                f"CI=true 但未安装 {tool}：PDF 测试不得跳过"
                "（apt-get install libreoffice-writer poppler-utils）。"
            )
        pytest.skip(f"未找到 {tool}，跳过 PDF 测试。")
    return path


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory):
    require("soffice")
    out = tmp_path_factory.mktemp("pdf")
    write_docx(sample_document(), out / "report.docx")
    write_docx(long_document(), out / "long.docx")
    return out


@pytest.fixture(scope="module")
def sample_pdf(pdf_dir):
    return convert_docx_to_pdf(pdf_dir / "report.docx", pdf_dir)


@pytest.fixture(scope="module")
def long_pdf(pdf_dir):
    return convert_docx_to_pdf(pdf_dir / "long.docx", pdf_dir)


def long_document() -> Document:
    """Several pages of body text only: twelve paragraphs of 236 full-width characters."""
    return Document(
        TITLE,
        AGENCY,
        2025,
        datetime.date(2026, 3, 8),
        parts=(
            Section("推进法治政府建设的主要举措和成效", blocks=(Paragraph.of(LONG_TEXT),) * 12),
        ),
    )


def text_lines(pdf: Path) -> list[list[tuple[float, str]]]:
    """Per page, the text lines (top y in points, text without spaces) from top to bottom."""
    pages = []
    for page in extract_pages(str(pdf)):
        lines = []
        for box in page:
            if not isinstance(box, LTTextContainer):
                continue
            for line in box:
                if isinstance(line, LTTextLineHorizontal):
                    text = "".join(line.get_text().split())
                    if text:
                        lines.append((page.height - line.y1, text))
        pages.append(sorted(lines))
    return pages


def test_pdf_is_written_with_pages_and_a_text_layer(sample_pdf):
    assert sample_pdf.name == "report.pdf"
    assert sample_pdf.read_bytes()[:5] == b"%PDF-"
    pages = list(extract_pages(str(sample_pdf)))
    assert len(pages) >= 1
    width_mm = pages[0].width / 72 * MM_PER_INCH
    height_mm = pages[0].height / 72 * MM_PER_INCH
    assert abs(width_mm - 210) < 1 and abs(height_mm - 297) < 1
    text = "".join(extract_text(str(sample_pdf)).split())
    assert TITLE in text
    assert "一、推进法治政府建设的主要举措和成效" in text
    assert "共检查1,286户次" in text
    assert "—1—" in text  # the PAGE field was computed


def test_pdf_body_lines_hold_28_characters(sample_pdf):
    """GB/T 9704-2012 5.2.2: 28 characters of 3号 per line (the first line is indented by 2)."""
    lines = [text for page in text_lines(sample_pdf) for _y, text in page if text in LONG_TEXT]
    lines = [t for t in lines if len(t) >= 8]
    assert "".join(lines) == LONG_TEXT
    assert len(lines[0]) == 26
    full = [len(t) for t in lines[1:-1]]
    assert full and all(27 <= n <= 28 for n in full), full
    assert full.count(28) >= len(full) - 1, full


def test_pdf_page_holds_22_lines_of_28_points(long_pdf):
    """GB/T 9704-2012 5.2.2: 22 lines per page; the body text runs at a fixed 28 pt pitch."""
    pages = text_lines(long_pdf)
    assert len(pages) >= 3
    middle = pages[1:-1]  # full pages of body text only
    for page in middle:
        body = [(y, t) for y, t in page if not t.startswith("—")]
        assert 21 <= len(body) <= 22, [t for _y, t in body]
        gaps = [round(b[0] - a[0], 1) for a, b in itertools.pairwise(body)]
        assert all(abs(g - 28) < 0.6 for g in gaps), gaps
    assert max(len([t for _y, t in p if not t.startswith("—")]) for p in middle) == 22


def read_png(path: Path) -> tuple[int, int, int, list[bytearray]]:
    """A minimal 8-bit, non-interlaced PNG decoder: (width, height, channels, rows)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    assert ihdr is not None
    width, height, depth, color_type, _compression, _filter, interlace = ihdr
    assert depth == 8 and interlace == 0
    ch = {0: 1, 2: 3, 4: 2, 6: 4}[color_type]
    raw = zlib.decompress(b"".join(idat))
    stride = width * ch
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride) if kind else ():
            a = line[x - ch] if x >= ch else 0
            b = prev[x]
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            else:
                c = prev[x - ch] if x >= ch else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, ch, rows


def test_first_page_png_is_a4_at_the_dpi_and_respects_the_margins(sample_pdf, tmp_path):
    require("pdftoppm")
    png = render_first_page_png(sample_pdf, tmp_path / "page1.png", dpi=100)
    assert png == tmp_path / "page1.png"
    width, height, ch, rows = read_png(png)
    assert abs(width - 827) <= 2 and abs(height - 1169) <= 2
    dark = [
        (y, x)
        for y, row in enumerate(rows)
        for x in range(width)
        if min(row[x * ch : x * ch + min(ch, 3)]) < 128
    ]
    assert len(dark) > 0.02 * width * height  # a page of text, not a blank page
    px_per_mm = 100 / MM_PER_INCH
    top = min(y for y, _x in dark) / px_per_mm
    left = min(x for _y, x in dark) / px_per_mm
    right = max(x for _y, x in dark) / px_per_mm
    body_bottom = max(y for y, _x in dark if y / px_per_mm < 297 - 35) / px_per_mm
    assert 37 <= top <= 45  # the title's first line starts at the 37 mm top margin
    assert 27.5 <= left <= 30  # 28 mm left margin
    assert 180 <= right <= 210 - 26 + 0.5  # 26 mm right margin
    assert body_bottom <= 297 - 35 + 0.5
    page_number = [y for y, _x in dark if y / px_per_mm > 297 - 35]
    assert page_number, "no page number below the text block"


def test_png_root_without_suffix_is_accepted(sample_pdf, tmp_path):
    require("pdftoppm")
    png = render_first_page_png(sample_pdf, tmp_path / "preview", dpi=20)
    assert png == tmp_path / "preview" and png.read_bytes()[:4] == b"\x89PNG"


def test_concurrent_conversions_do_not_clash(pdf_dir, tmp_path):
    sources = []
    for i in range(2):
        path = tmp_path / f"copy{i}.docx"
        shutil.copy(pdf_dir / "report.docx", path)
        sources.append(path)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda p: convert_docx_to_pdf(p, tmp_path / "out"), sources))
    assert [r.name for r in results] == ["copy0.pdf", "copy1.pdf"]
    assert all(r.stat().st_size > 1000 for r in results)


# --- failures (no LibreOffice needed) ----------------------------------------------------


def fake_tool(tmp_path: Path, script: str) -> str:
    path = tmp_path / "fake-soffice"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.fixture
def some_docx(tmp_path):
    path = tmp_path / "report.docx"
    write_docx(sample_document(), path)
    return path


def test_missing_soffice_is_a_clear_error(some_docx, tmp_path):
    with pytest.raises(ExportError, match="未找到 LibreOffice"):
        convert_docx_to_pdf(some_docx, tmp_path, soffice=str(tmp_path / "no-such-soffice"))


def test_soffice_that_hangs_times_out(some_docx, tmp_path):
    hanging = fake_tool(tmp_path, "sleep 30")
    with pytest.raises(ExportError, match="超时"):
        convert_docx_to_pdf(some_docx, tmp_path / "out", soffice=hanging, timeout=1)


def test_soffice_that_writes_nothing_is_an_error(some_docx, tmp_path):
    silent = fake_tool(tmp_path, "echo converted; exit 0")
    with pytest.raises(ExportError, match="未能生成 PDF") as exc:
        convert_docx_to_pdf(some_docx, tmp_path / "out", soffice=silent)
    assert "converted" in str(exc.value)


def test_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(ExportError, match="找不到"):
        convert_docx_to_pdf(tmp_path / "none.docx", tmp_path)
    with pytest.raises(ExportError, match="找不到"):
        render_first_page_png(tmp_path / "none.pdf", tmp_path / "p.png")
