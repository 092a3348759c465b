"""REST API of annual reports: read, create (generates the draft), regenerate, write narrative
blocks, workflow steps, versions and the document tree. Writes go through the same services and
workflow as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api.base import ScopedModelViewSet
from core.api.base import api_validation_error as _invalid
from core.api.permissions import require
from core.models import user_agency
from reports import services, workflow
from reports.api import serializers as s
from reports.models import AnnualReport


class ReportViewSet(ScopedModelViewSet):
    queryset = AnnualReport.objects.select_related("agency").order_by("-year", "id")
    serializer_class = s.ReportSerializer
    filterset_fields = ["year", "status"]
    http_method_names = ["get", "head", "options", "post"]

    def create(self, request, *args, **kwargs):
        """新建：``{"year": 2025}`` — generates the draft from the records of the user's agency."""
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            report = services.create_report(
                user_agency(request.user), ser.validated_data["year"], actor=request.user
            )
        except ValidationError as exc:
            raise _invalid(exc) from exc
        return Response(s.ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"])
    def document(self, request, pk=None):
        """The report as a document tree (title, preamble, numbered-by-writer sections) and the
        flags the officer should see."""
        assembly = services.assembly(self.get_object())
        return Response(
            {
                "document": assembly.document,
                "flags": [f.__dict__ for f in assembly.flags],
            }
        )

    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        report = self.get_object()
        return Response(s.VersionSerializer(report.versions.all(), many=True).data)

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("reports.change_annualreport")],
    )
    def regenerate(self, request, pk=None):
        """重新生成数据; narrative text is kept."""
        try:
            report = services.regenerate(self.get_object(), actor=request.user)
        except ValidationError as exc:
            raise _invalid(exc) from exc
        return Response(s.ReportSerializer(report).data)

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("reports.change_annualreport")],
    )
    def narrative(self, request, pk=None):
        """写叙述段落：``{"key": "shortcomings.text", "text": "…"}``."""
        ser = s.NarrativeSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            changed = services.save_narrative(
                self.get_object(), actor=request.user, **ser.validated_data
            )
        except ValidationError as exc:
            raise _invalid(exc) from exc
        return Response({"changed": changed})

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("reports.change_annualreport")],
    )
    def transition(self, request, pk=None):
        """流程：``{"to": "legal_review"}``; 审议通过 needs meeting_type, meeting_on,
        minutes_number, attendees; 报送 needs recipients [{recipient, kind, submitted_on}];
        公开 needs published_on and published_url; 退回 needs comment."""
        ser = s.TransitionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        to = data.pop("to")
        try:
            report = workflow.transition(self.get_object(), to, actor=request.user, **data)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise _invalid(exc) from exc
        return Response(s.ReportSerializer(report).data)
