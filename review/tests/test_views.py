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


REPORT_A = (
    "东湖区卫生健康局2025年度法治政府建设情况报告\n"
    "一、主要举措和成效\n"
    "全年培训执法人员600余人次。严格落实行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，"
    "执法行为进一步规范，群众满意度持续提升。\n"
    "评查组对件行政处罚案卷进行评查，截止2025年11月全部整改。\n"
    "二、党政主要负责人履行推进法治建设第一责任人职责情况\n主持专题会议3次 。\n"
    "三、存在的不足和原因\n执法力量不足，原因是编制少。\n"
    "四、2026年工作安排\n继续加强执法。\n"
)
REPORT_B = (
    "西湖区卫生健康局2025年度法治政府建设情况报告\n"
    "一、主要举措和成效\n"
    "全年考试87人，合格率98.9%。严格落实行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，"
    "执法行为进一步规范，群众满意度持续提升。本年度新建智慧监管平台，覆盖辖区内全部公共场所经营单位和医疗机构。\n"
    "二、党政主要负责人履行推进法治建设第一责任人职责情况\n主持专题会议2次。\n"
    "三、存在的不足和原因\n培训不足，原因是经费少。\n"
    "四、2026年工作安排\n继续加强培训。\n"
)


def _payload(body, name="payload"):
    m = re.search(rf'name="{name}" value="([^"]+)"', body)
    assert m, "export data missing from the page"
    return m.group(1)


def test_findings_show_where_they_are_and_info_notes_are_grouped(world, client_for):
    resp = client_for(world.city_officer).post(
        "/review/", {"files": [upload("a.txt", REPORT_A.encode())]}
    )
    body = resp.content.decode()
    assert "第4段" in body and "主要举措和成效" in body  # part and paragraph of “对件”
    assert "“评查组对件行政处罚案卷" in body  # the quoted context
    # the info note (a space before 。) is listed under a grouped summary, not hidden
    assert re.search(r"提示 \d+ 条（\d+ 类", body) and "多余字符" in body


def test_one_reports_findings_export_as_word_and_excel(world, client_for):
    import docx

    client = client_for(world.city_officer)
    body = client.post("/review/", {"files": [upload("a.txt", REPORT_A.encode())]}).content
    payload = _payload(body.decode())
    resp = client.post("/review/export/", {"payload": payload, "what": "xlsx"})
    assert resp.status_code == 200 and "attachment" in resp["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("序号", "级别", "类型")
    assert any(r[2] == "缺少数字" and r[4] == "第4段" and "对件" in r[5] for r in rows[2:])
    resp = client.post("/review/export/", {"payload": payload, "what": "docx"})
    document = docx.Document(io.BytesIO(resp.content))
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "审查意见" in document.paragraphs[0].text and "缺少数字" in cells


def test_comparison_exports_from_the_page_with_values_as_written(world, client_for):
    client = client_for(world.city_officer)
    files = [upload("a.txt", REPORT_A.encode()), upload("b.txt", REPORT_B.encode())]
    body = client.post("/review/", {"files": files}).content.decode()
    assert "600余人次" in body and "600人次余" not in body
    resp = client.post("/review/export/", {"payload": _payload(body), "what": "compare"})
    ws = load_workbook(io.BytesIO(resp.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    by_agency = {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    b = by_agency["西湖区卫生健康局"]
    # Columns are named as the indicators (core/figures.tsv); the rate and the count of one
    # test are two figures, each in its own column.
    assert b["法律知识考试合格率"] == "98.9%"
    assert b["考试参考、合格人数"] == "87人"
    assert by_agency["东湖区卫生健康局"]["学法培训人次"] == "600余人次"
    assert b["雷同句子占比"]  # the shared sentence is reported


def test_a_tampered_export_is_refused(world, client_for):
    resp = client_for(world.city_officer).post("/review/export/", {"payload": "x", "what": "xlsx"})
    assert resp.status_code == 400 and "导出数据无效" in resp.content.decode()


def test_reused_sentences_count_the_agencys_own_wording_only():
    from review.compare import reused_text
    from review.engine import review_text

    a, b = review_text(REPORT_A), review_text(REPORT_B)
    reuse = reused_text([a, b])
    # One sentence is shared; the mandated headings, alike in every report, are not copying.
    assert [r["reused"] for r in reuse] == [1, 1]
    assert reuse[0]["passages"][0]["text"].startswith("严格落实行政执法公示制度")
    assert 0 < reuse[1]["share"] < 1
