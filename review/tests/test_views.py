import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def upload(name, data):
    f = io.BytesIO(data)
    f.name = name
    return f


def test_upload_one_seed_shows_findings_and_marked_text(world, client_for, seeds_dir):
    data = next(seeds_dir.glob("001_*.txt")).read_bytes()
    resp = client_for(world.admin_a).post("/review/", {"files": [upload("001.txt", data)]})
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "湖滨区卫健委关于2025年度法治政府建设情况的报告" in body
    assert "总数67件与所列分项之和不符" in body and "<mark" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)", body), "inline script violates the CSP"


def test_upload_many_compares_and_a_bad_file_does_not_stop_the_batch(world, client_for, seeds_dir):
    files = [upload(p.name, p.read_bytes()) for p in sorted(seeds_dir.glob("*.txt"))]
    files.append(upload("empty.txt", b""))
    body = client_for(world.city_officer).post("/review/", {"files": files}).content.decode()
    assert "审查结果（6 份）" in body and "对比表" in body
    assert "empty.txt：文件为空" in body
    assert "重庆市大足区卫生健康委员会" in body


def test_export_excel(world, client_for, seeds_dir):
    files = [upload(p.name, p.read_bytes()) for p in sorted(seeds_dir.glob("*.txt"))[:2]]
    resp = client_for(world.admin_a).post("/review/", {"files": files, "export": "on"})
    rows = list(load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True))
    assert rows[0][1] == "机构" and len(rows) == 3


def test_review_requires_login(client):
    assert client.get("/review/").status_code == 302


def test_engine_imports_no_django():
    import subprocess
    import sys

    code = (
        "import sys, review.engine, review.cli, review.compare; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert out.stdout.strip() == "False", out.stderr


def test_submitting_no_file_says_so_on_the_field(world, client_for):
    resp = client_for(world.admin_a).post("/review/", {"files": ""})  # as a browser sends it
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "请选择要审查的报告文件" in body and "审查结果" not in body
