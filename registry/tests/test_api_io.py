"""The Excel import/export of the registry through the REST API."""

import io
import json

from openpyxl import load_workbook

from core.models import AuditEvent
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

IMPORT = "/api/registry/entities/import/"
EXPORT = "/api/registry/entities/export/"


def upload(buf):
    buf.name = "名录.xlsx"
    return {"file": buf}


def test_api_import_writes_and_reports_counts(world, api_for):
    code = make_uscc(500001)
    buf = workbook([entity_row(1)], [licence_row(code, "API-1", 有效期至=None)])
    resp = api_for(world.officer_a).post(IMPORT, upload(buf), format="multipart")
    assert resp.status_code == 201, resp.content
    assert resp.json() == {"ok": True, "created": 1, "licences_created": 1, "errors": []}
    lic = Licence.objects.get()
    assert lic.entity.uscc == code and lic.agency == world.county_a and lic.valid_until is None


def test_api_import_with_errors_is_400_with_every_row_and_writes_nothing(world, api_for):
    code = make_uscc(500001)
    buf = workbook(
        [entity_row(1)],
        [
            licence_row(code, "API-1", 有效期自="2025-01-02", 有效期至="2025-01-01"),
            licence_row(make_uscc(424242), "API-2"),
        ],
    )
    resp = api_for(world.officer_a).post(IMPORT, upload(buf), format="multipart")
    assert resp.status_code == 400
    body = resp.json()
    assert body["ok"] is False and body["created"] == 0
    assert [(e["sheet"], e["row"], e["column"]) for e in body["errors"]] == [
        ("许可证", 2, "有效期至"),
        ("许可证", 3, "统一社会信用代码"),
    ]
    assert body["errors"][0]["text"] == (
        "工作表“许可证”第2行“有效期至”：许可证有效期至不能早于有效期自。"
    )
    assert not SupervisedEntity.objects.exists() and not Licence.objects.exists()


def test_api_import_without_a_file_is_400_in_chinese(world, api_for):
    resp = api_for(world.officer_a).post(IMPORT, {}, format="multipart")
    assert resp.status_code == 400
    assert resp.json()["file"] == ["请上传 .xlsx 文件（表单字段 file）。"]


def test_api_import_of_a_non_xlsx_file_is_400(world, api_for):
    buf = io.BytesIO(b"not a workbook")
    resp = api_for(world.officer_a).post(IMPORT, upload(buf), format="multipart")
    assert resp.status_code == 400
    assert "无法读取该文件" in resp.json()["errors"][0]["message"]
    (error,) = resp.json()["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("", 0, "")
    assert error["text"] == error["message"]


def test_api_import_needs_the_page_permissions(world, api_for):
    buf = workbook([entity_row(1)])
    resp = api_for(world.reviewer_a).post(IMPORT, upload(buf), format="multipart")
    assert resp.status_code == 403
    assert not SupervisedEntity.objects.exists()


def test_api_import_needs_add_licence_too(world, api_for):
    buf = workbook([entity_row(1)])
    resp = api_for(entity_adder_only(world)).post(IMPORT, upload(buf), format="multipart")
    assert resp.status_code == 403
    assert not SupervisedEntity.objects.exists()


def test_api_export_is_scoped_filtered_and_audited(world, api_for):
    own = entity(world.county_a, name="东湖接口宾馆")
    licence(own, number="接口-1")
    entity(world.county_a, name="东湖接口诊所", category="medical", subcategory="clinic")
    licence(entity(world.county_b, name="西山接口宾馆"), number="接口-2")
    api = api_for(world.officer_a)
    resp = api.get(EXPORT, {"category": "public_place"})
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(resp.content))
    assert [r[0] for r in wb["监管对象"].iter_rows(min_row=2, values_only=True)] == ["东湖接口宾馆"]
    assert [r[3] for r in wb["许可证"].iter_rows(min_row=2, values_only=True)] == ["接口-1"]
    event = AuditEvent.objects.get(action="export", changes__model="registry.supervisedentity")
    assert event.actor == world.officer_a and event.changes["count"] == 1
    event = AuditEvent.objects.get(action="export", changes__model="registry.licence")
    assert event.changes["count"] == 1
    # A client that asks for the spreadsheet by its media type gets it too.
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert api.get(EXPORT, HTTP_ACCEPT=xlsx).status_code == 200


def test_api_export_round_trips_through_api_import(world, api_for):
    e = entity(world.county_a, name="接口往返宾馆")
    licence(e, number="往返-9")
    data = api_for(world.officer_a).get(EXPORT).content
    erase_directory()
    resp = api_for(world.officer_b).post(IMPORT, upload(io.BytesIO(data)), format="multipart")
    assert resp.status_code == 201, resp.content
    assert Licence.objects.get().entity.agency == world.county_b


def test_api_export_needs_login(world, client):
    assert client.get(EXPORT).status_code in (401, 403)


def test_schema_lists_import_and_export(world, client_for):
    paths = client_for(world.officer_a).get("/api/schema/?format=json").json()["paths"]
    assert "post" in paths[IMPORT] and "get" in paths[EXPORT]


def test_api_export_error_asked_for_as_xlsx_reads_as_json(world, api_for):
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    resp = api_for(world.officer_a).get(EXPORT, {"category": "不存在"}, HTTP_ACCEPT=xlsx)
    assert resp.status_code == 400
    assert "category" in json.loads(resp.content)
