from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import ScopedModelSerializer, ScopedSerializer, ValidatedModelSerializer
from core.models import Person
from supervision import rules
from supervision.filters import OVERDUE_HELP
from supervision.models import (
    AmendmentKind,
    Campaign,
    ChecklistPoint,
    Conflict,
    DrawAmendment,
    Finding,
    Inspection,
    InspectionItem,
    PlanStatus,
    RectificationOrder,
    SamplingPlan,
    Task,
    TaskStatus,
    UnableReason,
)


@extend_schema_field(OpenApiTypes.BOOL)
class OverdueField(serializers.Field):
    """逾期 (read only): the record's registered clock (``core.deadlines`` ``Deadline`` rows of
    ``rules.OVERDUE_RULES``) is open and past due, as the list pages show it. Read from the
    queryset's annotation (``rules.with_overdue``), else asked of the record's own rows."""

    def __init__(self, help_text: str):
        super().__init__(read_only=True, source="*", help_text=help_text, label="逾期")

    def to_representation(self, obj) -> bool:
        value = getattr(obj, "is_overdue", None)
        if value is None:
            model = type(obj)
            value = model.objects.filter(pk=obj.pk).filter(rules.overdue(model)).exists()
        return bool(value)


class PlanSerializer(ValidatedModelSerializer):
    class Meta:
        model = SamplingPlan
        fields = [
            "id",
            "agency",
            "name",
            "year",
            "source",
            "items",
            "categories",
            "subcategories",
            "strata_by",
            "quota_mode",
            "quota_value",
            "stratum_quotas",
            "exclude_inspected_months",
            "inspectors_per_target",
            "workload_cap",
            "restrict_to_region",
            "partner_department",
            "planned_on",
            "check_ends_on",
            "status",
            "seed",
            "algorithm_version",
            "input_digest",
            "result_digest",
            "drawn_at",
            "drawn_by",
            "witness",
            "published_on",
        ]
        read_only_fields = [
            "agency",
            "status",
            "seed",
            "algorithm_version",
            "input_digest",
            "result_digest",
            "drawn_at",
            "drawn_by",
            "published_on",
        ]

    def get_fields(self):
        fields = super().get_fields()
        # 抽查事项 and 见证人 of the user's agency and below, as on the plan page.
        agency = self.context.get("agency")
        items = InspectionItem.objects.in_scope(agency) if agency else InspectionItem.objects.none()
        fields["items"].child_relation.queryset = items
        fields["witness"].queryset = (
            Person.objects.in_scope(agency).filter(is_active=True)
            if agency
            else Person.objects.none()
        )
        return fields

    def validate(self, attrs):
        plan = self.instance
        if plan is not None and plan.status == PlanStatus.PUBLISHED:
            raise serializers.ValidationError(
                {
                    "status": "计划已公示，不能直接修改：已公示的内容只能更正，并须说明更正理由"
                    f"（POST /api/supervision/plans/{plan.pk}/correct/）。"
                }
            )
        if plan is not None and plan.status != PlanStatus.DRAFT:
            # The page edits drafts only; a drawn plan's record is what was drawn.
            raise serializers.ValidationError(
                {
                    "status": f"计划已{plan.get_status_display()}，不能再修改："
                    "抽取记录须与抽取时一致。"
                }
            )
        attrs = super().validate(attrs)
        items = attrs.get("items", plan.items.all() if plan is not None else [])
        categories = attrs.get("categories", plan.categories if plan is not None else [])
        try:
            SamplingPlan.check_items(items, categories)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs


class TaskSerializer(ScopedModelSerializer):
    # Task.inspectors is the team's members (a property): the schema needs the id type spelled.
    inspectors = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, pk_field=serializers.IntegerField()
    )
    is_overdue = OverdueField(OVERDUE_HELP["task"])

    class Meta:
        model = Task
        fields = [
            "id",
            "agency",
            "plan",
            "entity",
            "stratum",
            "seq",
            "inspectors",
            "status",
            "result",
            "unable_reason",
            "inspected_on",
            "closed_on",
            "published_on",
            "is_overdue",
        ]
        read_only_fields = fields


class InspectionSerializer(ValidatedModelSerializer):
    is_overdue = OverdueField(OVERDUE_HELP["inspection"])

    class Meta:
        model = Inspection
        fields = [
            "id",
            "agency",
            "entity",
            "kind",
            "inspected_on",
            "inspectors",
            "task",
            "campaign",
            "findings",
            "result",
            "case_requested",
            "record_number",
            "opinion_number",
            "published_on",
            "is_overdue",
        ]
        read_only_fields = ["agency", "case_requested", "published_on"]
        # No conclusion by default, as on the page: the inspector states it.
        extra_kwargs = {"result": {"required": True}}

    def validate(self, attrs):
        # super() runs Inspection.clean(): the entity in scope, the task the agency's own and
        # of the same entity, as on the page.
        attrs = super().validate(attrs)
        # 行政处罚法第42条, asked where the inspection form asks (rules.inspector_problems).
        instance = self.instance
        if "inspectors" in attrs:
            inspectors = attrs["inspectors"]
        else:
            inspectors = list(instance.inspectors.all()) if instance is not None else []
        day = attrs.get("inspected_on", instance.inspected_on if instance is not None else None)
        agency = instance.agency if instance is not None else self.context.get("agency")
        problems = rules.inspector_problems(inspectors, day, agency)
        if problems:
            raise serializers.ValidationError({"inspectors": problems})
        return attrs


class RectificationSerializer(ValidatedModelSerializer):
    is_overdue = OverdueField(OVERDUE_HELP["rectificationorder"])

    class Meta:
        model = RectificationOrder
        fields = [
            "id",
            "agency",
            "inspection",
            "number",
            "issued_on",
            "due_on",
            "requirements",
            "status",
            "completed_on",
            "is_overdue",
        ]
        read_only_fields = ["agency", "status", "completed_on"]


class DrawSerializer(ScopedSerializer):
    witness = serializers.PrimaryKeyRelatedField(
        label="见证人", queryset=Person.objects.none(), required=False, allow_null=True
    )

    def get_fields(self):
        fields = super().get_fields()
        plan = self.context["plan"]
        fields["witness"].queryset = Person.objects.in_scope(plan.agency).filter(is_active=True)
        return fields


class InspectionCorrectionSerializer(ScopedModelSerializer):
    """更正已公示的检查结果: the published fields to correct and the reason (required)."""

    reason = serializers.CharField(label="更正理由", max_length=300)

    class Meta:
        model = Inspection
        fields = ["entity", "kind", "inspected_on", "result", "reason"]
        extra_kwargs = {
            f: {"required": False} for f in ("entity", "kind", "inspected_on", "result")
        }

    def get_fields(self):
        fields = super().get_fields()
        agency = self.context.get("agency")
        from registry.models import SupervisedEntity

        fields["entity"].queryset = (
            SupervisedEntity.objects.in_scope(agency) if agency else SupervisedEntity.objects.none()
        )
        return fields


class PlanCorrectionSerializer(ScopedModelSerializer):
    """更正已公示的抽查计划: the published fields to correct and the reason (required)."""

    reason = serializers.CharField(label="更正理由", max_length=300)

    class Meta:
        model = SamplingPlan
        fields = ["name", "year", "source", "partner_department", "reason"]
        extra_kwargs = {
            f: {"required": False} for f in ("name", "year", "source", "partner_department")
        }


class PublishSerializer(ScopedSerializer):
    published_on = serializers.DateField(label="公示日期")


class TransitionSerializer(ScopedSerializer):
    to = serializers.ChoiceField(label="目标状态", choices=TaskStatus.choices)
    reason = serializers.ChoiceField(
        label="无法检查原因", choices=UnableReason.choices, required=False, allow_blank=True
    )
    evidence = serializers.CharField(label="佐证说明", required=False, allow_blank=True)


class CheckInSerializer(ScopedSerializer):
    entity_code = serializers.CharField(label="企业码", max_length=40)
    person_code = serializers.CharField(label="执法证号", max_length=40)
    latitude = serializers.DecimalField(
        label="纬度", max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False
    )
    longitude = serializers.DecimalField(
        label="经度", max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False
    )
    accuracy_m = serializers.IntegerField(label="定位精度（米）", min_value=0, required=False)


class FindingSerializer(ScopedModelSerializer):
    class Meta:
        model = Finding
        fields = ["point", "compliant", "note"]

    def validate(self, attrs):
        insp = self.context.get("inspection")
        point = attrs.get("point")
        if insp is not None and point is not None:
            offered = self.context.get("offered")
            if offered is None:
                offered = self.context["offered"] = set(
                    ChecklistPoint.objects.for_inspection(insp).values_list("pk", flat=True)
                )
            if point.pk not in offered:
                if point.is_retired:
                    message = (
                        f"该检查要点已于{point.retired_on:%Y-%m-%d}停用"
                        f"（{point.retired_reason}），新的检查不再使用。"
                    )
                else:
                    message = "该检查要点不属于本次检查的抽查事项或检查对象的监管类别。"
                raise serializers.ValidationError({"point": message})
        if attrs.get("compliant") is False and not (attrs.get("note") or "").strip():
            raise serializers.ValidationError({"note": "不符合的检查要点须写明情况说明。"})
        return attrs


class FollowUpSerializer(ScopedSerializer):
    follow_up = serializers.PrimaryKeyRelatedField(
        label="复查检查", queryset=Inspection.objects.all()
    )
    rectified = serializers.BooleanField(label="整改是否到位")

    def validate_follow_up(self, value):
        user = self.context["request"].user
        if not Inspection.objects.editable_by(user).filter(pk=value.pk).exists():
            raise serializers.ValidationError("复查检查不属于本机构：只能选择本机构的检查。")
        return value


class CampaignSerializer(ValidatedModelSerializer):
    inspection_count = serializers.SerializerMethodField(
        label="检查户次",
        help_text="归入本专项行动的检查次数（其检查：inspections/?campaign=编号）。",
    )

    class Meta:
        model = Campaign
        fields = ["id", "agency", "name", "starts_on", "ends_on", "inspection_count"]
        read_only_fields = ["agency"]

    @extend_schema_field(OpenApiTypes.INT)
    def get_inspection_count(self, obj) -> int:
        count = getattr(obj, "inspection_count", None)
        return obj.inspections.count() if count is None else count


class InspectionItemSerializer(ValidatedModelSerializer):
    class Meta:
        model = InspectionItem
        fields = ["id", "agency", "name", "category", "basis", "method", "level"]
        read_only_fields = ["agency"]


class ConflictSerializer(ValidatedModelSerializer):
    class Meta:
        model = Conflict
        fields = ["id", "agency", "person", "entity", "reason"]
        read_only_fields = ["agency"]


class ChecklistPointSerializer(ValidatedModelSerializer):
    class Meta:
        model = ChecklistPoint
        fields = [
            "id",
            "category",
            "item",
            "order",
            "text",
            "basis",
            "retired_on",
            "retired_reason",
        ]


class AmendSerializer(ScopedSerializer):
    """抽取更正 of one task: ``kind``, ``reason`` (required), ``person`` (换下的执法人员)."""

    kind = serializers.ChoiceField(label="更正类型", choices=AmendmentKind.choices)
    reason = serializers.CharField(label="更正理由", max_length=300, allow_blank=True)
    person = serializers.PrimaryKeyRelatedField(
        label="换下的执法人员", queryset=Person.objects.none(), required=False, allow_null=True
    )

    def get_fields(self):
        fields = super().get_fields()
        task = self.context["task"]
        fields["person"].queryset = task.inspectors.all()
        return fields


class DrawAmendmentSerializer(ScopedModelSerializer):
    class Meta:
        model = DrawAmendment
        fields = [
            "id",
            "plan",
            "number",
            "kind",
            "task",
            "new_task",
            "person_out",
            "reason",
            "detail",
            "created_at",
            "created_by",
        ]
        read_only_fields = fields
