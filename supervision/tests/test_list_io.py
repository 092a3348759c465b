"""Excel import and export of 抽查事项清单, 回避申报 and 检查要点 (``supervision.list_io``)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from core.models import AuditEvent
from registry.tests.factories import entity
from supervision.models import ChecklistPoint, Conflict, InspectionItem
from supervision.tests.factories import inspector

pytestmark = pytest.mark.django_db

ITEM_HEADERS = ["抽查事项", "对象类别", "抽查依据", "检查方式", "层级"]
CONFLICT_HEADERS = ["执法人员", "执法证号", "监管对象名称", "统一社会信用代码", "回避事由"]


def _xlsx(headers, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "导入"
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _upload(client, url, data: bytes):
    return client.post(url, {"file": SimpleUploadedFile("导入.xlsx", data)})


def _sheet(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def _errors(response) -> list[str]:
    """The errors shown, without the sheet's name (“工作表“导入””) before each."""
    return [str(e).removeprefix("工作表“导入”") for e in response.context["result"].errors]


def _item(agency, name, category="public_place", basis="《公共场所卫生管理条例》"):
    return InspectionItem.objects.create(
        agency=agency, name=name, category=category, basis=basis, level="county"
    )


# --- 抽查事项清单 -------------------------------------------------------------------------------


def test_items_export_then_import_back_updates_them_and_adds_nothing(world, client_for):
    _item(world.county_a, "公共场所卫生监督抽查")
    _item(world.county_a, "学校卫生监督抽查", category="school", basis="《学校卫生工作条例》")
    _item(world.county_b, "西山区的事项")
    client = client_for(world.officer_a)

    r = client.get("/supervision/items/export/")
    assert r.status_code == 200
    rows = _sheet(r.content)
    assert rows[0] == (*ITEM_HEADERS, "所属机构")
    assert {row[0] for row in rows[1:]} == {"公共场所卫生监督抽查", "学校卫生监督抽查"}
    assert ("学校卫生监督抽查", "学校卫生", "《学校卫生工作条例》", "现场检查", "县级") in {
        row[:5] for row in rows[1:]
    }
    assert AuditEvent.objects.filter(action="export").exists()

    r = _upload(client, "/supervision/items/import/", r.content)
    assert r.status_code == 302, _errors(r)
    assert InspectionItem.objects.filter(agency=world.county_a).count() == 2

    # A changed cell of an exported file updates the item; the other county gets its own copy.
    changed = [list(row) for row in rows]
    changed[1][2] = "修订后的依据"
    data = _xlsx(changed[0], changed[1:])
    assert _upload(client, "/supervision/items/import/", data).status_code == 302
    name = changed[1][0]
    assert InspectionItem.objects.get(agency=world.county_a, name=name).basis == "修订后的依据"
    assert (
        _upload(client_for(world.officer_b), "/supervision/items/import/", data).status_code == 302
    )
    assert InspectionItem.objects.filter(agency=world.county_b).count() == 3


def test_a_bad_item_row_writes_nothing_and_every_error_names_row_and_column(world, client_for):
    data = _xlsx(
        ITEM_HEADERS,
        [
            ["公共场所卫生监督抽查", "公共场所", "《公共场所卫生管理条例》", "", "县级"],
            ["饮用水抽查", "饮用水", "《生活饮用水卫生监督管理办法》", "", "县级"],
            ["", "学校卫生", "《学校卫生工作条例》", "", "县级"],
            ["公共场所卫生监督抽查", "公共场所", "重复", "", "国家"],
        ],
    )
    r = _upload(client_for(world.officer_a), "/supervision/items/import/", data)
    assert r.status_code == 200
    errors = _errors(r)
    assert any(e.startswith("第3行“对象类别”：取值“饮用水”无效") for e in errors), errors
    assert "第4行“抽查事项”：必填，不能为空。" in errors
    assert "第5行“抽查事项”：与第2行的抽查事项同名。" in errors
    assert not InspectionItem.objects.exists()
    assert "未导入任何数据" in r.content.decode()


def test_the_item_template_is_the_import_header_row(world, client_for):
    r = client_for(world.officer_a).get("/supervision/items/template/")
    assert r.status_code == 200
    assert _sheet(r.content) == [tuple(ITEM_HEADERS)]


def test_a_reading_role_neither_imports_nor_downloads_the_template(world, client_for):
    client = client_for(world.reviewer_a)
    for path in ("items", "conflicts", "checklist"):
        assert client.get(f"/supervision/{path}/import/").status_code == 403
        assert client.get(f"/supervision/{path}/template/").status_code == 403
        assert client.get(f"/supervision/{path}/export/").status_code == 200


# --- 回避申报 ------------------------------------------------------------------------------------


def test_conflicts_export_then_import_back_keeps_them(world, client_for):
    person = inspector(world.county_a, name="张回避")
    unit = entity(world.county_a)
    Conflict.objects.create(agency=world.county_a, person=person, entity=unit, reason="近亲属")
    client = client_for(world.officer_a)

    r = client.get("/supervision/conflicts/export/")
    rows = _sheet(r.content)
    assert rows[0][:5] == tuple(CONFLICT_HEADERS)
    assert rows[1][:5] == ("张回避", person.certificate_number, unit.name, unit.uscc, "近亲属")

    changed = [list(row) for row in rows]
    changed[1][4] = "曾在该单位任职"
    r = _upload(client, "/supervision/conflicts/import/", _xlsx(changed[0], changed[1:]))
    assert r.status_code == 302, _errors(r)
    assert Conflict.objects.get().reason == "曾在该单位任职"


def test_conflict_import_finds_people_by_name_or_certificate_in_scope(world, client_for):
    by_name = inspector(world.county_a, name="刘一")
    by_code = inspector(world.county_a, name="刘二")
    units = [entity(world.county_a), entity(world.county_a)]
    data = _xlsx(
        CONFLICT_HEADERS,
        [
            ["刘一", "", units[0].name, units[0].uscc, "近亲属"],
            ["刘二", by_code.certificate_number, "", units[1].uscc, "曾任职"],
        ],
    )
    r = _upload(client_for(world.officer_a), "/supervision/conflicts/import/", data)
    assert r.status_code == 302, _errors(r)
    assert set(Conflict.objects.values_list("agency", "person", "entity")) == {
        (world.county_a.pk, by_name.pk, units[0].pk),
        (world.county_a.pk, by_code.pk, units[1].pk),
    }
    # The city names its counties' people and entities (as its page offers them), for itself.
    city = _xlsx(CONFLICT_HEADERS, [["刘一", "", "", units[1].uscc, "同学"]])
    r = _upload(client_for(world.city_officer), "/supervision/conflicts/import/", city)
    assert r.status_code == 302, _errors(r)
    assert Conflict.objects.filter(agency=world.city, person=by_name).count() == 1


def test_another_countys_person_or_entity_is_refused_as_an_unknown_one(world, client_for):
    mine = inspector(world.county_a, name="本区人员")
    theirs = inspector(world.county_b, name="西山人员")
    my_unit, their_unit = entity(world.county_a), entity(world.county_b)
    client = client_for(world.officer_a)

    def errors_for(row):
        r = _upload(client, "/supervision/conflicts/import/", _xlsx(CONFLICT_HEADERS, [row]))
        assert r.status_code == 200
        return _errors(r)

    foreign = errors_for(["西山人员", theirs.certificate_number, "", my_unit.uscc, "近亲属"])
    unknown = errors_for(["西山人员", "ZJ0000000000", "", my_unit.uscc, "近亲属"])
    assert [e.replace(theirs.certificate_number, "?") for e in foreign] == [
        e.replace("ZJ0000000000", "?") for e in unknown
    ]
    assert foreign[0].startswith("第2行“执法证号”：未找到执法证号为")
    foreign = errors_for(["西山人员", "", "", my_unit.uscc, "x"])
    unknown = errors_for(["无此人", "", "", my_unit.uscc, "x"])
    assert [e.replace("西山人员", "?") for e in foreign] == [
        e.replace("无此人", "?") for e in unknown
    ]
    assert foreign[0].startswith("第2行“执法人员”：未找到名为")

    code = "91330102MA0000000X"
    foreign = errors_for(["本区人员", mine.certificate_number, "", their_unit.uscc, "x"])
    unknown = errors_for(["本区人员", mine.certificate_number, "", code, "x"])
    assert [e.replace(their_unit.uscc, "?") for e in foreign] == [
        e.replace(code, "?") for e in unknown
    ]
    assert foreign[0].startswith("第2行“统一社会信用代码”：未找到统一社会信用代码为")
    assert not Conflict.objects.exists()


def test_one_bad_conflict_row_leaves_nothing(world, client_for):
    person = inspector(world.county_a, name="周某")
    units = [entity(world.county_a), entity(world.county_a)]
    data = _xlsx(
        CONFLICT_HEADERS,
        [
            ["周某", "", "", units[0].uscc, "近亲属"],
            ["周某", "", "名称不符的单位", units[1].uscc, "近亲属"],
            ["周某", "", "", units[0].uscc, "重复"],
        ],
    )
    r = _upload(client_for(world.officer_a), "/supervision/conflicts/import/", data)
    errors = _errors(r)
    assert any(e.startswith("第3行“监管对象名称”：与统一社会信用代码") for e in errors), errors
    assert any(e.startswith("第4行“执法人员”：与第2行重复") for e in errors), errors
    assert not Conflict.objects.filter(person=person).exists()


# --- 检查要点 ------------------------------------------------------------------------------------


def test_checklist_export_then_import_back_by_the_top_level_admin(world, client_for):
    item = _item(world.county_a, "公共场所卫生监督抽查")
    _item(world.county_b, "公共场所卫生监督抽查")  # the same name in another county
    ChecklistPoint.objects.create(
        category="public_place", item=item, text="事项要点", basis="第七条", order=3
    )
    ChecklistPoint.objects.create(
        category="public_place",
        text="停用要点",
        basis="第八条",
        retired_on=datetime.date(2026, 3, 2),
        retired_reason="标准修订",
    )
    before = ChecklistPoint.objects.count()
    client = client_for(world.city_admin)

    r = client.get("/supervision/checklist/export/")
    rows = _sheet(r.content)
    header = rows[0]
    assert header == (
        "监管类别",
        "抽查事项",
        "事项所属机构代码",
        "序号",
        "检查要点",
        "法律依据",
        "停用日期",
        "停用原因",
    )
    mine = next(row for row in rows if row[4] == "事项要点")
    assert mine[:4] == ("公共场所", "公共场所卫生监督抽查", world.county_a.code, 3)
    retired = next(row for row in rows if row[4] == "停用要点")
    assert retired[6].date() == datetime.date(2026, 3, 2) and retired[7] == "标准修订"

    r = _upload(client, "/supervision/checklist/import/", r.content)
    assert r.status_code == 302, _errors(r)
    assert ChecklistPoint.objects.count() == before

    # A new point of an item needs the agency code where two agencies share its name.
    new = [["公共场所", "公共场所卫生监督抽查", "", 4, "新要点", "第九条", None, ""]]
    r = _upload(client, "/supervision/checklist/import/", _xlsx(header, new))
    assert _errors(r) == [
        "第2行“事项所属机构代码”：抽查事项“公共场所卫生监督抽查”在多个机构中同名："
        "请填写事项所属机构代码以区分。"
    ]
    new[0][2] = world.county_b.code
    assert _upload(client, "/supervision/checklist/import/", _xlsx(header, new)).status_code == 302
    assert ChecklistPoint.objects.get(text="新要点").item.agency == world.county_b


def test_a_retired_point_without_reason_leaves_the_checklist_as_it_was(world, client_for):
    header = ["监管类别", "抽查事项", "序号", "检查要点", "法律依据", "停用日期", "停用原因"]
    rows = [
        ["学校卫生", "", 1, "教室采光", "《学校卫生工作条例》", None, ""],
        ["学校卫生", "", 2, "饮水设施", "《学校卫生工作条例》", "2026-04-01", ""],
        ["学校卫生", "无此事项", 3, "宿舍", "《学校卫生工作条例》", None, ""],
    ]
    before = ChecklistPoint.objects.count()
    r = _upload(client_for(world.city_admin), "/supervision/checklist/import/", _xlsx(header, rows))
    errors = _errors(r)
    assert "第3行“停用原因”：停用检查要点须写明停用原因。" in errors
    assert "第4行“抽查事项”：未找到对象类别为学校卫生的抽查事项“无此事项”。" in errors
    assert ChecklistPoint.objects.count() == before


def test_only_the_top_level_admin_imports_checklist_points(world, client_for):
    data = _xlsx(["监管类别", "检查要点", "法律依据"], [["学校卫生", "要点", "依据"]])
    before = ChecklistPoint.objects.count()
    r = _upload(client_for(world.admin_a), "/supervision/checklist/import/", data)
    assert r.status_code == 403
    assert ChecklistPoint.objects.count() == before
    page = client_for(world.admin_a).get("/supervision/checklist/").content.decode()
    assert "/supervision/checklist/import/" not in page
    page = client_for(world.city_admin).get("/supervision/checklist/").content.decode()
    assert "/supervision/checklist/import/" in page
