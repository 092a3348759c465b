"""REST API of the registry: CRUD of entities and licences, and the Excel import/export of the
directory with the same rules, permissions and audit events as the pages."""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from core.api.base import ScopedModelViewSet
from core.api.permissions import require
from core.api.retention import RetainedModelViewSet
from core.models import user_agency
from registry import io
from registry.api import serializers as s
from registry.filters import EntityFilterSet
from registry.models import Licence, SupervisedEntity
from registry.views import XLSX, export_response


class XlsxRenderer(BaseRenderer):
    """Lets a client ask for the export with ``Accept: <xlsx>``; errors still read as JSON."""

    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only errors come here: the workbook itself is a plain HttpResponse (export_response),
        # which DRF does not render.
        return json.dumps(data, ensure_ascii=False).encode()


class EntityViewSet(ScopedModelViewSet):
    queryset = SupervisedEntity.objects.order_by("-id")
    serializer_class = s.EntitySerializer
    filterset_class = EntityFilterSet

    @extend_schema(
        request={"multipart/form-data": s.ImportUploadSerializer},
        responses={201: s.ImportReportSerializer, 400: s.ImportReportSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser],
        permission_classes=[require(*io.IMPORT_PERMISSIONS)],
    )
    def import_xlsx(self, request):
        """导入监管对象和许可证（.xlsx，表单字段 ``file``）：全部通过才写入。

        201 with the counts; 400 with every error (sheet, row, column, message) and nothing
        written. The workbook layout is that of the export.
        """
        upload = s.ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        result = io.import_entities(
            upload.validated_data["file"], user_agency(request.user), request.user
        )
        return Response(
            s.import_report(result),
            status=status.HTTP_201_CREATED if result.ok else status.HTTP_400_BAD_REQUEST,
        )

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(
        detail=False,
        methods=["get"],
        url_path="export",
        url_name="export",
        renderer_classes=[JSONRenderer, XlsxRenderer],
        permission_classes=[require("registry.view_supervisedentity")],
    )
    def export(self, request):
        """导出监管对象和许可证（.xlsx），筛选条件同列表；导出记入审计日志。"""
        qs = self.filter_queryset(self.get_queryset())
        return export_response(qs, request.user, request.GET.urlencode())


class LicenceViewSet(RetainedModelViewSet):
    """许可证: created, changed and withdrawn (撤回, with a reason), never deleted."""

    queryset = Licence.objects.order_by("-id")
    serializer_class = s.LicenceSerializer
