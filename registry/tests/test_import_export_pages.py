"""The import/export pages as users reach them: links, messages, file names (real .xlsx files)."""

import io
import re
from urllib.parse import quote

from django.utils import timezone
from openpyxl import load_workbook

from registry.io import import_entities
from registry.models import SupervisedEntity
from registry.tests.factories import entity, entity_row, licence, licence_row, make_uscc, workbook

LIST = "/registry/entities/"
IMPORT = "/registry/entities/import/"
EXPORT = "/registry/entities/export/"


def upload(buf, name="名录.xlsx"):
    buf.name = name
    return {"file": buf}


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
