"""证据材料: photos, 现场笔录 scans and recorder clips attached to inspections and orders."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import Attachment, Role, User
from registry.tests.factories import entity
from supervision.models import Inspection, RectificationOrder
from supervision.tests.factories import _order, inspection, inspector

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 scene photo of the kitchen"
PDF = b"%PDF-1.4 scanned record with signatures"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def visit(world):
    return inspection(
        world.county_a,
        entity(world.county_a),
        [inspector(world.county_a), inspector(world.county_a)],
        evidence_note="现场照片3张，执法记录仪全程录像",
    )


@pytest.fixture
def order(world) -> RectificationOrder:
    return _order(world.county_a)


def _add_url(record) -> str:
    ct = ContentType.objects.get_for_model(record)
    return f"/attachments/add/{ct.pk}/{record.pk}/"


def _post(client, record, name="现场照片.jpg", body=JPEG, **fields):
    data = {"file": SimpleUploadedFile(name, body, "image/jpeg"), **fields}
    return client.post(_add_url(record), data)


def test_inspector_uploads_a_photo_on_the_inspection_page(world, client_for, visit):
    c = client_for(world.officer_a)
    page = c.get(visit.get_absolute_url()).content.decode()
    # The phone's camera opens from the form; files of the allowed kinds are offered.
    assert 'capture="environment"' in page and 'accept="image/*,video/*,application/pdf"' in page
    assert "证据说明" in page and "现场照片3张，执法记录仪全程录像" in page

    resp = _post(
        c,
        visit,
        captured_at="2026-05-10T09:30",
        device_number="JL-0009",
        description="后厨",
        next=visit.get_absolute_url(),
    )
    assert resp.status_code == 302 and resp["Location"] == visit.get_absolute_url()
    saved = Attachment.objects.get()
    assert saved.target == visit and saved.created_by == world.officer_a
    assert saved.media_type == "image/jpeg" and saved.device_number == "JL-0009"
    assert timezone.localtime(saved.captured_at).strftime("%Y-%m-%d %H:%M") == "2026-05-10 09:30"

    page = c.get(visit.get_absolute_url()).content.decode()
    assert "证据材料" in page and "现场照片.jpg" in page and "照片" in page
    assert "JL-0009" in page and "2026-05-10 09:30" in page and saved.sm3[:12] in page
    assert f'href="/attachments/{saved.pk}/"' in page and "下载" in page


def test_order_page_lists_and_takes_its_own_evidence(world, client_for, order):
    c = client_for(world.officer_a)
    page = c.get(f"/supervision/rectifications/{order.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert order.number in text and "证据材料" in text and "上传证据" in text
    assert order.get_absolute_url() == f"/supervision/rectifications/{order.pk}/"

    resp = _post(c, order, name="整改后照片.pdf", body=PDF, next=order.get_absolute_url())
    assert resp.status_code == 302
    saved = Attachment.objects.get()
    assert saved.target == order and saved.media_type == "application/pdf"
    text = c.get(order.get_absolute_url()).content.decode()
    assert "整改后照片.pdf" in text and "文书（PDF）" in text
    # The inspection page links to the order's own page.
    assert order.get_absolute_url() in c.get(order.inspection.get_absolute_url()).content.decode()


def test_another_county_gets_404_and_stores_nothing(world, client_for, visit, order):
    c = client_for(world.officer_b)
    assert _post(c, visit).status_code == 404
    assert _post(c, order).status_code == 404
    assert c.get(order.get_absolute_url()).status_code == 404
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("persona", ["reviewer_a", "readonly_a", "city_officer"])
def test_roles_that_may_not_change_the_record_get_no_form_and_404(
    world, client_for, visit, persona
):
    if persona == "readonly_a":
        user = User.objects.create(username="readonly_a", agency=world.county_a, role=Role.READONLY)
    else:
        user = getattr(world, persona)
    c = client_for(user)
    page = c.get(visit.get_absolute_url()).content.decode()
    assert "证据材料" in page and "multipart/form-data" not in page and "确认撤回" not in page
    assert _post(c, visit).status_code == 404
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "body", "fields", "message"),
    [
        ("页面.jpg", b"<html><script>alert(1)</script></html>", {}, "不是允许的证据类型"),
        ("笔录.docx", b"PK\x03\x04 word", {}, "只能上传照片"),
        ("空.jpg", b"", {}, "文件"),
        ("现场照片.jpg", JPEG, {"captured_at": "2099-01-01T08:00"}, "形成时间不能晚于今天"),
    ],
)
def test_bad_uploads_are_refused_in_chinese(world, client_for, visit, name, body, fields, message):
    c = client_for(world.officer_a)
    resp = _post(c, visit, name=name, body=body, **fields)
    assert resp.status_code == 302
    page = c.get(visit.get_absolute_url()).content.decode()
    assert message in page
    assert not Attachment.objects.exists()


def test_captured_after_the_upload_is_refused(world, client_for, visit):
    from django.core.exceptions import ValidationError

    from core.attachments import attach

    later = timezone.now() + datetime.timedelta(minutes=30)
    if timezone.localdate(later) != timezone.localdate():
        later = timezone.now() + datetime.timedelta(minutes=6)  # near midnight: same rule
    with pytest.raises(ValidationError, match="形成时间不能晚于上传时间"):
        attach(
            visit,
            SimpleUploadedFile("p.jpg", JPEG),
            actor=world.officer_a,
            captured_at=later,
        )
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused_with_the_limit(world, client_for, visit, settings):
    settings.FAZHI_MAX_ATTACHMENT_SIZE = 1 << 20
    c = client_for(world.officer_a)
    big = JPEG + b"\x00" * (1 << 20)
    _post(c, visit, name="录像截图.jpg", body=big)
    page = c.get(visit.get_absolute_url()).content.decode()
    assert "超过单个附件的大小上限（1 MB）" in page and "录像截图.jpg" in page
    assert not Attachment.objects.exists()


def test_tampered_file_is_refused_on_download(world, client_for, api_for, visit):
    c = client_for(world.officer_a)
    _post(c, visit)
    saved = Attachment.objects.get()
    assert c.get(f"/attachments/{saved.pk}/").content == JPEG
    with open(saved.file.path, "r+b") as f:
        f.seek(8)
        f.write(b"XX")
    resp = c.get(f"/attachments/{saved.pk}/")
    assert resp.status_code == 409
    assert "附件校验失败" in resp.content.decode() and "可能已被篡改" in resp.content.decode()
    api = api_for(world.officer_a).get(f"/api/core/attachments/{saved.pk}/download/")
    assert api.status_code == 409 and "SM3" in api.json()["detail"]


def test_withdraw_needs_a_reason_and_keeps_the_file(world, client_for, visit):
    c = client_for(world.officer_a)
    _post(c, visit)
    saved = Attachment.objects.get()
    c.post(f"/attachments/{saved.pk}/withdraw/", {"reason": " "})
    assert Attachment.objects.active().count() == 1
    c.post(f"/attachments/{saved.pk}/withdraw/", {"reason": "拍错了对象"})
    saved.refresh_from_db()
    assert saved.is_withdrawn and Attachment.objects.count() == 1
    page = c.get(visit.get_absolute_url()).content.decode()
    assert "已撤回" in page and "拍错了对象" in page


def test_api_uploads_and_lists_evidence_of_an_order(world, api_for, order):
    api = api_for(world.officer_a)
    target = f"supervision.rectificationorder:{order.pk}"
    resp = api.post(
        "/api/core/attachments/",
        {
            "target": target,
            "file": SimpleUploadedFile("复查录像.mp4", b"\x00\x00\x00\x18ftypmp42 clip"),
            "captured_at": "2026-05-20T10:00:00+08:00",
            "device_number": "JL-0011",
        },
        format="multipart",
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["media_type"] == "video/mp4" and body["device_number"] == "JL-0011"
    listed = api.get("/api/core/attachments/", {"target": target}).json()["results"]
    assert [a["id"] for a in listed] == [body["id"]]
    bad = api.post(
        "/api/core/attachments/",
        {"target": target, "file": SimpleUploadedFile("x.exe", b"MZ\x90\x00 program")},
        format="multipart",
    )
    assert bad.status_code == 400 and "不是允许的证据类型" in str(bad.json()["file"])
    other = api_for(world.officer_b).get("/api/core/attachments/", {"target": target})
    assert other.json()["results"] == []


def test_order_and_inspection_pages_read_few_queries(
    world, client_for, visit, django_assert_max_num_queries
):
    c = client_for(world.officer_a)
    for i in range(5):
        _post(c, visit, name=f"照片{i}.jpg")
    with django_assert_max_num_queries(40):
        assert c.get(visit.get_absolute_url()).status_code == 200
    assert Inspection.objects.count() == 1


def _inspectors_order(world):
    """An order of each county naming its inspector (officer_a, officer_b) on the inspection:
    the order list shows an inspector their own orders first (只看我的)."""

    def make(agency):
        order = _order(agency)
        officer = world.officer_a if agency == world.county_a else world.officer_b
        order.inspection.inspectors.add(officer.person)
        return order

    return make


def test_order_pages_are_scoped(world, client_for, api_for):
    from core.tests.scoping import ScopedEndpoints, assert_scoped

    assert_scoped(
        world,
        client_for,
        api_for,
        ScopedEndpoints(
            make=_inspectors_order(world),
            list_url="supervision:rectificationorder_list",
            detail_url="supervision:rectificationorder_detail",
            api_basename="supervision-api:rectificationorder",
            county_user="officer_a",
        ),
    )
