"""Uploads: decompression bombs are refused before parsing, and request bodies are capped.

The bomb is real: a zip whose one part inflates to 150 MB of XML from about 150 KB on disk,
written in chunks so that the test itself never holds it in memory.
"""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest

from core.zipcheck import ArchiveRefused, ZipLimits, check_zip

BOMB_MB = 150
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> bytes:
    """A zip (a .docx/.xlsx in its layout) whose main part inflates to 150 MB."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    chunk = (b"<w:p/>" * 200_000)[: 1024 * 1024]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        with zf.open("word/document.xml", "w", force_zip64=False) as part:
            written = 0
            while written < BOMB_MB * 1024 * 1024:
                part.write(chunk)
                written += len(chunk)
    data = path.read_bytes()
    assert len(data) < 1024 * 1024  # small on disk: that is the point
    return data


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return buf.getvalue()


def _upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


# --- the check itself ---------------------------------------------------------------------------


def test_bomb_is_refused_from_its_directory_quickly(bomb):
    start = time.monotonic()
    with pytest.raises(ArchiveRefused) as exc:
        check_zip(io.BytesIO(bomb), "年度报告.docx")
    assert time.monotonic() - start < 1
    assert "“年度报告.docx”" in str(exc.value)
    assert "150 MB" in str(exc.value) and "100 MB" in str(exc.value)


def test_too_many_parts_are_refused():
    data = _zip({f"xl/p{i}.xml": b"<a/>" for i in range(30)})
    with pytest.raises(ArchiveRefused, match="部件") as exc:
        check_zip(io.BytesIO(data), "a.xlsx", ZipLimits(max_members=20))
    assert "20" in str(exc.value)


def test_a_part_compressed_far_more_than_office_files_is_refused():
    data = _zip({"xl/worksheets/sheet1.xml": b"\0" * (3 * 1024 * 1024)})
    with pytest.raises(ArchiveRefused, match="压缩比"):
        check_zip(io.BytesIO(data), "a.xlsx")


def test_a_real_workbook_and_a_file_that_is_no_zip_pass():
    from openpyxl import Workbook

    wb = Workbook()
    for i in range(2000):
        wb.active.append([f"临江市某某餐饮店{i}", "91330100MA2X00001A", "东湖区某路1号"])
    buf = io.BytesIO()
    wb.save(buf)
    check_zip(buf, "a.xlsx")
    assert buf.tell() == 0  # left at the start for the parser
    check_zip(io.BytesIO(b"plain text, no zip"), "a.txt")


# --- the report checker: library, CLI and page ---------------------------------------------------


def test_review_reader_refuses_the_bomb_without_inflating_it(bomb):
    from review.engine.reader import ReadError, read_bytes

    start = time.monotonic()
    with pytest.raises(ReadError) as exc:
        read_bytes(bomb, "bomb.docx")
    assert time.monotonic() - start < 2
    assert "“bomb.docx”" in str(exc.value) and "40 MB" in str(exc.value)


def test_review_cli_reports_the_bomb_and_goes_on(bomb, tmp_path, capsys):
    from review.cli import main

    (tmp_path / "bomb.docx").write_bytes(bomb)
    assert main([str(tmp_path / "bomb.docx"), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert "压缩炸弹" in out["error"] and "bomb.docx" in out["error"]


@pytest.mark.django_db
def test_review_page_refuses_the_bomb_in_seconds(world, client_for, bomb):
    start = time.monotonic()
    resp = client_for(world.city_officer).post(
        "/review/", {"files": [_upload(bomb, "bomb.docx")]}, follow=True
    )
    assert time.monotonic() - start < 5
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "bomb.docx" in body and "压缩炸弹" in body


# --- every Excel import ---------------------------------------------------------------------------

IMPORTS = [
    ("/agencies/import/", "admin_a", {}),
    ("/people/import/", "admin_a", {}),
    ("/registry/entities/import/", "officer_a", {}),
    ("/calendar/import/", "city_admin", {"year": "2031", "source": "国办发明电"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url, who, extra", IMPORTS)
def test_every_import_page_refuses_the_bomb(world, client_for, bomb, url, who, extra):
    from core.models import AuditEvent

    client = client_for(getattr(world, who))
    events = AuditEvent.objects.count()
    start = time.monotonic()
    resp = client.post(url, {**extra, "file": _upload(bomb, "名录.xlsx")})
    assert time.monotonic() - start < 5
    assert resp.status_code == 200, resp.status_code
    body = resp.content.decode()
    assert "“名录.xlsx”" in body and "压缩炸弹" in body
    assert AuditEvent.objects.count() == events  # nothing written


@pytest.mark.django_db
def test_registry_api_import_refuses_the_bomb(world, api_for, bomb):
    resp = api_for(world.officer_a).post(
        "/api/registry/entities/import/",
        {"file": _upload(bomb, "名录.xlsx")},
        format="multipart",
    )
    assert resp.status_code == 400
    assert "压缩炸弹" in json.dumps(resp.json(), ensure_ascii=False)


def test_open_workbook_uses_the_configured_limit(settings):
    from openpyxl import Workbook

    from core.io import ImportFileError, open_workbook

    wb = Workbook()
    wb.active.append(["x" * 1000])
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = "小.xlsx"
    settings.FAZHI_MAX_INFLATED_SIZE = 2048
    with pytest.raises(ImportFileError, match="超过上限 2 KB"):
        with open_workbook(buf):
            pass


# --- request size ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_body_over_the_upload_limit_is_refused_unread(world, client_for, settings):
    settings.FAZHI_MAX_UPLOAD_SIZE = 4096
    resp = client_for(world.admin_a).post(
        "/agencies/import/", {"file": _upload(b"x" * 10_000, "big.xlsx")}
    )
    assert resp.status_code == 413
    assert "不得超过" in resp.content.decode()


@pytest.mark.django_db
def test_an_api_body_over_the_upload_limit_gets_json(world, api_for, settings):
    settings.FAZHI_MAX_UPLOAD_SIZE = 4096
    resp = api_for(world.officer_a).post(
        "/api/registry/entities/import/",
        {"file": _upload(b"x" * 10_000, "big.xlsx")},
        format="multipart",
    )
    assert resp.status_code == 413
    assert "不得超过" in resp.json()["detail"]
