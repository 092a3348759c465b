"""Excel import of agencies and people: all-or-nothing with row-numbered errors."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from core.io import Column, ImportFileError, Sheet, SheetNotFound, Unique, import_sheet, read_rows
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


def _department_form(agency):
    from core.forms import DepartmentForm

    def make_form(data, raw):
        return DepartmentForm(data=data, instance=Department(agency=agency))

    return make_form


@pytest.mark.parametrize(
    "columns, unique_by, rows, error",
    [
        (  # one column that no form or constraint keeps unique
            [Column("部门名称", "name", required=True), Column("职能", "kind")],
            ["kind"],
            [["监督一科", "监督"], ["监督二科", " 监督 "], ["法规科", ""], ["办公室", ""]],
            (3, "职能", "与第2行重复（职能相同）。"),
        ),
        (  # two columns together, in another order, compared case-folded
            [Column("职能", "kind"), Column("名称", "name", required=True)],
            [("name", "kind")],
            [["法规", "A"], ["法规", "b"], ["法规 ", "a"]],
            (4, "名称", "与第2行重复（名称、职能相同）。"),
        ),
        (  # a Unique with its own comparison, message and column
            [Column("名称", "name", required=True), Column("职能", "kind")],
            [Unique(("name",), key=lambda n: n[:2], message="与第{row}行前两字相同。", on="kind")],
            [["监督一科", "x"], ["监督二科", "y"]],
            (3, "职能", "与第2行前两字相同。"),
        ),
    ],
)
def test_unique_by_refuses_a_row_repeating_an_earlier_one_for_any_columns(
    world, columns, unique_by, rows, error
):
    f = workbook({"科室表": [[c.header for c in columns], *rows]})
    sheet = Sheet(columns, _department_form(world.county_a), unique_by=unique_by)
    result = import_sheet(f, sheet)
    assert [(e.row, e.column, e.message) for e in result.errors] == [error]
    assert str(result.errors[0]).startswith(f"工作表“科室表”第{error[0]}行“{error[1]}”：")
    assert result.created == 0 and not Department.objects.filter(agency=world.county_a).exists()
    # Without the option the same rows import: the check is the option's, not the form's.
    f.seek(0)
    assert import_sheet(f, Sheet(columns, _department_form(world.county_a))).created == len(rows)


def test_unique_by_naming_no_column_is_a_programming_error(world):
    f = workbook({"科室表": [["部门名称"], ["监督一科"]]})
    sheet = Sheet([Column("部门名称", "name")], _department_form(world.county_a), unique_by=["nam"])
    with pytest.raises(ValueError, match="nam"):
        import_sheet(f, sheet)


def test_file_errors_are_errors_of_the_result_naming_the_sheet(world):
    sheet = Sheet(NAMED_COLUMNS, _department_form(world.county_a), title="附表")
    result = import_sheet(workbook({"名录": [["编号"]]}), sheet)
    assert [str(e) for e in result.errors] == ["工作簿中没有名为“附表”的工作表。"]
    result = import_sheet(workbook({"附表": [["备注"]]}), sheet)
    assert [str(e) for e in result.errors] == ["工作表“附表”的表头缺少必需的列：编号。"]


#: Names that read or import spreadsheet rows; only core/io.py may use them, so that every
#: import is the one all-or-nothing implementation with the same error reporting.
ROW_READERS = {
    "load_workbook",
    "read_excel",
    "iter_rows",
    "sheet_rows",
    "read_rows",
    "open_workbook",
}
ROW_LOOPS = {"import_rows", "_import_rows"}


def _project_modules():
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    for path in sorted(root.glob("*/**/*.py")):
        rel = path.relative_to(root)
        if rel.parts[0].startswith(".") or rel.parts[0] in {"node_modules", "bench"}:
            continue
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        yield rel, path


def _names_used(tree):
    import ast

    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            yield node.id, node.lineno
        elif isinstance(node, ast.Attribute):
            yield node.attr, node.lineno
        elif isinstance(node, ast.alias):
            yield node.name.rsplit(".", 1)[-1], node.lineno


def test_no_module_but_core_io_reads_rows_or_loops_over_them():
    """An app describes its sheets (``core.io.Sheet``) and calls ``import_workbook``; reading
    a workbook's rows itself or calling the row loop would be a second import implementation.
    (An export may style the sheet it writes: ``iter_rows`` on a workbook it made is allowed
    where the module never opens an uploaded one.)"""
    import ast

    found = []
    for rel, path in _project_modules():
        if rel.as_posix() == "core/io.py":
            continue
        used = list(_names_used(ast.parse(path.read_text(encoding="utf-8"))))
        names = {n for n, _ in used}
        reads_uploads = "load_workbook" in names or names & (ROW_READERS - {"iter_rows"})
        for name, line in used:
            if name in ROW_LOOPS or (name in ROW_READERS and reads_uploads):
                found.append(f"{rel}:{line} {name}")
    assert found == []
    # The check sees what it looks for.
    sample = ast.parse("from core.io import sheet_rows\nfor n, r in sheet_rows(wb, c): pass")
    assert {"sheet_rows"} <= {n for n, _ in _names_used(sample)}
