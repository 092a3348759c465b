"""The import and export pages, with real .xlsx files through the test client: what they write,
and how users reach them (links, messages, file names)."""

import io
import re
from urllib.parse import quote

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from core.models import AuditEvent
from registry.io import import_entities
from registry.models import Licence, SupervisedEntity
from registry.tests.factories import (
    entity,
    entity_adder_only,
    entity_row,
    erase_directory,
    licence,
    licence_row,
    make_uscc,
    workbook,
)

LIST = "/registry/entities/"
IMPORT = "/registry/entities/import/"
EXPORT = "/registry/entities/export/"


def upload(buf, name="名录.xlsx"):
    buf.name = name
    return {"file": buf}


def test_import_page_describes_both_sheets(world, client_for):
    html = client_for(world.officer_a).get(IMPORT).content.decode()
    assert "工作表“许可证”" in html and "有效期至" in html and 'name="file"' in html


def test_import_page_writes_entities_and_licences(world, client_for):
    code = make_uscc(500001)
    buf = workbook([entity_row(1), entity_row(2)], [licence_row(code, "页-1")])
    resp = client_for(world.officer_a).post(IMPORT, upload(buf), follow=True)
    assert resp.redirect_chain[-1][0] == "/registry/entities/"
    assert "已导入2个监管对象、1张许可证。" in resp.content.decode()
    assert SupervisedEntity.objects.filter(agency=world.county_a).count() == 2
    lic = Licence.objects.get()
    assert lic.entity.uscc == code and lic.created_by == world.officer_a


def test_import_page_reports_rows_of_both_sheets_and_writes_nothing(world, client_for):
    code = make_uscc(500001)
    buf = workbook(
        [entity_row(1), entity_row(2, 经营状态="倒闭")],
        [licence_row(code, "页-1", 有效期自="2024-02-30"), licence_row(make_uscc(9), "页-2")],
    )
    resp = client_for(world.officer_a).post(IMPORT, upload(buf))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "校验未通过（3处错误），未导入任何数据" in html
    assert "工作表“监管对象”第3行“经营状态”：取值“倒闭”无效" in html
    assert "工作表“许可证”第2行“有效期自”：日期格式错误：“2024-02-30”" in html
    assert "工作表“许可证”第3行“统一社会信用代码”：未找到" in html
    assert not SupervisedEntity.objects.exists() and not Licence.objects.exists()


def test_import_page_refuses_a_file_that_is_not_xlsx(world, client_for):
    resp = client_for(world.officer_a).post(IMPORT, upload(io.BytesIO(b"name,code\n"), "a.csv"))
    assert "无法读取该文件" in resp.content.decode()
    assert not SupervisedEntity.objects.exists()


def test_import_page_needs_the_add_permissions(world, client_for):
    c = client_for(world.reviewer_a)
    assert c.get(IMPORT).status_code == 403
    assert c.post(IMPORT, upload(workbook([entity_row(1)]))).status_code == 403
    assert not SupervisedEntity.objects.exists()


def test_import_page_needs_add_licence_too(world, client_for):
    c = client_for(entity_adder_only(world))
    assert c.get(IMPORT).status_code == 403
    assert c.post(IMPORT, upload(workbook([entity_row(1)]))).status_code == 403
    assert not SupervisedEntity.objects.exists()


def test_export_page_downloads_scoped_entities_and_licences(world, client_for):
    own = entity(world.county_a, name="东湖导出宾馆")
    licence(own, number="导出-1")
    other = entity(world.county_b, name="西山导出宾馆")
    licence(other, number="导出-2")
    resp = client_for(world.officer_a).get(EXPORT)
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in resp["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.content))
    names = [r[0] for r in wb["监管对象"].iter_rows(min_row=2, values_only=True)]
    numbers = [r[3] for r in wb["许可证"].iter_rows(min_row=2, values_only=True)]
    assert names == ["东湖导出宾馆"] and numbers == ["导出-1"]
    exported = AuditEvent.objects.filter(action="export", actor=world.officer_a)
    assert sorted(e.changes["model"] for e in exported) == [
        "registry.licence",
        "registry.supervisedentity",
    ]
    assert [e.changes["count"] for e in exported] == [1, 1]


def test_export_counts_the_rows_it_writes_without_a_count_query(world, client_for):
    e = entity(world.county_a)
    licence(e)
    licence(e)
    c = client_for(world.officer_a)
    with CaptureQueriesContext(connection) as queries:
        assert c.get(EXPORT).status_code == 200
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    counts = dict(
        AuditEvent.objects.filter(action="export").values_list("changes__model", "changes__count")
    )
    assert counts == {"registry.supervisedentity": 1, "registry.licence": 2}


def test_export_page_keeps_the_list_filter(world, client_for):
    entity(world.county_a, name="东湖甲宾馆")
    clinic = entity(world.county_a, name="东湖诊所", category="medical", subcategory="clinic")
    licence(clinic, kind="medical_practice", number="PDY-1")
    resp = client_for(world.officer_a).get(EXPORT, {"category": "medical"})
    wb = load_workbook(io.BytesIO(resp.content))
    assert [r[0] for r in wb["监管对象"].iter_rows(min_row=2, values_only=True)] == ["东湖诊所"]
    assert [r[3] for r in wb["许可证"].iter_rows(min_row=2, values_only=True)] == ["PDY-1"]


def test_exported_file_imports_again_through_the_page(world, client_for):
    e = entity(world.county_a, name="往返宾馆")
    licence(e, number="往返-1")
    data = client_for(world.officer_a).get(EXPORT).content
    erase_directory()
    resp = client_for(world.officer_b).post(IMPORT, upload(io.BytesIO(data)))
    assert resp.status_code == 302
    back = SupervisedEntity.objects.get()
    assert (back.name, back.agency) == ("往返宾馆", world.county_b)
    assert list(back.licences.values_list("number", flat=True)) == ["往返-1"]


def test_list_links_to_import_and_export_for_roles_allowed(world, client_for):
    html = client_for(world.officer_a).get(LIST).content.decode()
    assert f'href="{EXPORT}?' in html and "导出 Excel" in html
    assert f'href="{IMPORT}"' in html and "导入 Excel" in html


def test_list_offers_no_import_to_a_reader(world, client_for):
    html = client_for(world.reviewer_a).get(LIST).content.decode()
    assert f'href="{EXPORT}?' in html
    assert IMPORT not in html


def test_list_export_link_keeps_the_filter(world, client_for):
    html = client_for(world.officer_a).get(LIST + "?category=medical").content.decode()
    assert f'href="{EXPORT}?category=medical"' in html


def test_import_page_links_to_the_export_template_and_back_to_the_list(world, client_for):
    html = client_for(world.officer_a).get(IMPORT).content.decode()
    assert re.search(rf'<a [^>]*href="{EXPORT}"[^>]*>[^<]*导出', html)
    assert re.search(rf'<a [^>]*href="{LIST}"[^>]*>[^<]*返回', html)


def test_import_without_a_file_says_so_on_the_field(world, client_for):
    resp = client_for(world.officer_a).post(IMPORT, {})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "请选择要导入的Excel文件（.xlsx）。" in html
    assert 'id="id_file"' in html and "is-invalid" in html


def test_licence_of_an_unnamed_entity_row_never_says_none(world):
    code = make_uscc(500001)
    buf = workbook([entity_row(1, 单位名称=None)], [licence_row(code, "无名-1", 单位名称="某宾馆")])
    res = import_entities(buf, world.county_a)
    assert not res.ok
    text = "\n".join(str(e) for e in res.errors)
    assert "None" not in text
    assert "工作表“许可证”第2行“单位名称”：" in text and "未填写单位名称" in text


def test_export_is_named_after_the_agency_and_the_day(world, client_for):
    entity(world.county_a)
    resp = client_for(world.officer_a).get(EXPORT)
    name = f"监管对象名录-临江市东湖区卫生健康局-{timezone.localdate():%Y%m%d}.xlsx"
    assert resp["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"


def test_reimporting_an_export_says_first_that_every_row_is_registered(world, client_for):
    for n in range(3):
        licence(entity(world.county_a, name=f"东湖{n}号宾馆"), number=f"东湖-{n}")
    c = client_for(world.officer_a)
    exported = c.get(EXPORT).content
    assert load_workbook(io.BytesIO(exported))["监管对象"].max_row == 4
    resp = c.post(IMPORT, upload(io.BytesIO(exported)))
    html = resp.content.decode()
    summary = "文件中3行均已登记，未导入任何记录。"
    assert summary in html
    # The row-numbered report follows the summary.
    assert html.index(summary) < html.index("工作表“监管对象”第2行")
    assert "工作表“监管对象”第4行" in html
    assert SupervisedEntity.objects.count() == 3
