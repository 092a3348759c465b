"""Upload, download (verified) and withdraw attachments of any scoped record."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.attachments import (
    ACCEPT,
    AttachmentCorrupted,
    attach,
    attachments_for,
    max_size,
    media_kind,
    read_verified,
)
from core.models import Attachment
from core.retention import withdraw
from core.views import safe_next_url


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="文件",
        error_messages={
            "required": "请选择要上传的文件，或用手机拍照、录像。",
            "empty": "不能上传空文件。",
        },
    )
    captured_at = forms.DateTimeField(
        label="形成时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="拍摄、录制或签署的时间。",
    )
    device_number = forms.CharField(label="设备编号", required=False, max_length=60)
    description = forms.CharField(label="说明", required=False, max_length=200)


def editable_target(user, ct: ContentType, object_id: int):
    """The record an attachment is added to: a scoped record the user may change.

    Adding evidence changes the record, so the user needs the role's permission to change that
    kind of record (``change_<model>``) as well as the record being in the user's agency; a
    record outside either is answered as not found. Used by the page and the API.
    """
    model = ct.model_class()
    manager = getattr(model, "objects", None)
    if model is None or not hasattr(manager, "editable_by") or not may_change(user, ct):
        raise Http404
    return get_object_or_404(manager.editable_by(user), pk=object_id)


def may_change(user, ct: ContentType) -> bool:
    """Whether the user's role may change that kind of record (and so add or withdraw its
    attachments)."""
    return user.has_perm(f"{ct.app_label}.change_{ct.model}")


def may_attach(user, obj) -> bool:
    """Whether ``user`` may add evidence to ``obj`` and withdraw it: the record is the user's
    agency's and the role may change that kind of record (what ``editable_target`` asks)."""
    ct = ContentType.objects.get_for_model(obj)
    manager = type(obj).objects
    return may_change(user, ct) and manager.editable_by(user).filter(pk=obj.pk).exists()


def panel_context(request, obj, *, title: str = "附件与证据", note: str = "") -> dict:
    """What ``core/partials/attachments.html`` shows of ``obj``: its attachments (withdrawn
    ones kept, marked), with the upload and withdraw forms only for users who may use them."""
    rows = list(attachments_for(obj))
    for a in rows:
        a.kind = media_kind(a.media_type)
    return {
        "title": title,
        "note": note,
        "attachments": rows,
        "obj": obj,
        "ct_id": ContentType.objects.get_for_model(obj).pk,
        "can_attach": may_attach(request.user, obj),
        "accept": ACCEPT,
        "max_mb": max_size() // (1 << 20),
        "request": request,
    }


def editable_attachment(user, pk: int) -> Attachment:
    """An attachment the user may withdraw: of the user's agency, on a kind of record the role
    may change; any other is not found. Used by the page and the API."""
    attachment = get_object_or_404(Attachment.objects.editable_by(user), pk=pk)
    if not may_change(user, attachment.content_type):
        raise Http404
    return attachment


def file_response(attachment: Attachment, data: bytes) -> HttpResponse:
    """The verified bytes as a download named after the uploaded file (RFC 5987 name)."""
    response = HttpResponse(data, content_type=attachment.media_type or "application/octet-stream")
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(attachment.original_name)}"
    )
    response["X-Content-SM3"] = attachment.sm3
    return response


def _editable_target(user, ct_id: int, object_id: int):
    return editable_target(user, get_object_or_404(ContentType, pk=ct_id), object_id)


@login_required
@require_POST
def attachment_add(request, ct_id: int, object_id: int):
    target = _editable_target(request.user, ct_id, object_id)
    # The panel offers two inputs named ``file`` (the phone's camera, and a file chooser); the
    # one the user filled is the upload.
    chosen = [f for f in request.FILES.getlist("file") if f.name and f.size]
    files = {"file": chosen[0]} if chosen else {}
    form = AttachmentForm(request.POST, files)
    back = safe_next_url(request, getattr(target, "get_absolute_url", lambda: "/")())
    if form.is_valid():
        try:
            attach(
                target,
                form.cleaned_data["file"],
                actor=request.user,
                captured_at=form.cleaned_data["captured_at"],
                device_number=form.cleaned_data["device_number"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(request, "附件已上传并登记 SM3 摘要。")
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errs:
                messages.error(request, f"{label}：{e}" if label else e)
    return redirect(back)


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    try:
        data = read_verified(attachment, actor=request.user)
    except AttachmentCorrupted as exc:
        return render(
            request,
            "core/attachment_error.html",
            {"attachment": attachment, "message": str(exc)},
            status=409,
        )
    return file_response(attachment, data)


@login_required
@require_POST
def attachment_withdraw(request, pk: int):
    attachment = editable_attachment(request.user, pk)
    try:
        withdraw(attachment, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, "附件已撤回（保留原文件与审计记录）。")
    target = attachment.target
    return redirect(getattr(target, "get_absolute_url", lambda: "/")())
