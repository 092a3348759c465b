from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core import audit, documents, filters
from core.api import serializers as s
from core.api.base import ScopedModelViewSet, api_validation_error
from core.api.parsers import JSONParser
from core.api.permissions import require
from core.attachment_views import editable_target, file_response, may_change
from core.attachments import AttachmentCorrupted, attach, read_verified
from core.document_views import upload_template
from core.exports import download
from core.models import (
    Agency,
    Attachment,
    AuditAction,
    Department,
    DocumentTemplate,
    Person,
    Region,
    user_agency,
)
from core.retention import withdraw
from core.tokens import issue_token


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Agency.objects.all()
    serializer_class = s.AgencySerializer
    filterset_class = filters.AgencyFilterSet

    def get_queryset(self):
        return Agency.objects.visible_to(self.request.user)


class DepartmentViewSet(ScopedModelViewSet):
    queryset = Department.objects.select_related("agency")
    serializer_class = s.DepartmentSerializer
    filterset_class = filters.DepartmentFilterSet


class RegionViewSet(ScopedModelViewSet):
    queryset = Region.objects.select_related("agency")
    serializer_class = s.RegionSerializer
    filterset_class = filters.RegionFilterSet


class PersonViewSet(ScopedModelViewSet):
    queryset = Person.objects.select_related("agency", "department")
    serializer_class = s.PersonSerializer
    filterset_class = filters.PersonFilterSet


class AttachmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """附件与证据：按对象列出、上传（登记 SM3 摘要）、校验后下载、撤回（不删除）。

    Reading follows the user's scope (本机构及下级); adding or withdrawing needs the record to
    be the user's agency's and the role's permission to change that kind of record, as on the
    pages. ``?target=supervision.inspection:12`` lists one record's attachments.
    """

    serializer_class = s.AttachmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = "[0-9]+"  # as ScopedModelViewSet: a non-numeric id is a 404
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        qs = Attachment.objects.visible_to(self.request.user).select_related("content_type")
        target = self.request.query_params.get("target")
        if target:
            ct, object_id = _target(target)
            qs = qs.filter(content_type=ct, object_id=object_id)
        return qs

    @extend_schema(request=s.AttachmentUploadSerializer, responses={201: s.AttachmentSerializer})
    def create(self, request):
        upload = s.AttachmentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        ct, object_id = _target(data["target"])
        try:
            record = editable_target(request.user, ct, object_id)
        except Http404:
            raise NotFound("对象不存在，或不在您可修改的范围内。") from None
        try:
            attachment = attach(
                record,
                data["file"],
                actor=request.user,
                captured_at=data.get("captured_at"),
                device_number=data.get("device_number", ""),
                description=data.get("description", ""),
            )
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from exc
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        attachment = self.get_object()
        try:
            data = read_verified(attachment, actor=request.user)
        except AttachmentCorrupted as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return file_response(attachment, data)

    @extend_schema(request=s.WithdrawSerializer, responses={200: s.AttachmentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        attachment = get_object_or_404(Attachment.objects.editable_by(request.user), pk=pk)
        if not may_change(request.user, attachment.content_type):
            raise PermissionDenied("您的角色无权撤回该类记录的附件。")
        body = s.WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            withdraw(attachment, actor=request.user, reason=body.validated_data["reason"])
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from exc
        attachment.refresh_from_db()
        return Response(s.AttachmentSerializer(attachment).data)


def _target(text: str) -> tuple[ContentType, int]:
    """“应用.模型:编号” → (content type, id); an unknown kind of record is a 400."""
    try:
        label, object_id = text.rsplit(":", 1)
        app_label, model = label.split(".", 1)
        return ContentType.objects.get_by_natural_key(app_label, model), int(object_id)
    except (ValueError, ContentType.DoesNotExist):
        raise ValidationError(
            {"target": [f"对象：“{text}”不是可附加附件的记录（应用.模型:编号）。"]}
        ) from None


class TokenRequestSerializer(AuthTokenSerializer):
    """用户名和密码换取接口令牌；错误提示为中文。"""

    def validate(self, attrs):
        request = self.context["request"]
        username, password = attrs.get("username"), attrs.get("password")
        user = authenticate(request=request, username=username, password=password)
        if getattr(request, "axes_locked_out", False):
            raise Throttled(detail=LOCKED_OUT_MESSAGE)
        if user is None:
            raise ValidationError("用户名或密码错误，或账号已停用。连续多次输错将被锁定。")
        attrs["user"] = user
        return attrs


LOCKED_OUT_MESSAGE = "连续输错密码次数过多，该账号已被临时锁定。请稍后再试，或联系系统管理员解锁。"


class ObtainAuthTokenView(ObtainAuthToken):
    """接口令牌：``POST /api/token/``（username、password）→ ``{"token": …}``。

    The token expires after ``FAZHI_API_TOKEN_HOURS``; an expired one is replaced here. Failed
    attempts count towards the same lock-out as the login page (django-axes).
    """

    serializer_class = TokenRequestSerializer

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenRequestSerializer})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token = issue_token(user)
        # A token is a standing login: its issue is recorded like a login (the token itself is
        # not); a wrong password is recorded as a failed login by ``core.receivers``.
        audit.record(
            AuditAction.TOKEN,
            user,
            actor=user,
            agency=user.agency,
            data={"username": user.username},
        )
        return Response({"token": token.key})


class DocumentTemplateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """文书模板：列出（本机构及下级）、上传（检查并启用）、停用、下载。

    As on the 文书模板 page: the 系统管理员 and 法规科 of an agency upload its templates; an
    upload is checked by a trial render and refused (400, nothing stored) with the reasons in
    Chinese; the previous template of that kind is retired.
    """

    serializer_class = s.DocumentTemplateSerializer
    permission_classes = [require("core.view_documenttemplate")]
    lookup_value_regex = "[0-9]+"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return DocumentTemplate.objects.visible_to(self.request.user).defer("content")

    @extend_schema(
        request=s.DocumentTemplateUploadSerializer, responses={201: s.DocumentTemplateSerializer}
    )
    def create(self, request):
        if not request.user.has_perm("core.add_documenttemplate"):
            raise PermissionDenied("您的角色无权上传文书模板。")
        agency = user_agency(request.user)
        if agency is None:
            raise PermissionDenied("您的账号未归属机构，不能上传文书模板。")
        upload = s.DocumentTemplateUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        try:
            upload_template(
                agency, data["document"], data["file"].name, data["file"].read(), actor=request.user
            )
        except documents.TemplateRefused as exc:
            raise ValidationError({"file": exc.messages}) from exc
        row = DocumentTemplate.objects.get(agency=agency, document=data["document"], active=True)
        return Response(s.DocumentTemplateSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.DocumentTemplateSerializer})
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("core.change_documenttemplate")],
    )
    def retire(self, request, pk=None):
        """停用：本机构改用上级机构的或系统默认的模板。"""
        with transaction.atomic():
            row = get_object_or_404(
                DocumentTemplate.objects.editable_by(request.user).select_for_update(), pk=pk
            )
            if row.active:
                row.active = False
                row.updated_by = request.user
                row.save(update_fields=["active", "updated_at", "updated_by"])
        return Response(s.DocumentTemplateSerializer(row).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        row = get_object_or_404(DocumentTemplate.objects.visible_to(request.user), pk=pk)
        return download(bytes(row.content), documents.DOCX_TYPE, row.file_name)
