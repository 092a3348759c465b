"""执法文书 of supervision: 现场笔录, 卫生监督意见书 and 抽查名单 printed as .docx (read back with
python-docx) and PDF, with the record's data and its stable number; agency templates and their
inheritance; bad templates refused in Chinese; scoping and permissions on the pages and the API.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import zipfile

import docx
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core import documents
from core.document_views import upload_template
from core.models import AuditAction, AuditEvent, DocumentSequence, DocumentTemplate, Role, User
from registry.tests.factories import entity
from supervision.documents import OPINION_DOCUMENT, RECORD_DOCUMENT, ROSTER_DOCUMENT
from supervision.models import (
    ChecklistPoint,
    Finding,
    Inspection,
    InspectionResult,
    PlanStatus,
    RectificationOrder,
)
from supervision.tests.factories import draw, inspection, inspector, plan

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 5, 11)


def text_of(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line."""
    d = docx.Document(io.BytesIO(data))
    lines = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            lines.extend(c.text for c in row.cells)
    return "\n".join(lines)


def require(tool: str) -> str:
    """The path of ``tool``; skip without it, fail when CI=true (as reports' PDF tests)."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true 但未安装 {tool}：PDF 测试不得跳过。")
        pytest.skip(f"未找到 {tool}，跳过 PDF 测试。")
    return path


@pytest.fixture
def case(world):
    """A 责令整改 inspection in county A with two findings and an order."""
    ent = entity(
        world.county_a,
        name="临江市东湖区悦来宾馆有限公司",
        address="东湖区人民路18号",
        legal_representative="钱某某",
    )
    people = [inspector(world.county_a, name="陈执法"), inspector(world.county_a, name="林执法")]
    insp = inspection(world.county_a, ent, people, day=DAY, result=InspectionResult.RECTIFY)
    ok = ChecklistPoint.objects.create(
        category="public_place", text="卫生许可证悬挂", basis="公共场所卫生管理条例第八条", order=1
    )
    bad = ChecklistPoint.objects.create(
        category="public_place",
        text="从业人员健康证明",
        basis="公共场所卫生管理条例第七条",
        order=2,
    )
    Finding.objects.create(inspection=insp, point=ok, compliant=True, note="已悬挂")
    Finding.objects.create(inspection=insp, point=bad, compliant=False, note="2名服务员无健康证明")
    order = RectificationOrder.objects.create(
        agency=world.county_a,
        inspection=insp,
        number=insp.opinion_number,
        issued_on=DAY,
        due_on=DAY + datetime.timedelta(days=15),
        requirements="立即安排2名服务员体检，取得健康证明后方可上岗。",
    )
    return type("Case", (), {"insp": insp, "order": order, "entity": ent, "people": people})


def print_docx(client, url) -> bytes:
    resp = client.get(url, {"fmt": "docx"})
    assert resp.status_code == 200, resp.content[:300]
    assert resp["Content-Type"] == documents.DOCX_TYPE
    return resp.content


# --- rendering each kind ---------------------------------------------------------------------


def test_record_carries_the_inspection_its_entity_inspectors_findings_and_number(
    world, client_for, case
):
    data = print_docx(
        client_for(world.officer_a),
        reverse("supervision:inspection_print", args=[case.insp.pk, "record"]),
    )
    text = text_of(data)
    assert case.insp.record_number.startswith("临江市东湖区卫生健康局卫监笔〔2026〕")
    for expected in (
        "临江市东湖区卫生健康局",
        "现场笔录",
        case.insp.record_number,
        "临江市东湖区悦来宾馆有限公司",
        "东湖区人民路18号",
        "钱某某",
        case.entity.uscc,
        "2026年5月11日",
        f"陈执法（执法证号{case.people[0].certificate_number}）",
        "从业人员健康证明",
        "2名服务员无健康证明",
        "不符合",
        "责令整改",
        "被检查单位负责人（签名）",
        "执法人员（签名）",
    ):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text


def test_opinion_of_an_inspection_has_its_orders_requirements_deadline_and_number(
    world, client_for, case
):
    text = text_of(
        print_docx(
            client_for(world.officer_a),
            reverse("supervision:inspection_print", args=[case.insp.pk, "opinion"]),
        )
    )
    assert "卫生监督意见书" in text and case.order.number in text
    assert "立即安排2名服务员体检" in text and "2026年5月26日" in text
    # Only the non-compliant point is a problem of the 意见书.
    assert "从业人员健康证明" in text and "卫生许可证悬挂" not in text
    assert "被检查单位签收人（签名）" in text


def test_opinion_of_an_order_uses_that_orders_number_and_requirements(world, client_for, case):
    second = RectificationOrder.objects.create(
        agency=world.county_a,
        inspection=case.insp,
        number="东卫监意〔2026〕99号",
        issued_on=DAY,
        due_on=DAY + datetime.timedelta(days=30),
        requirements="完善消毒间设施。",
    )
    text = text_of(
        print_docx(
            client_for(world.officer_a),
            reverse("supervision:rectificationorder_print", args=[second.pk]),
        )
    )
    assert "东卫监意〔2026〕99号" in text and "完善消毒间设施。" in text
    assert "2026年6月10日" in text and "立即安排" not in text


def test_a_passed_inspection_gets_an_opinion_number_on_first_print_and_keeps_it(world, client_for):
    insp = inspection(world.county_a, entity(world.county_a), [inspector(world.county_a)], day=DAY)
    assert insp.opinion_number == ""
    client = client_for(world.officer_a)
    url = reverse("supervision:inspection_print", args=[insp.pk, "opinion"])
    first = text_of(print_docx(client, url))
    insp.refresh_from_db()
    assert insp.opinion_number.endswith("卫监意〔2026〕1号")
    assert insp.opinion_number in first and "未发现违反卫生法律法规的行为" in first
    second = text_of(print_docx(client, url))
    insp.refresh_from_db()
    assert insp.opinion_number.endswith("〔2026〕1号") and insp.opinion_number in second
    seq = DocumentSequence.objects.get(agency=world.county_a, kind="supervision.opinion")
    assert seq.last == 1  # printed twice, numbered once


def test_an_inspection_without_a_record_number_is_numbered_when_printed(world, client_for, case):
    Inspection.objects.filter(pk=case.insp.pk).update(record_number="")
    url = reverse("supervision:inspection_print", args=[case.insp.pk, "record"])
    text = text_of(print_docx(client_for(world.officer_a), url))
    case.insp.refresh_from_db()
    assert case.insp.record_number.endswith("卫监笔〔2026〕2号")  # 1 went to the inspection
    assert case.insp.record_number in text


def test_the_city_cannot_number_a_county_inspection_by_printing_it(world, client_for):
    insp = inspection(world.county_a, entity(world.county_a), [inspector(world.county_a)], day=DAY)
    client = client_for(world.city_officer)
    resp = client.get(
        reverse("supervision:inspection_print", args=[insp.pk, "opinion"]), follow=True
    )
    assert "尚无卫生监督意见书编号" in resp.content.decode()
    insp.refresh_from_db()
    assert insp.opinion_number == ""
    assert not DocumentSequence.objects.filter(kind="supervision.opinion").exists()
    # A numbered document it may print: the 现场笔录.
    url = reverse("supervision:inspection_print", args=[insp.pk, "record"])
    assert insp.record_number in text_of(print_docx(client, url))


def test_roster_lists_the_drawn_entities_with_their_inspectors(world, client_for):
    for _ in range(4):
        entity(world.county_a)
    people = [inspector(world.county_a) for _ in range(4)]
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="3")
    draw(p)
    p.refresh_from_db()
    assert p.status == PlanStatus.DRAWN
    text = text_of(
        print_docx(client_for(world.officer_a), reverse("supervision:plan_roster", args=[p.pk]))
    )
    assert "双随机抽查名单" in text and p.name in text and p.result_digest in text
    for task in p.tasks.select_related("entity").prefetch_related("team__members"):
        assert task.entity.name in text and task.entity.uscc in text
        for member in task.team.members.all():
            assert f"{member.name}（执法证号{member.certificate_number}）" in text
    assert any(person.name in text for person in people)


def test_a_roster_too_long_to_print_is_refused_in_chinese(world, client_for, monkeypatch):
    from supervision import documents as sd

    for _ in range(3):
        entity(world.county_a)
    for _ in range(2):
        inspector(world.county_a)
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="3")
    draw(p)
    monkeypatch.setattr(sd, "ROSTER_MAX_TASKS", 2)
    resp = client_for(world.officer_a).get(
        reverse("supervision:plan_roster", args=[p.pk]), follow=True
    )
    assert "本计划抽中3户，超过抽查名单可打印的上限（2户）" in resp.content.decode()


def test_a_plan_not_yet_drawn_has_no_roster(world, client_for, api_for):
    p = plan(world.county_a)
    resp = client_for(world.officer_a).get(
        reverse("supervision:plan_roster", args=[p.pk]), follow=True
    )
    assert "该计划尚未抽取" in resp.content.decode()
    resp = api_for(world.officer_a).get(f"/api/supervision/plans/{p.pk}/roster/")
    assert resp.status_code == 400 and "尚未抽取" in resp.json()["detail"]


def test_printing_is_in_the_audit_chain(world, client_for, case):
    print_docx(
        client_for(world.officer_a),
        reverse("supervision:inspection_print", args=[case.insp.pk, "record"]),
    )
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("-seq").first()
    assert event.object_id == str(case.insp.pk) and event.actor == world.officer_a
    assert event.changes["document"] == "现场笔录"
    assert event.changes["number"] == case.insp.record_number
    assert event.changes["template"] == "系统默认模板"


def test_values_with_markup_characters_stay_text(world, client_for, case):
    case.order.requirements = "整改<消毒> & 记录“台账”"
    case.order.save()
    url = reverse("supervision:rectificationorder_print", args=[case.order.pk])
    assert "整改<消毒> & 记录“台账”" in text_of(print_docx(client_for(world.officer_a), url))


def test_an_unknown_format_is_refused_in_chinese(world, client_for, api_for, case):
    resp = api_for(world.officer_a).get(
        f"/api/supervision/inspections/{case.insp.pk}/record-document/", {"fmt": "rtf"}
    )
    assert resp.status_code == 400 and "文件格式“rtf”无效" in resp.json()["detail"]


# --- buttons on the pages --------------------------------------------------------------------


def test_detail_pages_offer_the_print_buttons(world, client_for, case):
    client = client_for(world.officer_a)
    body = client.get(reverse("supervision:inspection_detail", args=[case.insp.pk])).content
    body = body.decode()
    assert "打印现场笔录（Word）" in body and "打印意见书（Word）" in body
    assert (
        reverse("supervision:inspection_print", args=[case.insp.pk, "opinion"]) + "?fmt=pdf" in body
    )
    body = client.get(reverse("supervision:rectificationorder_detail", args=[case.order.pk]))
    assert "打印意见书（Word）" in body.content.decode()
    for _ in range(3):
        entity(world.county_a)
    for _ in range(2):
        inspector(world.county_a)
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="1")
    url = reverse("supervision:plan_detail", args=[p.pk])
    assert "导出抽查名单" not in client.get(url).content.decode()  # not drawn yet
    draw(p)
    assert "导出抽查名单（Word）" in client.get(url).content.decode()


# --- scoping and permissions -----------------------------------------------------------------


def test_other_county_gets_404_on_every_print_url(world, client_for, api_for, case):
    client, api = client_for(world.officer_b), api_for(world.officer_b)
    p = plan(world.county_a)
    for url in (
        reverse("supervision:inspection_print", args=[case.insp.pk, "record"]),
        reverse("supervision:inspection_print", args=[case.insp.pk, "opinion"]),
        reverse("supervision:rectificationorder_print", args=[case.order.pk]),
        reverse("supervision:plan_roster", args=[p.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/api/supervision/inspections/{case.insp.pk}/record-document/",
        f"/api/supervision/inspections/{case.insp.pk}/opinion-document/",
        f"/api/supervision/rectifications/{case.order.pk}/opinion-document/",
        f"/api/supervision/plans/{p.pk}/roster/",
    ):
        assert api.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_city_prints_a_county_record_with_the_county_number(world, client_for, case):
    url = reverse("supervision:inspection_print", args=[case.insp.pk, "record"])
    text = text_of(print_docx(client_for(world.city_officer), url))
    assert case.insp.record_number in text and "临江市东湖区卫生健康局" in text


def test_a_role_that_cannot_read_inspections_cannot_print_them(world, client_for, api_for, case):
    auditor = User(username="auditor_a", agency=world.county_a, role=Role.AUDITOR)
    auditor.set_unusable_password()
    auditor.save()
    url = reverse("supervision:inspection_print", args=[case.insp.pk, "record"])
    assert client_for(auditor).get(url).status_code == 403
    api = api_for(auditor)
    assert api.get(f"/api/supervision/inspections/{case.insp.pk}/record-document/").status_code in (
        403,
        404,
    )


def test_anonymous_is_sent_to_login(client, world, case):
    url = reverse("supervision:inspection_print", args=[case.insp.pk, "record"])
    resp = client.get(url)
    assert resp.status_code == 302 and "login" in resp["Location"]


def test_api_prints_each_document(world, api_for, case):
    api = api_for(world.officer_a)
    for url, number in (
        (f"/api/supervision/inspections/{case.insp.pk}/record-document/", case.insp.record_number),
        (f"/api/supervision/inspections/{case.insp.pk}/opinion-document/", case.order.number),
        (f"/api/supervision/rectifications/{case.order.pk}/opinion-document/", case.order.number),
    ):
        resp = api.get(url)
        assert resp.status_code == 200, resp.content[:300]
        assert number in text_of(resp.content)
        assert "filename*=utf-8''" in resp["Content-Disposition"]


# --- agency templates ------------------------------------------------------------------------


def agency_template(marker: str, body: str = "{{ number }} {{ entity_name }}") -> bytes:
    """A minimal template: the marker, and placeholders."""
    d = docx.Document()
    d.add_paragraph(f"{marker} {{{{ agency_name }}}}")
    d.add_paragraph(body)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_an_agency_template_replaces_the_default(world, client_for, case):
    upload_template(
        world.county_a,
        RECORD_DOCUMENT.key,
        "东湖区现场笔录.docx",
        agency_template("东湖区专用格式"),
        actor=world.admin_a,
    )
    url = reverse("supervision:inspection_print", args=[case.insp.pk, "record"])
    text = text_of(print_docx(client_for(world.officer_a), url))
    assert "东湖区专用格式" in text and case.insp.record_number in text
    assert "现场检查情况" not in text  # the default's text is gone
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("-seq").first()
    assert event.changes["template"] == "东湖区现场笔录.docx"


def test_a_county_inherits_the_citys_template_and_its_own_wins(world, client_for, case):
    upload_template(
        world.city,
        RECORD_DOCUMENT.key,
        "市级.docx",
        agency_template("市级统一格式"),
        actor=world.city_admin,
    )
    client = client_for(world.officer_a)
    url = reverse("supervision:inspection_print", args=[case.insp.pk, "record"])
    assert "市级统一格式" in text_of(print_docx(client, url))
    # County B has no template of its own either: it prints the city's too.
    other = inspection(world.county_b, entity(world.county_b), [inspector(world.county_b)], day=DAY)
    url_b = reverse("supervision:inspection_print", args=[other.pk, "record"])
    assert "市级统一格式" in text_of(print_docx(client_for(world.officer_b), url_b))
    upload_template(
        world.county_a,
        RECORD_DOCUMENT.key,
        "区级.docx",
        agency_template("区级格式"),
        actor=world.admin_a,
    )
    client = client_for(world.officer_a)  # one test client: log officer A in again
    text = text_of(print_docx(client, url))
    assert "区级格式" in text and "市级统一格式" not in text
    # Other kinds keep the default.
    opinion = reverse("supervision:inspection_print", args=[case.insp.pk, "opinion"])
    assert "卫生监督意见：" in text_of(print_docx(client, opinion))


def test_a_template_that_fails_on_a_records_data_is_explained_not_a_500(world, client_for):
    # Two example rows pass the trial; an inspection without findings has no second row.
    body = "{{ number }}{{ entity_name }}{{ findings[1].point }}"
    upload_template(
        world.county_a, RECORD_DOCUMENT.key, "笔录.docx", agency_template("x", body), actor=None
    )
    insp = inspection(world.county_a, entity(world.county_a), [inspector(world.county_a)], day=DAY)
    url = reverse("supervision:inspection_print", args=[insp.pk, "record"])
    resp = client_for(world.officer_a).get(url, follow=True)
    assert "所用的现场笔录模板无法使用：未知的占位符" in resp.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_new_upload_retires_the_previous_template(world):
    for n in (1, 2):
        upload_template(
            world.county_a,
            OPINION_DOCUMENT.key,
            f"v{n}.docx",
            agency_template(f"v{n}"),
            actor=world.admin_a,
        )
    rows = DocumentTemplate.objects.filter(agency=world.county_a).order_by("pk")
    assert [(t.file_name, t.active) for t in rows] == [("v1.docx", False), ("v2.docx", True)]
    assert len(rows[1].digest) == 64


# --- bad templates ---------------------------------------------------------------------------


def refused(key, data, name="模板.docx") -> list[str]:
    with pytest.raises(documents.TemplateRefused) as exc:
        upload_template(None, key, name, data, actor=None)
    assert not DocumentTemplate.objects.exists()
    return exc.value.messages


def test_a_file_that_is_no_docx_is_refused(world):
    (msg,) = refused(RECORD_DOCUMENT.key, b"%PDF-1.4 not a word file", "笔录.pdf")
    assert (
        msg == "文件“笔录.pdf”不是有效的 Word（.docx）文档，请用 Word 或 WPS 另存为 .docx 后上传。"
    )


def test_an_unknown_placeholder_is_named(world):
    messages = refused(RECORD_DOCUMENT.key, agency_template("x", "{{ number }} {{ entity_nmae }}"))
    assert any("未知的占位符“entity_nmae”" in m for m in messages)


def test_an_unknown_field_of_a_row_is_named(world):
    body = "{{ number }}{{ entity_name }}{% for f in findings %}{{ f.verdikt }}{% endfor %}"
    (msg,) = refused(RECORD_DOCUMENT.key, agency_template("x", body))
    assert "未知的占位符“verdikt”" in msg


def test_a_required_placeholder_missing_is_named(world):
    messages = refused(RECORD_DOCUMENT.key, agency_template("x", "{{ entity_name }}"))
    assert "缺少必需的占位符 {{ number }}（文书编号）。" in messages


def test_a_syntax_error_is_explained(world):
    (msg,) = refused(RECORD_DOCUMENT.key, agency_template("x", "{{ number }} {% if %}"))
    assert msg.startswith("模板中的占位符写法有误")


def test_a_template_cannot_reach_python_internals(world):
    body = "{{ number }}{{ entity_name.__class__.__mro__[1].__subclasses__() }}"
    (msg,) = refused(RECORD_DOCUMENT.key, agency_template("x", body))
    assert "不允许" in msg or "未知的占位符" in msg


def test_a_template_can_neither_loop_without_end_nor_fill_the_memory(world):
    body = "{{ number }}{{ entity_name }}{% for i in range(100000) %}{{ i }}{% endfor %}"
    (msg,) = refused(RECORD_DOCUMENT.key, agency_template("x", body))
    assert msg.startswith("未知的占位符“range”")
    body = "{{ number }}{{ entity_name }}{{ entity_name * 1000000000 }}"
    (msg,) = refused(RECORD_DOCUMENT.key, agency_template("x", body))
    assert msg == "模板使用了不允许的写法（只能引用可用占位符）。"


def test_a_zip_bomb_is_refused_before_it_is_read(world):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))
    (msg,) = refused(RECORD_DOCUMENT.key, buf.getvalue(), "炸弹.docx")
    assert "炸弹.docx" in msg and "压缩炸弹" in msg


def test_the_upload_page_shows_errors_in_chinese_and_stores_nothing(world, client_for):
    client = client_for(world.admin_a)
    resp = client.post(
        reverse("core:documenttemplate_list"),
        {
            "document": RECORD_DOCUMENT.key,
            "file": io.BytesIO(agency_template("x", "{{ number }} {{ shop }}")),
        },
    )
    assert resp.status_code == 200
    assert "未知的占位符“shop”" in resp.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_the_upload_page_stores_a_good_template_and_lists_placeholders(world, client_for):
    client = client_for(world.admin_a)
    upload = io.BytesIO(agency_template("东湖格式"))
    upload.name = "东湖格式.docx"
    resp = client.post(
        reverse("core:documenttemplate_list"),
        {"document": RECORD_DOCUMENT.key, "file": upload},
        follow=True,
    )
    body = resp.content.decode()
    assert "已启用新的现场笔录模板" in body and "该模板未使用以下占位符" in body
    row = DocumentTemplate.objects.get()
    assert row.agency == world.county_a and row.created_by == world.admin_a and row.active
    assert "{{ entity_name }}" in body and "被检查单位名称" in body
    assert "本机构模板“东湖格式.docx”" in body
    created = AuditEvent.objects.get(
        action=AuditAction.CREATE,
        object_id=str(row.pk),
        content_type=ContentType.objects.get_for_model(DocumentTemplate),
    )
    assert row.digest in str(created.changes) and "content" not in str(created.changes)
    # 停用: back to the default.
    resp = client.post(reverse("core:documenttemplate_retire", args=[row.pk]), follow=True)
    row.refresh_from_db()
    assert not row.active
    assert "当前使用：系统默认模板" in resp.content.decode()


def test_the_county_page_says_it_uses_the_citys_template(world, client_for):
    upload_template(
        world.city, ROSTER_DOCUMENT.key, "市级名单.docx",
        agency_template("x", "{{ plan_name }}{% for t in tasks %}{{ t.entity_name }}{% endfor %}"),
        actor=world.city_admin,
    )  # fmt: skip
    body = client_for(world.admin_a).get(reverse("core:documenttemplate_list")).content.decode()
    assert "上级机构（临江市卫生健康委员会）的模板“市级名单.docx”" in body


def test_only_admin_and_legal_office_manage_templates(world, client_for):
    url = reverse("core:documenttemplate_list")
    assert client_for(world.officer_a).get(url).status_code == 403
    upload = io.BytesIO(agency_template("x"))
    upload.name = "x.docx"
    resp = client_for(world.officer_a).post(url, {"document": RECORD_DOCUMENT.key, "file": upload})
    assert resp.status_code == 403
    assert client_for(world.city_officer).get(url).status_code == 200  # 法规科


def test_another_countys_template_cannot_be_downloaded_or_retired(world, client_for):
    upload_template(
        world.county_b, RECORD_DOCUMENT.key, "西山.docx", agency_template("西山"), actor=None
    )
    row = DocumentTemplate.objects.get()
    client = client_for(world.admin_a)
    assert client.get(reverse("core:documenttemplate_download", args=[row.pk])).status_code == 404
    resp = client.post(reverse("core:documenttemplate_retire", args=[row.pk]))
    assert resp.status_code == 404
    row.refresh_from_db()
    assert row.active


def test_every_default_template_passes_its_own_check():
    for document in (RECORD_DOCUMENT, OPINION_DOCUMENT, ROSTER_DOCUMENT):
        documents.check_template(document, document.default_bytes(), document.key)


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_of_an_opinion_has_the_text_and_an_a4_page(world, client_for, case, tmp_path):
    require("soffice")
    pdftoppm = require("pdftoppm")
    url = reverse("supervision:inspection_print", args=[case.insp.pk, "opinion"])
    resp = client_for(world.officer_a).get(url, {"fmt": "pdf"})
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF")
    from pdfminer.high_level import extract_text

    pdf = tmp_path / "opinion.pdf"
    pdf.write_bytes(resp.content)
    text = extract_text(str(pdf)).replace(" ", "")
    assert "卫生监督意见书" in text and "临江市东湖区悦来宾馆有限公司" in text
    assert case.order.number.replace(" ", "") in text
    # The first page as an image, for a look at the layout (kept under test-results/).
    out = tmp_path / "page"
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(out)], check=True
    )
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 5000
    keep = os.path.join("test-results", "documents")
    os.makedirs(keep, exist_ok=True)
    shutil.copy(png, os.path.join(keep, "opinion-page1.png"))


# --- 文书模板 through the API ------------------------------------------------------------------


def test_api_upload_checks_the_template_and_refuses_in_chinese(world, api_for):
    api = api_for(world.admin_a)
    bad = io.BytesIO(agency_template("x", "{{ number }} {{ shop }}"))
    bad.name = "bad.docx"
    resp = api.post(
        "/api/core/document-templates/",
        {"document": RECORD_DOCUMENT.key, "file": bad},
        format="multipart",
    )
    assert resp.status_code == 400
    assert any("未知的占位符“shop”" in m for m in resp.json()["file"])
    assert not DocumentTemplate.objects.exists()
    good = io.BytesIO(agency_template("东湖"))
    good.name = "东湖.docx"
    resp = api.post(
        "/api/core/document-templates/",
        {"document": RECORD_DOCUMENT.key, "file": good},
        format="multipart",
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["document_title"] == "现场笔录" and body["active"] and len(body["digest"]) == 64
    download = api.get(body["download"])
    assert download.status_code == 200 and "东湖" in text_of(download.content)


def test_api_templates_are_scoped_and_need_the_role(world, api_for):
    upload_template(
        world.county_b, RECORD_DOCUMENT.key, "西山.docx", agency_template("西山"), actor=None
    )
    row = DocumentTemplate.objects.get()
    api = api_for(world.admin_a)
    assert api.get("/api/core/document-templates/").json()["count"] == 0
    assert api.get(f"/api/core/document-templates/{row.pk}/download/").status_code == 404
    assert api.post(f"/api/core/document-templates/{row.pk}/retire/").status_code == 404
    # The city reads it but cannot retire it.
    city = api_for(world.city_admin)
    assert city.get("/api/core/document-templates/").json()["count"] == 1
    assert city.post(f"/api/core/document-templates/{row.pk}/retire/").status_code == 404
    row.refresh_from_db()
    assert row.active
    upload = io.BytesIO(agency_template("x"))
    upload.name = "x.docx"
    resp = api_for(world.officer_a).post(
        "/api/core/document-templates/",
        {"document": RECORD_DOCUMENT.key, "file": upload},
        format="multipart",
    )
    assert resp.status_code == 403
