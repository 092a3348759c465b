"""Attachment services: store with an SM3 digest, read back only if the digest still matches."""

from __future__ import annotations

import datetime
from typing import Any

from cryptography.hazmat.primitives import hashes
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from core import audit
from core.models.attachments import Attachment
from core.models.audit import AuditAction

MAX_SIZE = 512 * 1024 * 1024


class AttachmentCorrupted(Exception):
    """The stored file no longer matches the digest recorded at upload."""


def sm3_of(fileobj) -> str:
    h = hashes.Hash(hashes.SM3())
    for chunk in (
        fileobj.chunks() if hasattr(fileobj, "chunks") else iter(lambda: fileobj.read(1 << 20), b"")
    ):
        h.update(chunk)
    return h.finalize().hex()


@transaction.atomic
def attach(
    obj: Any,
    uploaded,
    *,
    actor: Any,
    captured_at: datetime.datetime | None = None,
    device_number: str = "",
    description: str = "",
) -> Attachment:
    """Store ``uploaded`` for ``obj`` (a scoped record) with its SM3 digest."""
    if uploaded.size == 0:
        raise ValidationError({"file": "文件：不能上传空文件。"})
    if uploaded.size > MAX_SIZE:
        raise ValidationError({"file": f"文件：超过大小上限（{MAX_SIZE // (1 << 20)} MB）。"})
    try:  # 形成时间 is a date of work done: not after today (core.validators)
        Attachment._meta.get_field("captured_at").run_validators(captured_at)
    except ValidationError as exc:
        raise ValidationError({"captured_at": exc.messages}) from exc
    digest = sm3_of(uploaded)
    uploaded.seek(0)
    attachment = Attachment(
        agency_id=obj.agency_id,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        original_name=uploaded.name[:255],
        media_type=getattr(uploaded, "content_type", "") or "",
        size=uploaded.size,
        sm3=digest,
        captured_at=captured_at,
        device_number=device_number,
        description=description,
        created_by=actor,
    )
    attachment.file.save(uploaded.name, uploaded, save=False)
    attachment.save()
    return attachment


def read_verified(attachment: Attachment, *, actor: Any = None) -> bytes:
    """The file's bytes, after checking them against the recorded SM3 digest."""
    with attachment.file.open("rb") as f:
        data = f.read()
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    if h.finalize().hex() != attachment.sm3:
        audit.record(
            AuditAction.ATTACHMENT_REJECTED,
            attachment,
            actor=actor,
            data={"expected_sm3": attachment.sm3},
        )
        raise AttachmentCorrupted(
            "附件校验失败：文件内容与上传时登记的 SM3 摘要不符，可能已被篡改，已拒绝读取。"
        )
    return data


def attachments_for(obj: Any):
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )
