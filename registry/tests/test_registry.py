import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from core.tests.scoping import ScopedEndpoints, assert_scoped
from registry.models import Licence, SupervisedEntity
from registry.tests.factories import entity, make_uscc

pytestmark = pytest.mark.django_db

HEADER = ["名称", "统一社会信用代码", "地址", "类别", "子类", "开业日期"]


def xlsx(rows):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "entities.xlsx"
    return buf


def test_subcategory_must_belong_to_category(world):
    e = SupervisedEntity(
        agency=world.county_a,
        name="某游泳馆",
        address="湖滨路1号",
        category="water",
        subcategory="swimming",
    )
    with pytest.raises(ValidationError) as exc:
        e.full_clean()
    assert "子类与类别不符" in exc.value.message_dict["subcategory"][0]


def test_uscc_check_character_is_enforced(world):
    bad = make_uscc(5)[:-1] + ("0" if make_uscc(5)[-1] != "0" else "1")
    e = SupervisedEntity(
        agency=world.county_a,
        name="甲",
        address="乙",
        uscc=bad,
        category="medical",
        subcategory="clinic",
    )
    with pytest.raises(ValidationError) as exc:
        e.full_clean()
    assert "校验码错误" in exc.value.message_dict["uscc"][0]


def test_duplicates_by_code_and_by_normalised_name_and_address(world):
    first = entity(world.county_a, name="东湖大酒店（总店）", address="东湖路 8 号")
    with pytest.raises(ValidationError) as exc:
        entity(world.county_a, uscc=first.uscc)
    assert "统一社会信用代码已登记" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        entity(world.county_a, name="东湖大酒店(总店)", address="东湖路8号")
    assert "疑似重复" in exc.value.message_dict["name"][0]
    entity(world.county_b, uscc=first.uscc)  # another county may register the same unit


def test_future_opening_date_is_refused(world):
    with pytest.raises(ValidationError, match="开业日期不能晚于今天"):
        entity(world.county_a, opened_on=datetime.date.today() + datetime.timedelta(days=1))


def test_licence_dates_and_scope(world, client_for):
    e = entity(world.county_a)
    client = client_for(world.officer_a)
    resp = client.post(
        f"/registry/entities/{e.pk}/licences/add/",
        {
            "kind": "public_place",
            "number": "东卫公字[2025]第001号",
            "valid_from": "2025-01-01",
            "valid_until": "2024-12-31",
        },
    )
    assert resp.status_code == 302 and not Licence.objects.exists()
    client.post(
        f"/registry/entities/{e.pk}/licences/add/",
        {
            "kind": "public_place",
            "number": "东卫公字[2025]第001号",
            "valid_from": "2025-01-01",
            "valid_until": "2029-12-31",
        },
    )
    licence = Licence.objects.get()
    assert licence.agency == e.agency and licence.is_valid_today
    other = entity(world.county_b)
    resp = client.post(
        f"/registry/entities/{other.pk}/licences/add/",
        {"kind": "public_place", "number": "X", "valid_until": "2029-12-31"},
    )
    assert resp.status_code == 404


def test_entity_pages_and_api_are_scoped(world, client_for, api_for):
    assert_scoped(
        world,
        client_for,
        api_for,
        ScopedEndpoints(
            lambda agency: entity(agency),
            "registry:supervisedentity_list",
            "registry:supervisedentity_detail",
            "registry:supervisedentity_edit",
            "registry-api:supervisedentity",
            "registry:supervisedentity_export",
            edit_payload=lambda e: {
                "name": "改名",
                "address": "x",
                "category": "medical",
                "subcategory": "clinic",
                "risk_grade": "low",
                "credit_grade": "A",
                "status": "open",
            },
            county_user="officer_a",
        ),
    )


def test_search_by_code_and_filters(world, client_for):
    a = entity(world.county_a, name="西湖游泳馆", category="public_place", subcategory="swimming")
    entity(world.county_a, name="东湖诊所", category="medical", subcategory="clinic")
    client = client_for(world.officer_a)
    body = client.get("/registry/entities/", {"q": a.uscc}, HTTP_HX_REQUEST="true")
    assert ">西湖游泳馆<" in body.content.decode() and ">东湖诊所<" not in body.content.decode()
    body = client.get("/registry/entities/", {"category": "medical"}).content.decode()
    assert ">东湖诊所<" in body and ">西湖游泳馆<" not in body


def test_import_all_or_nothing_with_row_numbered_errors(world, client_for):
    existing = entity(world.county_a)
    good = ["北岸宾馆", make_uscc(9001), "北岸路1号", "公共场所", "住宿场所", "2020-05-01"]
    bad_check = make_uscc(9002)[:-1] + ("0" if make_uscc(9002)[-1] != "0" else "1")
    rows = [
        HEADER,
        good,
        ["错码诊所", bad_check, "某路2号", "医疗卫生机构", "诊所、门诊部", ""],
        ["未知类别", make_uscc(9003), "某路3号", "餐饮", "住宿场所", ""],
        ["未来诊所", make_uscc(9004), "某路4号", "医疗卫生机构", "诊所、门诊部", "2099-01-01"],
        ["重复对象", existing.uscc, "某路5号", "公共场所", "住宿场所", ""],
    ]
    resp = client_for(world.officer_a).post("/registry/entities/import/", {"file": xlsx(rows)})
    body = resp.content.decode()
    assert SupervisedEntity.objects.count() == 1
    assert "第3行“统一社会信用代码”" in body and "校验码错误" in body
    assert "第4行“类别”：取值“餐饮”无效" in body
    assert "第5行“开业日期”：开业日期不能晚于今天" in body
    assert "第6行" in body and "统一社会信用代码已登记" in body
    resp = client_for(world.officer_a).post(
        "/registry/entities/import/", {"file": xlsx([HEADER, good])}
    )
    assert resp.status_code == 302
    assert SupervisedEntity.objects.get(name="北岸宾馆").subcategory == "lodging"


def test_export_reads_back(world, client_for):
    entity(world.county_a, name="导出宾馆")
    data = client_for(world.officer_a).get("/registry/entities/export/").content
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "名称" and rows[1][0] == "导出宾馆" and rows[1][5] == "住宿场所"


def test_api_validates_with_chinese_errors(world, api_for):
    resp = api_for(world.officer_a).post(
        "/api/registry/entities/",
        {"name": "甲", "address": "乙", "category": "water", "subcategory": "clinic"},
        format="json",
    )
    assert resp.status_code == 400 and "子类与类别不符" in resp.json()["subcategory"][0]


def test_list_queries_are_bounded(world, client_for, django_assert_max_num_queries):
    for _ in range(30):
        entity(world.county_a)
    client = client_for(world.officer_a)
    with django_assert_max_num_queries(15):  # constant: no per-row queries
        client.get("/registry/entities/")
    with django_assert_max_num_queries(8):
        client.get("/api/registry/entities/")
