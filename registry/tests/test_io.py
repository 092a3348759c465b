import datetime
import io

from openpyxl import Workbook

from registry.io import COLUMNS, export_entities, import_entities
from registry.models import SupervisedEntity
from registry.tests.factories import entity, make_uscc


def sheet(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([h for h, _, _ in COLUMNS])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def row(n, **over):
    base = {
        "单位名称": f"导入{n}号浴室",
        "统一社会信用代码": make_uscc(500000 + n),
        "地址": f"西湖路{n}号",
        "片区": "",
        "监管类别": "公共场所",
        "细分类别": "沐浴",
        "风险等级": "低风险",
        "信用等级": "A级（守信）",
        "经营状态": "营业",
        "开业日期": datetime.date(2020, 1, 1),
        "法定代表人/负责人": "张三",
    }
    base.update(over)
    return [base[h] for h, _, _ in COLUMNS]


def test_valid_sheet_imports_every_row(world):
    res = import_entities(sheet([row(1), row(2)]), world.county_a)
    assert res.ok and res.created == 2
    assert SupervisedEntity.objects.filter(agency=world.county_a).count() == 2


def test_bad_rows_are_reported_by_row_number_and_nothing_is_imported(world):
    existing = entity(world.county_a)
    bad_code = make_uscc(500003)[:17] + ("0" if make_uscc(500003)[17] != "0" else "1")
    rows = [
        row(1),
        row(2, 统一社会信用代码=bad_code),
        row(3, 监管类别="宠物店"),
        row(4, 开业日期=datetime.date.today() + datetime.timedelta(days=10)),
        row(5, 统一社会信用代码=existing.uscc),
        row(6, 统一社会信用代码=make_uscc(500001)),  # same code as row 1 (sheet row 2)
    ]
    res = import_entities(sheet(rows), world.county_a)
    assert not res.ok
    by_row = {e.row: e for e in res.errors}
    assert "校验码" in by_row[3].message and by_row[3].column == "统一社会信用代码"
    assert by_row[4].column == "监管类别" and "宠物店" in by_row[4].message
    assert by_row[5].column == "开业日期"
    assert "已登记" in by_row[6].message
    assert "与第2行重复" in by_row[7].message
    assert str(by_row[3]).startswith("第3行")
    assert SupervisedEntity.objects.count() == 1  # only the pre-existing one


def test_export_round_trips_through_import(world):
    entity(world.county_a, name="导出测试宾馆")
    data = export_entities(SupervisedEntity.objects.all())
    SupervisedEntity.objects.all().delete()
    res = import_entities(io.BytesIO(data), world.county_b)
    assert res.ok, [str(e) for e in res.errors]
    assert SupervisedEntity.objects.get().name == "导出测试宾馆"
