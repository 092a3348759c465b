"""Excel import of agencies and people: all-or-nothing with row-numbered errors."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from core.io import Column, ImportFileError, SheetNotFound, read_rows
from core.models import Agency, Department, Person

pytestmark = pytest.mark.django_db


def xlsx(rows):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "import.xlsx"
    return buf


AGENCY_HEADER = ["机构代码", "机构名称", "简称", "层级", "上级机构代码", "行政区划代码"]
PERSON_HEADER = ["姓名", "科室", "职务", "执法证号", "执法证有效期至", "年审状态", "法律职业资格"]


def test_agency_import_creates_rows_with_parents_defined_above(world, client_for):
    f = xlsx(
        [
            AGENCY_HEADER,
            ["330102001", "东湖街道卫生健康办", "", "乡镇（街道）", "330102", ""],
            ["330102002", "西湖街道卫生健康办", "", "town", "330102", ""],
        ]
    )
    resp = client_for(world.admin_a).post("/agencies/import/", {"file": f})
    assert resp.status_code == 302
    town = Agency.objects.get(code="330102001")
    assert town.parent == world.county_a
    assert town.path.startswith(world.county_a.path)


def test_agency_import_with_bad_rows_writes_nothing_and_numbers_every_error(world, client_for):
    before = Agency.objects.count()
    f = xlsx(
        [
            AGENCY_HEADER,
            ["330102001", "东湖街道卫生健康办", "", "乡镇（街道）", "330102", ""],  # good
            ["330102002", "", "", "乡镇（街道）", "330102", ""],  # missing name
            ["330102003", "某街道", "", "乡镇（街道）", "999999", ""],  # unknown parent
            ["330102", "重复代码", "", "乡镇（街道）", "330102", ""],  # duplicate code
            ["330102004", "某街道", "", "村级", "330102", ""],  # unknown level
            ["330102005", "越权街道", "", "乡镇（街道）", "330103", ""],  # parent outside scope
        ]
    )
    resp = client_for(world.admin_a).post("/agencies/import/", {"file": f})
    assert resp.status_code == 200
    body = resp.content.decode()
    assert Agency.objects.count() == before
    assert "第3行“机构名称”：必填" in body
    assert "第4行“上级机构代码”：上级机构代码“999999”不存在" in body
    assert "第5行“机构代码”" in body and "已存在" in body
    assert "第6行“层级”" in body
    assert "第7行“上级机构代码”" in body
    assert "第2行" not in body


def test_people_import_and_bad_date(world, client_for):
    Department.objects.create(agency=world.county_a, name="监督一科")
    good = ["张三", "监督一科", "科员", "ZJ0001", "2027-06-30", "年审合格", "否"]
    f = xlsx([PERSON_HEADER, good])
    assert client_for(world.admin_a).post("/people/import/", {"file": f}).status_code == 302
    p = Person.objects.get(name="张三")
    assert p.agency == world.county_a
    assert p.certificate_valid_until == datetime.date(2027, 6, 30)

    f = xlsx(
        [
            PERSON_HEADER,
            ["李四", "监督一科", "科员", "ZJ0002", "2027-06-30", "年审合格", "是"],
            ["王五", "监督一科", "科员", "ZJ0003", "2027/13/45", "年审合格", "否"],
            ["赵六", "不存在科", "科员", "", "", "", "否"],
            ["", "监督一科", "科员", "", "", "", "否"],
            ["钱七", "监督一科", "科员", "ZJ0001", "2027-06-30", "年审合格", "否"],
            ["孙八", "", "", "ZJ0009", "", "", "否"],
        ]
    )
    resp = client_for(world.admin_a).post("/people/import/", {"file": f})
    body = resp.content.decode()
    assert not Person.objects.filter(name="李四").exists()
    assert "第3行“执法证有效期至”：日期格式错误" in body
    assert "第4行“科室”" in body
    assert "第5行“姓名”：必填" in body
    assert "第6行“执法证号”" in body and "执法证号已被登记" in body
    assert "第7行“执法证有效期至”" in body


def test_import_rejects_a_file_that_is_not_xlsx(world, client_for):
    f = io.BytesIO(b"not a workbook")
    f.name = "x.xlsx"
    resp = client_for(world.admin_a).post("/people/import/", {"file": f})
    assert "无法读取该文件" in resp.content.decode()


def test_inspector_cannot_import(world, client_for):
    f = xlsx([PERSON_HEADER])
    assert client_for(world.officer_a).post("/people/import/", {"file": f}).status_code == 403


def test_export_reads_back_with_headers(world, client_for):
    Person.objects.create(
        agency=world.county_a,
        name="导出人员",
        certificate_number="X1",
        certificate_valid_until=datetime.date(2028, 1, 1),
    )
    data = client_for(world.admin_a).get("/people/export/").content
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "姓名"
    names = [r[0] for r in rows[1:]]
    assert "导出人员" in names and "王芳" not in names  # 王芳 is county B


def workbook(sheets):
    """An .xlsx file of ``{title: rows}``, sheets in the order given."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


NAMED_COLUMNS = [Column("编号", "number", required=True), Column("备注", "note")]


def test_read_rows_reads_the_named_sheet_with_excel_row_numbers():
    f = workbook(
        {
            "名录": [["单位名称"], ["第一个单位"]],
            "附表": [[" 备注 ", "编号", "其他"], ["甲 ", " A1", "x"], [None, "", None], ["", "A2"]],
        }
    )
    assert read_rows(f, NAMED_COLUMNS, sheet="附表") == [
        (2, {"编号": "A1", "备注": "甲"}),
        (4, {"编号": "A2", "备注": None}),
    ]
    # Without a title the first sheet is read, as before.
    assert read_rows(f, [Column("单位名称", "name")]) == [(2, {"单位名称": "第一个单位"})]


def test_a_missing_named_sheet_is_a_file_error_naming_it():
    f = workbook({"名录": [["编号"], ["A1"]]})
    with pytest.raises(SheetNotFound, match="工作簿中没有名为“附表”的工作表。"):
        read_rows(f, NAMED_COLUMNS, sheet="附表")
    assert issubclass(SheetNotFound, ImportFileError)


def test_header_errors_of_a_named_sheet_name_the_sheet():
    f = workbook({"名录": [["编号"]], "附表": [["备注"], ["甲"]], "空表": []})
    with pytest.raises(ImportFileError) as missing:
        read_rows(f, NAMED_COLUMNS, sheet="附表")
    assert str(missing.value) == "工作表“附表”的表头缺少必需的列：编号。"
    # An empty named sheet has no header: its required columns are missing.
    with pytest.raises(ImportFileError) as empty:
        read_rows(f, NAMED_COLUMNS, sheet="空表")
    assert str(empty.value) == "工作表“空表”的表头缺少必需的列：编号。"
    assert read_rows(f, [Column("备注", "note")], sheet="空表") == []


def test_person_import_without_a_file_says_so(world, client_for):
    resp = client_for(world.admin_a).post("/people/import/", {})
    assert resp.status_code == 200
    assert "请选择要导入的Excel文件（.xlsx）。" in resp.content.decode()
