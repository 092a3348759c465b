"""Attachment services: store with an SM3 digest, read back only if the digest still matches."""

from __future__ import annotations

import datetime
from typing import Any

from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.models.attachments import Attachment
from core.models.audit import AuditAction

#: What evidence may be: photos, recorder video and scanned or signed 文书 as PDF. The type is
#: read from the file's first bytes (its signature), never from the name or the browser's claim,
#: so a page or script renamed to .jpg is refused. The same list is the upload input's
#: ``accept`` (``ACCEPT``).
ACCEPT = "image/*,video/*,application/pdf"
ALLOWED_LABEL = (
    "照片（JPEG、PNG、HEIC、WebP、GIF）、视频（MP4、MOV、3GP、AVI、MKV/WebM）或 PDF 文件"
)

#: A capture time this far ahead of the upload is a device clock running slightly fast, not a
#: time after the upload.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def max_size() -> int:
    """The largest attachment accepted: ``FAZHI_MAX_ATTACHMENT_SIZE`` if set, else the request
    limit (``FAZHI_MAX_UPLOAD_MB``), above which ``core.uploads`` refuses the request unread."""
    limit = settings.FAZHI_MAX_UPLOAD_SIZE
    return min(getattr(settings, "FAZHI_MAX_ATTACHMENT_SIZE", limit), limit)


def sniff_media_type(head: bytes) -> str | None:
    """The media type of a file from its first bytes, or None if it is not allowed evidence."""
    if head.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "video/x-msvideo"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm" if b"webm" in head[:64] else "video/x-matroska"
    if head[4:8] == b"ftyp":  # ISO base media: HEIC photos, MP4/MOV/3GP video
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc", b"heim", b"heis"):
            return "image/heic"
        if brand == b"qt  ":
            return "video/quicktime"
        if brand.startswith(b"3g"):
            return "video/3gpp"
        return "video/mp4"
    return None


def media_kind(media_type: str) -> str:
    """照片, 视频 or 文书 (PDF), by media type; 其他 for older uploads of other types."""
    if media_type.startswith("image/"):
        return "照片"
    if media_type.startswith("video/"):
        return "视频"
    if media_type == "application/pdf":
        return "文书（PDF）"
    return "其他"


def upload_errors(uploaded, captured_at: datetime.datetime | None) -> dict[str, list[str]]:
    """Why ``uploaded`` cannot be stored as evidence, by field (empty: it can)."""
    errors: dict[str, list[str]] = {}
    name = uploaded.name
    if uploaded.size == 0:
        errors["file"] = ["文件：不能上传空文件。"]
    elif uploaded.size > max_size():
        errors["file"] = [
            f"文件：“{name}”为 {uploaded.size / (1 << 20):.1f} MB，"
            f"超过单个附件的大小上限（{max_size() // (1 << 20)} MB）。"
        ]
    else:
        head = uploaded.read(64)
        uploaded.seek(0)
        if sniff_media_type(head) is None:
            errors["file"] = [f"文件：“{name}”不是允许的证据类型，只能上传{ALLOWED_LABEL}。"]
    try:  # 形成时间 is a date of work done: not after today (core.validators)
        Attachment._meta.get_field("captured_at").run_validators(captured_at)
    except ValidationError as exc:
        errors["captured_at"] = exc.messages
    else:
        now = timezone.now()
        if captured_at is not None and captured_at > now + CLOCK_SKEW:
            local = timezone.localtime(now)
            errors["captured_at"] = [
                f"形成时间不能晚于上传时间（{local:%Y-%m-%d %H:%M}）：证据须在上传前形成。"
            ]
    return errors


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
    """Store ``uploaded`` for ``obj`` (a scoped record) with its SM3 digest.

    The only writer of attachments, for the pages and the API: the size limit, the allowed
    types (read from the file's signature, which also gives the stored media type) and the
    形成时间 rules (not in the future, not after the upload) hold for every caller.
    """
    if errors := upload_errors(uploaded, captured_at):
        raise ValidationError(errors)
    head = uploaded.read(64)
    uploaded.seek(0)
    digest = sm3_of(uploaded)
    uploaded.seek(0)
    attachment = Attachment(
        agency_id=obj.agency_id,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        original_name=uploaded.name[:255],
        media_type=sniff_media_type(head) or "",
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
