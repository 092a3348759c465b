"""Printing 执法文书 from a record's page or the API, and the 文书模板 page of an agency.

Apps call ``print_page`` / ``print_api`` with a record they looked up in the user's scope
(another agency's record is a 404 before it gets here); the rendering, numbering and audit
are ``core.documents.print_record``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from core import documents
from core.audit import sm3_hex
from core.exports import download
from core.models import DocumentTemplate, user_agency

#: The query parameter choosing the file type (``format`` is DRF's own).
FORMAT_PARAM = "fmt"

#: The API schema of a print action: the file, or a 400/403 with a Chinese ``detail``.
print_schema = extend_schema(
    parameters=[
        OpenApiParameter(
            FORMAT_PARAM, str, enum=list(documents.FORMATS), description="docx（默认）或 pdf"
        )
    ],
    responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
)


def _print(request: Any, key: str, record: Any) -> documents.PrintedFile:
    fmt = request.GET.get(FORMAT_PARAM, "docx")
    if fmt not in documents.FORMATS:
        raise ValidationError(f"文件格式“{fmt}”无效：可选 docx 或 pdf。")
    try:
        return documents.print_record(key, record, user=request.user, fmt=fmt)
    except documents.TemplateRefused as exc:
        raise ValidationError(
            f"所用的{documents.get(key).title}模板无法使用：{exc}。请在“文书模板”页更换模板。"
        ) from exc


def _messages(exc: Exception) -> str:
    return "；".join(getattr(exc, "messages", None) or [str(exc)])


def print_page(request: Any, key: str, record: Any) -> HttpResponse:
    """The file for a page's 打印 button; a refusal comes back to the record's page."""
    from reports.export import ExportError

    try:
        printed = _print(request, key, record)
    except (PermissionDenied, ValidationError, ExportError) as exc:
        messages.error(request, _messages(exc))
        return redirect(record.get_absolute_url())
    return download(printed.content, printed.content_type, printed.name)


def print_api(request: Any, key: str, record: Any) -> HttpResponse | Response:
    """The file for an API print action; a refusal is 400/403 with a Chinese ``detail``."""
    from reports.export import ExportError

    try:
        printed = _print(request, key, record)
    except PermissionDenied as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    except (ValidationError, ExportError) as exc:
        return Response({"detail": _messages(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return download(printed.content, printed.content_type, printed.name)


# --- 文书模板 -------------------------------------------------------------------------------


class TemplateUploadForm(forms.Form):
    document = forms.ChoiceField(label="文书种类")
    file = forms.FileField(
        label="模板文件（.docx）",
        error_messages={"required": "请选择要上传的 Word 模板文件。", "empty": "不能上传空文件。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = documents.choices()


@transaction.atomic
def upload_template(agency: Any, key: str, name: str, data: bytes, *, actor: Any) -> list[str]:
    """Check and store an agency's template for ``key``; retire the one in use before.

    Raises ``TemplateRefused`` (nothing stored). Returns the labels of the placeholders the
    template leaves out. The rows are saved one by one, so the audit chain has each change.
    """
    document = documents.get(key)
    unused = documents.check_template(document, data, name)
    for old in DocumentTemplate.objects.select_for_update().filter(
        agency=agency, document=key, active=True
    ):
        old.active = False
        old.updated_by = actor
        old.save(update_fields=["active", "updated_at", "updated_by"])
    row = DocumentTemplate(
        agency=agency,
        document=key,
        file_name=name[:200],
        content=data,
        digest=sm3_hex(data),
        created_by=actor,
        updated_by=actor,
    )
    row.full_clean()
    row.save()
    return unused


def _may_manage(user: Any) -> bool:
    return user.has_perm("core.add_documenttemplate") and user_agency(user) is not None


def _placeholder_row(p: documents.Placeholder) -> dict[str, Any]:
    """How a placeholder is written in a template, for the page's list."""
    if not p.fields:
        return {"tag": f"{{{{ {p.name} }}}}", "label": p.label, "required": p.required}
    return {
        "tag": p.name,
        "loop": f"{{%tr for x in {p.name} %}}",
        "label": p.label,
        "required": p.required,
        "fields": [(f"{{{{ x.{f.name} }}}}", f.label) for f in p.fields],
    }


@login_required
@permission_required("core.view_documenttemplate", raise_exception=True)
def template_list(request: Any) -> HttpResponse:
    """文书模板: per kind, the template in use for the user's agency and where it comes from,
    the agency's uploads, the placeholders, and (for 系统管理员/法规科) the upload form."""
    agency = user_agency(request.user)
    form = TemplateUploadForm()
    if request.method == "POST":
        if not _may_manage(request.user):
            raise PermissionDenied
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            key = form.cleaned_data["document"]
            try:
                unused = upload_template(
                    agency, key, upload.name, upload.read(), actor=request.user
                )
            except documents.TemplateRefused as exc:
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                title = documents.get(key).title
                messages.success(request, f"已启用新的{title}模板“{upload.name}”。")
                if unused:
                    messages.info(request, f"该模板未使用以下占位符：{'、'.join(unused)}。")
                return redirect("core:documenttemplate_list")
    kinds = []
    own = (
        DocumentTemplate.objects.filter(agency=agency).defer("content").select_related("created_by")
    )
    for key, document in documents.REGISTRY.items():
        _, row = documents.template_for(key, agency) if agency else (None, None)
        kinds.append(
            {
                "document": document,
                "in_use": row,
                "inherited": row is not None and row.agency_id != getattr(agency, "pk", None),
                "uploads": [t for t in own if t.document == key],
                "placeholders": [_placeholder_row(p) for p in document.placeholders],
            }
        )
    return render(
        request,
        "core/documenttemplate_list.html",
        {"kinds": kinds, "form": form, "may_manage": _may_manage(request.user), "agency": agency},
    )


@login_required
@permission_required("core.view_documenttemplate", raise_exception=True)
def template_download(request: Any, pk: int) -> HttpResponse:
    row = get_object_or_404(DocumentTemplate.objects.visible_to(request.user), pk=pk)
    return download(bytes(row.content), documents.DOCX_TYPE, row.file_name)


@login_required
@permission_required("core.view_documenttemplate", raise_exception=True)
def template_default(request: Any, key: str) -> HttpResponse:
    """The shipped default template of a kind: the start of an agency's own."""
    try:
        document = documents.get(key)
    except LookupError:
        raise Http404 from None
    name = f"{document.title}（默认模板）.docx"
    return download(document.default_bytes(), documents.DOCX_TYPE, name)


@login_required
@require_POST
@permission_required("core.change_documenttemplate", raise_exception=True)
def template_retire(request: Any, pk: int) -> HttpResponse:
    """停用: the agency goes back to the higher agency's template or the default."""
    with transaction.atomic():
        row = get_object_or_404(
            DocumentTemplate.objects.editable_by(request.user).select_for_update(), pk=pk
        )
        if row.active:
            row.active = False
            row.updated_by = request.user
            row.save(update_fields=["active", "updated_at", "updated_by"])
            messages.success(request, f"已停用{row.document_title}模板“{row.file_name}”。")
    return redirect("core:documenttemplate_list")
