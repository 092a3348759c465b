"""REST API of enforcement: cases (线索 and party written directly; everything else by steps),
the team, every step of ``enforcement.workflow`` and the catalogue of violations (read-only).
The steps are the pages' steps: same rules, same Chinese refusals, same audit events."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api.base import ScopedModelViewSet, api_validation_error
from core.api.permissions import require
from enforcement import filters, workflow
from enforcement.api import serializers as s
from enforcement.models import Case, CaseStatus, Violation

#: step → how its input becomes the workflow call.
CALLS = {
    "file": lambda c, d, a: workflow.file_case(c, actor=a, on=d.get("on")),
    "decline": lambda c, d, a: workflow.decline_filing(c, actor=a, reason=d.get("reason", "")),
    "preserve": lambda c, d, a: workflow.preserve_evidence(c, actor=a, on=d.get("on")),
    "close_investigation": lambda c, d, a: workflow.close_investigation(
        c, actor=a, facts=d.get("facts", ""), report=d.get("report", ""), on=d.get("on")
    ),
    "no_penalty": lambda c, d, a: workflow.decide_no_penalty(
        c,
        actor=a,
        reason=d.get("no_penalty_reason", ""),
        list_item=d.get("list_item", ""),
        on=d.get("on"),
    ),
    "refer": lambda c, d, a: workflow.refer(c, actor=a, to=d.get("to", ""), on=d.get("on")),
    "notify": lambda c, d, a: workflow.notify(
        c, actor=a, on=d.get("on"), complex_case=d.get("complex_case", False)
    ),
    "statement": lambda c, d, a: workflow.record_statement(
        c, actor=a, on=d.get("on"), waived=d.get("waived", False)
    ),
    "request_hearing": lambda c, d, a: workflow.request_hearing(c, actor=a, on=d.get("on")),
    "hold_hearing": lambda c, d, a: workflow.hold_hearing(
        c, actor=a, notified_on=_need(d, "notified_on"), held_on=_need(d, "held_on")
    ),
    "submit_review": lambda c, d, a: workflow.submit_review(
        c, actor=a, reviewer=_need(d, "reviewer"), on=d.get("on")
    ),
    "review": lambda c, d, a: workflow.record_review(
        c,
        actor=a,
        outcome=d.get("outcome", ""),
        opinion=d.get("opinion", ""),
        checklist=d.get("checklist"),
        on=d.get("on"),
    ),
    "discuss": lambda c, d, a: workflow.discuss(
        c,
        actor=a,
        held_on=_need(d, "held_on"),
        attendees=d.get("attendees", []),
        opinions=d.get("opinions", ""),
        conclusion=d.get("conclusion", ""),
        dissent=d.get("dissent", ""),
    ),
    "decide": lambda c, d, a: workflow.decide(c, actor=a, on=d.get("on")),
    "serve": lambda c, d, a: workflow.serve(
        c,
        actor=a,
        method=d.get("method", ""),
        on=d.get("on"),
        credit_notice=d.get("credit_notice", False),
    ),
    "publicize": lambda c, d, a: workflow.publicize(c, actor=a, on=d.get("on")),
    "pay": lambda c, d, a: workflow.pay(
        c, actor=a, amount=_need(d, "amount"), on=d.get("on"), receipt=d.get("receipt", "")
    ),
    "apply_court": lambda c, d, a: workflow.apply_court(c, actor=a, on=d.get("on")),
    "close": lambda c, d, a: workflow.close(c, actor=a, on=d.get("on")),
    "archive": lambda c, d, a: workflow.archive(
        c, actor=a, reference=d.get("reference", ""), on=d.get("on")
    ),
    "simple": lambda c, d, a: workflow.decide_on_the_spot(c, actor=a, on=d.get("on")),
}
#: The proposed penalty, written with 事先告知 or 简易程序 in the same transaction.
PENALTY_FIELDS = (
    "violation",
    "discretion_grade",
    "penalty_kinds",
    "fine",
    "confiscated_income",
    "confiscated_property_value",
    "outside_range_reason",
)


def _need(data: dict, name: str):
    if data.get(name) in (None, ""):
        raise ValidationError({name: "此步骤须填写该项。"})
    return data[name]


class CaseViewSet(ScopedModelViewSet):
    """行政处罚案件. POST creates a 线索; PUT/PATCH correct the clue and the party until the
    investigation ends; every other change is a step (``steps/{step}/``)."""

    queryset = Case.objects.filter(withdrawn_at__isnull=True).order_by("-id")
    serializer_class = s.CaseSerializer
    filterset_class = filters.CaseFilterSet

    def get_queryset(self):
        qs = filters.with_overdue(super().get_queryset())
        if self.action in ("update", "partial_update"):
            qs = qs.filter(status__in=[CaseStatus.CLUE, CaseStatus.INVESTIGATING])
        return qs

    @extend_schema(request=s.TeamInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], permission_classes=[require("enforcement.change_case")])
    def team(self, request, pk=None):
        """承办人员: ``{"members": [{"person": id, "lead": true, "declared_on": "2026-03-02"}]}``,
        replacing the team; only before 立案."""
        case = self.get_object()
        if case.status != CaseStatus.CLUE:
            raise api_validation_error(
                ValidationError({"investigators": "立案后不能更换承办人员。"})
            )
        ser = s.TeamInput(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        members = [
            (m["person"], m["lead"], m["declared_on"]) for m in ser.validated_data["members"]
        ]
        try:
            workflow.set_team(case, members, actor=request.user)
        except ValidationError as exc:
            raise api_validation_error(exc) from exc
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=s.StepInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], permission_classes=[require("enforcement.view_case")])
    def steps(self, request, pk=None):
        """办理步骤. ``{"step": "file", …}``: one of the workflow's steps (file 批准立案, notify
        事先告知 with the proposed penalty, decide 作出决定, serve 送达, …) and that step's fields.
        Refusals are 400 with the missing step named, 403 for a role that may not take it."""
        case = self.get_object()
        ser = s.StepInput(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        step = data["step"]
        try:
            with transaction.atomic():
                if step in ("notify", "simple"):
                    for name in PENALTY_FIELDS:
                        if name in data:
                            setattr(case, name, data[name])
                    case.full_clean(exclude=["agency"])
                    case.updated_by = request.user
                CALLS[step](case, data, request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise api_validation_error(exc) from exc
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data)


class ViolationViewSet(viewsets.ReadOnlyModelViewSet):
    """违法行为与裁量基准 (shared catalogue, read-only here)."""

    queryset = Violation.objects.prefetch_related("levels").order_by("code")
    serializer_class = s.ViolationSerializer
    filterset_fields = ["domain"]
