import datetime
import io

from openpyxl import load_workbook

from registry.io import COLUMNS, LICENCE_COLUMNS, export_entities, headers, import_entities
from registry.models import Licence, SupervisedEntity
from registry.tests.factories import (
    entity,
    entity_row,
    erase_directory,
    licence,
    licence_row,
    make_uscc,
    workbook,
)

row = entity_row


def sheet(rows):
    return workbook(rows)


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
    assert str(by_row[3]).startswith("工作表“监管对象”第3行“统一社会信用代码”：")
    assert SupervisedEntity.objects.count() == 1  # only the pre-existing one


def test_export_round_trips_through_import(world):
    e = entity(world.county_a, name="导出测试宾馆")
    licence(e, number="临卫公字〔2024〕第00001号", valid_until=None)
    licence(
        e,
        kind="water_supply",
        number="临卫水字〔2023〕第007号",
        valid_from=datetime.date(2023, 5, 6),
        valid_until=datetime.date(2027, 5, 5),
    )
    export = export_entities(SupervisedEntity.objects.all())
    assert (export.entities, export.licences) == (1, 2)
    data = export.data
    erase_directory()
    assert not Licence.objects.exists()
    res = import_entities(io.BytesIO(data), world.county_b)
    assert res.ok, [str(e) for e in res.errors]
    assert (res.created, res.licences_created) == (1, 2)
    back = SupervisedEntity.objects.get()
    assert back.name == "导出测试宾馆" and back.agency == world.county_b
    got = sorted(back.licences.values_list("kind", "number", "valid_from", "valid_until", "agency"))
    assert got == [
        (
            "public_place",
            "临卫公字〔2024〕第00001号",
            datetime.date(2024, 1, 1),
            None,
            world.county_b.pk,
        ),
        (
            "water_supply",
            "临卫水字〔2023〕第007号",
            datetime.date(2023, 5, 6),
            datetime.date(2027, 5, 5),
            world.county_b.pk,
        ),
    ]


def test_export_has_a_licence_sheet_keyed_by_credit_code(world):
    e = entity(world.county_a, name="导出甲宾馆")
    licence(e, number="A-1", valid_until=None)
    wb = load_workbook(io.BytesIO(export_entities(SupervisedEntity.objects.all()).data))
    assert wb.sheetnames == ["监管对象", "许可证"]
    rows = list(wb["许可证"].iter_rows(values_only=True))
    assert list(rows[0]) == headers(LICENCE_COLUMNS)
    assert rows[1][:4] == (e.uscc, "导出甲宾馆", "公共场所卫生许可证", "A-1")
    assert rows[1][4].date() == datetime.date(2024, 1, 1) and rows[1][5] is None
    assert list(next(wb["监管对象"].iter_rows(values_only=True))) == headers(COLUMNS)


def test_licences_attach_to_sheet_rows_and_to_registered_entities(world):
    registered = entity(world.county_a, name="已登记宾馆")
    code1 = make_uscc(500001)
    res = import_entities(
        workbook(
            [row(1)],
            [
                licence_row(code1.lower() + " ", "L-1", 单位名称="导入1号浴室"),
                licence_row(registered.uscc, "L-2", 有效期至=None, 有效期自="2022年3月4日"),
                licence_row(code1, 12345.0, 许可证类型="water_supply"),
            ],
        ),
        world.county_a,
        world.officer_a,
    )
    assert res.ok, [str(e) for e in res.errors]
    assert (res.created, res.licences_created) == (1, 3)
    new = SupervisedEntity.objects.get(uscc=code1)
    assert sorted(new.licences.values_list("kind", "number")) == [
        ("public_place", "L-1"),
        ("water_supply", "12345"),
    ]
    l2 = registered.licences.get()
    assert (l2.number, l2.valid_from, l2.valid_until) == ("L-2", datetime.date(2022, 3, 4), None)
    assert l2.agency == world.county_a and l2.created_by == world.officer_a


def test_bad_licence_rows_are_reported_by_sheet_and_row_and_nothing_is_imported(world):
    other = entity(world.county_b, name="西山宾馆")
    taken = licence(entity(world.county_a), number="已占用-1")
    code1 = make_uscc(500001)
    licences = [
        licence_row(code1, "OK-1"),  # row 2: fine
        licence_row(make_uscc(777777), "X-1"),  # 3: nobody's code
        licence_row(other.uscc, "X-2"),  # 4: another county's entity
        licence_row(code1, "X-3", 有效期自="2024-13-01"),  # 5: bad date
        licence_row(  # 6: ends before it starts
            code1, "X-4", 有效期自=datetime.date(2025, 1, 1), 有效期至=datetime.date(2024, 1, 1)
        ),
        licence_row(code1, "OK-1"),  # 7: repeats row 2
        licence_row(code1, taken.number),  # 8: already registered
        licence_row(code1, "X-5", 许可证类型="营业执照"),  # 9: not a licence type
        licence_row(code1, "X-6", 单位名称="别的单位"),  # 10: code and name disagree
        licence_row(code1, None),  # 11: number missing
    ]
    res = import_entities(workbook([row(1)], licences), world.county_a)
    assert not res.ok
    by_row = {e.row: e for e in res.errors}
    assert set(by_row) == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    assert all(e.sheet == "许可证" for e in res.errors)
    assert by_row[3].column == "统一社会信用代码" and "未找到" in by_row[3].message
    assert "未找到" in by_row[4].message  # not told that county B has it
    assert by_row[5].column == "有效期自" and "日期格式错误" in by_row[5].message
    assert by_row[6].column == "有效期至" and "不能早于" in by_row[6].message
    assert by_row[7].column == "许可证号" and "与第2行" in by_row[7].message
    assert by_row[8].column == "许可证号" and "已被登记" in by_row[8].message
    assert by_row[9].column == "许可证类型" and "营业执照" in by_row[9].message
    assert by_row[10].column == "单位名称" and "不一致" in by_row[10].message
    assert by_row[11].column == "许可证号" and "必填" in by_row[11].message
    assert str(by_row[6]) == "工作表“许可证”第6行“有效期至”：许可证有效期至不能早于有效期自。"
    # The entity sheet was valid, but nothing of the file is written.
    assert not SupervisedEntity.objects.filter(uscc=code1).exists()
    assert Licence.objects.count() == 1


def test_both_sheets_are_checked_when_the_entity_sheet_has_errors(world):
    code1 = make_uscc(500001)
    res = import_entities(
        workbook(
            [row(1), row(2, 监管类别="宠物店")],
            [
                licence_row(code1, "L-1", 有效期自="2025-01-01", 有效期至="2024-01-01"),
                licence_row(make_uscc(500002), "L-2", 单位名称="导入2号浴室"),
            ],
        ),
        world.county_a,
    )
    texts = [str(e) for e in res.errors]
    assert texts[0].startswith("工作表“监管对象”第3行“监管类别”")
    assert texts[1].startswith("工作表“许可证”第2行“有效期至”")
    assert len(texts) == 2  # row 3 of 许可证 names a (refused) row of the sheet: no other error
    assert not SupervisedEntity.objects.exists() and not Licence.objects.exists()


def test_licence_sheet_without_a_required_column_is_refused(world):
    res = import_entities(
        workbook([row(1)], [["x"]], licence_headers=["统一社会信用代码", "许可证号"]),
        world.county_a,
    )
    assert not res.ok
    assert "工作表“许可证”" in res.errors[0].message and "许可证类型" in res.errors[0].message
    assert not SupervisedEntity.objects.exists()


def test_a_file_may_add_licences_to_registered_entities_only(world):
    registered = entity(world.county_a, name="仅加证宾馆")
    res = import_entities(workbook([], [licence_row(registered.uscc, "仅证-1")]), world.county_a)
    assert res.ok and (res.created, res.licences_created) == (0, 1)
    assert registered.licences.get().number == "仅证-1"


def test_a_collision_the_checks_did_not_see_is_one_error_for_the_file(world, monkeypatch):
    """A code registered between a row's checks and its write (the database's unique index
    refuses it): nothing is written and the file gets one clear error, not a server error."""
    from registry.io import RACE_MESSAGE

    taken = entity(world.county_b)
    # The checks miss it, as they do when the other registration commits after them.
    monkeypatch.setattr(SupervisedEntity, "validate_constraints", lambda self, exclude=None: None)
    monkeypatch.setattr("registry.io.registered_entities", lambda codes: {})
    res = import_entities(sheet([row(1), row(2, 统一社会信用代码=taken.uscc)]), world.county_a)
    assert not res.ok and res.created == 0
    assert [str(e) for e in res.errors] == [RACE_MESSAGE]
    assert not SupervisedEntity.objects.filter(agency=world.county_a).exists()


def test_a_single_sheet_titled_like_the_licence_sheet_holds_entities(world):
    """The first sheet holds entities whatever its title; only another sheet holds licences."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "许可证"
    wb.active.append(headers(COLUMNS))
    wb.active.append(row(1))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    res = import_entities(buf, world.county_a)
    assert res.ok, [str(e) for e in res.errors]
    assert (res.created, res.licences_created) == (1, 0)
