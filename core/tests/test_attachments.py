"""Attachments: SM3 digest at upload, verified on read, scoped, withdrawn not deleted."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.attachments import AttachmentCorrupted, attach, read_verified
from core.models import Attachment, AuditAction, AuditEvent, Person, RetentionError
from core.retention import withdraw

pytestmark = pytest.mark.django_db

PHOTO = b"\x89PNG fake photo bytes of an inspection scene"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def evidence(world):
    person = world.officer_a.person
    taken = datetime.datetime(2025, 6, 1, 9, 30, tzinfo=datetime.UTC)
    return attach(
        person,
        SimpleUploadedFile("现场照片.png", PHOTO, "image/png"),
        actor=world.officer_a,
        captured_at=taken,
        device_number="JL-0009",
    )


def test_upload_records_digest_and_keeps_capture_time_apart(evidence):
    from cryptography.hazmat.primitives import hashes

    h = hashes.Hash(hashes.SM3())
    h.update(PHOTO)
    assert evidence.sm3 == h.finalize().hex()
    assert evidence.captured_at.year == 2025 and evidence.uploaded_at.date() != datetime.date(
        2025, 6, 1
    )
    assert evidence.size == len(PHOTO) and evidence.agency_id == evidence.target.agency_id
    assert read_verified(evidence) == PHOTO


def test_altered_file_is_refused_and_audited(world, client_for, evidence):
    with open(evidence.file.path, "r+b") as f:
        f.seek(5)
        f.write(b"X")
    with pytest.raises(AttachmentCorrupted, match="SM3"):
        read_verified(evidence)
    resp = client_for(world.officer_a).get(f"/attachments/{evidence.pk}/")
    assert resp.status_code == 409 and "附件校验失败" in resp.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.ATTACHMENT_REJECTED).count() == 2


def test_download_is_scoped(world, client_for, evidence):
    resp = client_for(world.officer_a).get(f"/attachments/{evidence.pk}/")
    assert resp.status_code == 200 and resp.content == PHOTO
    assert client_for(world.officer_b).get(f"/attachments/{evidence.pk}/").status_code == 404


def test_upload_through_page_only_to_editable_records(world, client_for):
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Person)
    other = world.officer_b.person
    f = SimpleUploadedFile("x.pdf", b"%PDF-1.4 signed", "application/pdf")
    assert (
        client_for(world.officer_a)
        .post(f"/attachments/add/{ct.pk}/{other.pk}/", {"file": f})
        .status_code
        == 404
    )
    own = world.officer_a.person
    f = SimpleUploadedFile("笔录.pdf", b"%PDF-1.4 signed", "application/pdf")
    resp = client_for(world.admin_a).post(f"/attachments/add/{ct.pk}/{own.pk}/", {"file": f})
    assert resp.status_code == 302
    assert Attachment.objects.get(original_name="笔录.pdf").created_by == world.admin_a
    page = client_for(world.admin_a).get(f"/people/{own.pk}/").content.decode()
    assert "笔录.pdf" in page and "附件与证据" in page


def test_empty_file_is_refused(world):
    with pytest.raises(ValidationError, match="空文件"):
        attach(world.officer_a.person, SimpleUploadedFile("e.png", b""), actor=world.officer_a)


def test_retained_records_are_withdrawn_with_reason_never_deleted(world, evidence):
    with pytest.raises(RetentionError):
        evidence.delete()
    with pytest.raises(RetentionError):
        Attachment.objects.all().delete()
    with pytest.raises(ValidationError, match="撤回理由"):
        withdraw(evidence, actor=world.officer_a, reason=" ")
    withdraw(evidence, actor=world.officer_a, reason="误传，非本案照片")
    evidence.refresh_from_db()
    assert evidence.is_withdrawn and evidence.withdrawn_by == world.officer_a
    assert Attachment.objects.count() == 1 and Attachment.objects.active().count() == 0
    event = AuditEvent.objects.filter(action=AuditAction.WITHDRAW).latest("seq")
    assert event.changes["reason"] == "误传，非本案照片"
