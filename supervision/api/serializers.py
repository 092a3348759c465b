from rest_framework import serializers

from core.api.base import ValidatedModelSerializer
from supervision.models import Inspection, RectificationOrder, SamplingPlan, Task


class PlanSerializer(ValidatedModelSerializer):
    class Meta:
        model = SamplingPlan
        fields = [
            "id",
            "agency",
            "name",
            "year",
            "source",
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
            "published_on",
        ]


class TaskSerializer(serializers.ModelSerializer):
    inspectors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

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
        ]
        read_only_fields = fields


class InspectionSerializer(ValidatedModelSerializer):
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
        ]
        read_only_fields = ["agency", "case_requested", "published_on"]


class RectificationSerializer(ValidatedModelSerializer):
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
        ]
        read_only_fields = ["agency", "status", "completed_on"]
