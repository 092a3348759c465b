"""附件 through the REST API: upload with SM3, list by record, verified download, withdraw."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Attachment, AuditAction, AuditEvent
from registry.tests.factories import entity
from supervision.tests.factories import inspection, inspector

pytestmark = pytest.mark.django_db

URL = "/api/core/attachments/"
PHOTO = b"\x89PNG scene photo taken with the body camera"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def visit(world):
    people = [inspector(world.county_a) for _ in range(2)]
    return inspection(world.county_a, entity(world.county_a), people)


def _upload(client, target, body=PHOTO, name="现场照片.png", **extra):
    return client.post(
        URL,
        {"target": target, "file": SimpleUploadedFile(name, body, "image/png"), **extra},
        format="multipart",
    )


def test_upload_list_and_download_an_inspection_photo(world, api_for, client_for, visit):
    from cryptography.hazmat.primitives import hashes

    api = api_for(world.officer_a)
    target = f"supervision.inspection:{visit.pk}"
    resp = _upload(api, target, device_number="JL-0009", captured_at="2026-05-10T09:30:00+08:00")
    assert resp.status_code == 201, resp.content
    h = hashes.Hash(hashes.SM3())
    h.update(PHOTO)
    body = resp.json()
    assert body["sm3"] == h.finalize().hex() and body["target"] == target
    assert body["size"] == len(PHOTO) and body["device_number"] == "JL-0009"
    saved = Attachment.objects.get()
    assert saved.target == visit and saved.created_by == world.officer_a
    assert saved.agency_id == visit.agency_id

    listed = api.get(URL, {"target": target}).json()["results"]
    assert [a["id"] for a in listed] == [saved.pk]
    assert (
        api.get(URL, {"target": f"supervision.inspection:{visit.pk + 1000}"}).json()["results"]
        == []
    )
    download = api.get(body["download"])
    assert download.status_code == 200 and download.content == PHOTO
    assert download["X-Content-SM3"] == body["sm3"]
    # The Chinese file name is percent-encoded (RFC 5987), on the page's download too.
    name = "filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png"
    assert download["Content-Disposition"] == f"attachment; {name}"
    page_download = client_for(world.officer_a).get(f"/attachments/{saved.pk}/")
    assert page_download["Content-Disposition"] == f"attachment; {name}"
    # The page shows what the API uploaded.
    page = client_for(world.officer_a).get(visit.get_absolute_url()).content.decode()
    assert "现场照片.png" in page


def test_altered_file_is_refused_on_download_and_audited(world, api_for, visit):
    api = api_for(world.officer_a)
    body = _upload(api, f"supervision.inspection:{visit.pk}").json()
    saved = Attachment.objects.get()
    with open(saved.file.path, "r+b") as f:
        f.seek(3)
        f.write(b"X")
    resp = api.get(body["download"])
    assert resp.status_code == 409 and "附件校验失败" in resp.json()["detail"]
    assert AuditEvent.objects.filter(action=AuditAction.ATTACHMENT_REJECTED).count() == 1


def test_scope_and_role_decide_who_may_upload_read_and_withdraw(world, api_for, client_for, visit):
    target = f"supervision.inspection:{visit.pk}"
    # Another county: not found, nothing stored.
    resp = _upload(api_for(world.officer_b), target)
    assert resp.status_code == 404 and "不在您可修改的范围内" in resp.json()["detail"]
    # The city reads the county's records but does not change them.
    assert _upload(api_for(world.city_officer), target).status_code == 404
    # A role that may not change inspections (法制审核员) may not add evidence to one.
    assert _upload(api_for(world.reviewer_a), target).status_code == 404
    # The page applies the same rule.
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(visit)
    photo = SimpleUploadedFile("p.png", PHOTO, "image/png")
    page = client_for(world.reviewer_a).post(
        f"/attachments/add/{ct.pk}/{visit.pk}/", {"file": photo}
    )
    assert page.status_code == 404
    assert not Attachment.objects.exists()

    body = _upload(api_for(world.officer_a), target).json()
    assert api_for(world.city_officer).get(body["download"]).status_code == 200
    assert api_for(world.officer_b).get(body["download"]).status_code == 404
    assert api_for(world.officer_b).get(URL).json()["results"] == []
    withdraw = f"{URL}{body['id']}/withdraw/"
    assert api_for(world.officer_b).post(withdraw, {"reason": "误传"}).status_code == 404
    assert api_for(world.reviewer_a).post(withdraw, {"reason": "误传"}).status_code == 403
    # The page's withdraw applies the same rule.
    page = client_for(world.reviewer_a).post(
        f"/attachments/{body['id']}/withdraw/", {"reason": "误传"}
    )
    assert page.status_code == 404
    assert Attachment.objects.active().count() == 1


def test_withdraw_needs_a_reason_and_keeps_the_file(world, api_for, visit):
    api = api_for(world.officer_a)
    body = _upload(api, f"supervision.inspection:{visit.pk}").json()
    withdraw = f"{URL}{body['id']}/withdraw/"
    resp = api.post(withdraw, {"reason": " "}, format="json")
    assert resp.status_code == 400 and "撤回理由" in str(resp.json())
    assert Attachment.objects.active().count() == 1
    resp = api.post(withdraw, {"reason": "误传，非本次检查照片"}, format="json")
    assert resp.status_code == 200 and resp.json()["withdrawn"] is True
    assert Attachment.objects.count() == 1 and Attachment.objects.active().count() == 0
    assert api.post(withdraw, {"reason": "再次"}, format="json").status_code == 400
    assert api.get(body["download"]).content == PHOTO  # withdrawn, never deleted


@pytest.mark.parametrize(
    ("target", "body", "field", "message"),
    [
        ("inspection-12", PHOTO, "target", "须写成“应用.模型:编号”"),
        ("nosuch.model:1", PHOTO, "target", "不是可附加附件的记录"),
        (None, b"", "file", "空文件"),
    ],
)
def test_bad_uploads_are_refused_with_the_field_named(
    world, api_for, visit, target, body, field, message
):
    target = target or f"supervision.inspection:{visit.pk}"
    resp = _upload(api_for(world.officer_a), target, body=body)
    assert resp.status_code == 400, resp.content
    assert message in str(resp.json()[field])
    assert not Attachment.objects.exists()
