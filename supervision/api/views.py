"""REST API of supervision: CRUD plus the operations the pages offer (draw, verify, publish,
task transitions, 扫码入企, checklist findings, 回头看). Every write goes through the same
services as the pages, so the rules, the audit events and the Chinese messages are the same."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api.base import ScopedModelViewSet, api_validation_error
from core.api.permissions import require
from core.document_views import print_api, print_schema
from core.models import user_agency
from core.shared import SharedDataPermission
from supervision import services, workflow
from supervision.api import serializers as s
from supervision.documents import OPINION_DOCUMENT, RECORD_DOCUMENT, ROSTER_DOCUMENT
from supervision.models import (
    Campaign,
    ChecklistPoint,
    Conflict,
    Inspection,
    InspectionItem,
    RectificationOrder,
    SamplingPlan,
    Task,
)

_invalid = api_validation_error


class PlanViewSet(ScopedModelViewSet):
    queryset = SamplingPlan.objects.order_by("-id")
    serializer_class = s.PlanSerializer

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require(workflow.DRAW_PERMISSION)],
    )
    def draw(self, request, pk=None):
        """抽取。Body: ``{"witness": person id}`` (见证人; the plan's when left out). The drawer
        is the user (法规科); neither, nor the 法制审核员, is drawn as an inspector."""
        plan = self.get_object()
        ser = s.DrawSerializer(data=request.data, context={"plan": plan})
        ser.is_valid(raise_exception=True)
        try:
            result = services.run_draw(
                plan, actor=request.user, witness=ser.validated_data.get("witness")
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise _invalid(exc) from exc
        plan.refresh_from_db()
        return Response({**s.PlanSerializer(plan).data, "targets": len(result.targets)})

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("supervision.change_samplingplan")],
    )
    def correct(self, request, pk=None):
        """更正公示。Body: ``{"reason": "…", "name"|"year"|"source"|"partner_department": …}``;
        the values replaced are kept and the public page says the plan was corrected."""
        plan = self.get_object()
        ser = s.PlanCorrectionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        changes = dict(ser.validated_data)
        reason = changes.pop("reason")
        try:
            services.correct_plan(plan, changes, reason=reason, actor=request.user)
        except ValidationError as exc:
            raise _invalid(exc) from exc
        plan.refresh_from_db()
        return Response(s.PlanSerializer(plan).data)

    @print_schema
    @action(detail=True, methods=["get"])
    def roster(self, request, pk=None):
        """导出抽查名单（``?fmt=docx|pdf``）：抽中的对象及其执法人员；未抽取的计划为400。"""
        return print_api(request, ROSTER_DOCUMENT.key, self.get_object())

    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        """复核：按记录的种子和输入快照重新抽取，结果须与保存的任务一致。"""
        check = services.verify_draw(self.get_object())
        return Response({"ok": check.ok, "messages": check.messages})

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("supervision.change_samplingplan")],
    )
    def publish(self, request, pk=None):
        """公示。Body: ``{"published_on": "YYYY-MM-DD"}``."""
        ser = s.PublishSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        plan = self.get_object()
        try:
            services.publish_plan(plan, on=ser.validated_data["published_on"], actor=request.user)
        except ValidationError as exc:
            raise _invalid(exc) from exc
        plan.refresh_from_db()
        return Response(s.PlanSerializer(plan).data)


class TaskViewSet(ScopedModelViewSet, viewsets.ReadOnlyModelViewSet):
    """Tasks are written by the draw and the workflow only; the API reads them and moves them."""

    http_method_names = ["get", "head", "options", "post"]
    queryset = Task.objects.prefetch_related("team__members").order_by("plan_id", "seq")
    serializer_class = s.TaskSerializer
    filterset_fields = ["plan", "status", "result"]

    def create(self, request, *args, **kwargs):
        return Response(
            {"detail": "抽查任务由抽取产生，不能直接新增。"},
            status=status.HTTP_405_METHOD_NOT_ALLOWED,
        )

    @action(detail=True, methods=["post"], permission_classes=[require("supervision.change_task")])
    def transition(self, request, pk=None):
        """状态变更。Body: ``{"to": "inspected|unable|reviewing|closed", "reason", "evidence"}``."""
        ser = s.TransitionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        task = self.get_object()
        try:
            workflow.transition(task, actor=request.user, **ser.validated_data)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise _invalid(exc) from exc
        return Response(s.TaskSerializer(task).data)


class InspectionViewSet(ScopedModelViewSet):
    queryset = Inspection.objects.prefetch_related("inspectors").order_by("-id")
    serializer_class = s.InspectionSerializer
    filterset_fields = ["entity", "kind", "result", "campaign", "task"]

    def perform_create(self, serializer):
        """登记检查; a 双随机 inspection moves its task to 已检查 (``services.inspect_task``), as
        the page does, in the same transaction: a refusal saves nothing."""
        with transaction.atomic():
            super().perform_create(serializer)
            try:
                services.inspect_task(serializer.instance, actor=self.request.user)
            except DjangoPermissionDenied as exc:
                raise PermissionDenied(str(exc)) from exc
            except ValidationError as exc:
                raise _invalid(exc) from exc

    @action(
        detail=False,
        methods=["post"],
        url_path="publish",
        permission_classes=[require("supervision.change_inspection")],
    )
    def publish(self, request):
        """公示检查结果 of 日常监督检查, as the page does. Body: ``{"inspected_from" (optional),
        "inspected_to", "published_on"}``; answers ``{"published": n}``."""
        from supervision.publication_views import InspectionPublishForm, chosen_inspections

        form = InspectionPublishForm(request.data)
        if not form.is_valid():
            return Response(form.errors.get_json_data(), status=status.HTTP_400_BAD_REQUEST)
        try:
            n = services.publish_inspections(
                chosen_inspections(request.user, form.cleaned_data),
                on=form.cleaned_data["published_on"],
                actor=request.user,
            )
        except ValidationError as exc:
            raise _invalid(exc) from exc
        return Response({"published": n})

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("supervision.change_inspection")],
    )
    def correct(self, request, pk=None):
        """更正已公示的检查结果。Body: ``{"reason": "…", "inspected_on"|"result"|"kind"|
        "entity": …}``; the values replaced are kept and the portal shows 已更正."""
        insp = self.get_object()
        ser = s.InspectionCorrectionSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        ser.is_valid(raise_exception=True)
        changes = dict(ser.validated_data)
        reason = changes.pop("reason")
        try:
            services.correct_inspection(insp, changes, reason=reason, actor=request.user)
        except ValidationError as exc:
            raise _invalid(exc) from exc
        insp.refresh_from_db()
        return Response(s.InspectionSerializer(insp).data)

    @action(
        detail=True,
        methods=["post"],
        url_path="check-in",
        permission_classes=[require("supervision.change_inspection")],
    )
    def check_in(self, request, pk=None):
        """扫码入企。Body: ``{"entity_code", "person_code"}``; a mismatch is 400 and audited."""
        ser = s.CheckInSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            row = services.check_in(self.get_object(), actor=request.user, **ser.validated_data)
        except ValidationError as exc:
            raise _invalid(exc) from exc
        return Response({"accepted": row.accepted, "checked_in_at": row.created_at})

    @print_schema
    @action(detail=True, methods=["get"], url_path="record-document")
    def record_document(self, request, pk=None):
        """现场笔录（``?fmt=docx|pdf``），编号为检查的现场笔录编号。"""
        return print_api(request, RECORD_DOCUMENT.key, self.get_object())

    @print_schema
    @action(detail=True, methods=["get"], url_path="opinion-document")
    def opinion_document(self, request, pk=None):
        """卫生监督意见书（``?fmt=docx|pdf``），含本次检查责令整改的整改要求与期限。"""
        return print_api(request, OPINION_DOCUMENT.key, self.get_object())

    @action(
        detail=True,
        methods=["get", "put"],
        permission_classes=[require("supervision.view_inspection")],
    )
    def findings(self, request, pk=None):
        """检查要点结论。PUT replaces them: ``[{"point": id, "compliant": bool, "note": ""}]``."""
        if request.method == "GET":
            insp = self.get_object()
            return Response(s.FindingSerializer(insp.items.all(), many=True).data)
        if not request.user.has_perm("supervision.change_inspection"):
            raise PermissionDenied("您的角色无权执行该操作。")
        insp = self.get_object()
        ser = s.FindingSerializer(data=request.data, many=True, context={"inspection": insp})
        ser.is_valid(raise_exception=True)
        services.record_findings(insp, list(ser.validated_data), actor=request.user)
        return Response(s.FindingSerializer(insp.items.all(), many=True).data)


class RectificationViewSet(ScopedModelViewSet):
    queryset = RectificationOrder.objects.order_by("-id")
    serializer_class = s.RectificationSerializer
    filterset_fields = ["status", "inspection"]

    def perform_create(self, serializer):
        """下达责令整改 through ``services.issue_rectification``, as the page does."""
        user = self.request.user
        order = RectificationOrder(**serializer.validated_data, agency=user_agency(user))
        with transaction.atomic():
            try:
                services.issue_rectification(order, actor=user)
            except DjangoPermissionDenied as exc:
                raise PermissionDenied(str(exc)) from exc
            except ValidationError as exc:
                raise _invalid(exc) from exc
            serializer.instance = order
            self._recheck(order)

    def perform_update(self, serializer):
        """A corrected 下达日期 or 整改期限 moves the order's clocks in the same transaction."""
        with transaction.atomic():
            super().perform_update(serializer)
            services.reschedule_rectification(serializer.instance, actor=self.request.user)

    @print_schema
    @action(detail=True, methods=["get"], url_path="opinion-document")
    def opinion_document(self, request, pk=None):
        """卫生监督意见书（``?fmt=docx|pdf``）of this order, under its number."""
        return print_api(request, OPINION_DOCUMENT.key, self.get_object())

    @action(
        detail=True,
        methods=["post"],
        url_path="follow-up",
        permission_classes=[require("supervision.change_rectificationorder")],
        serializer_class=s.FollowUpSerializer,
    )
    def follow_up(self, request, pk=None):
        """回头看。Body: ``{"follow_up": inspection id, "rectified": true|false}``."""
        order = self.get_object()
        ser = s.FollowUpSerializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        try:
            order = services.record_follow_up(order, actor=request.user, **ser.validated_data)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise _invalid(exc) from exc
        return Response(s.RectificationSerializer(order).data)


class CampaignViewSet(ScopedModelViewSet):
    queryset = Campaign.objects.order_by("-starts_on", "-id")
    serializer_class = s.CampaignSerializer


class InspectionItemViewSet(ScopedModelViewSet):
    queryset = InspectionItem.objects.order_by("category", "id")
    serializer_class = s.InspectionItemSerializer
    filterset_fields = ["category", "level"]


class ConflictViewSet(ScopedModelViewSet):
    queryset = Conflict.objects.order_by("-id")
    serializer_class = s.ConflictSerializer
    filterset_fields = ["person", "entity"]


class ChecklistPointViewSet(viewsets.ModelViewSet):
    """检查要点: national reference data shared by every agency. Only the top-level 系统管理员
    changes them (``core.shared``); findings refer to them, so they are never deleted."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    permission_classes = [SharedDataPermission]
    queryset = ChecklistPoint.objects.all()
    serializer_class = s.ChecklistPointSerializer
    filterset_fields = ["category"]
