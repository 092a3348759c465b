from rest_framework import serializers

from core.api.base import ScopedModelSerializer, ScopedSerializer, ValidatedModelSerializer
from core.models import Person
from enforcement.models import (
    CLUE_FIELDS,
    Case,
    CaseInvestigator,
    CollectiveDiscussion,
    DiscretionLevel,
    LegalReview,
    NoPenaltyReason,
    Payment,
    PenaltyKind,
    ReviewOutcome,
    ServiceMethod,
    Violation,
)
from enforcement.workflow import TRANSITIONS


class LevelSerializer(ScopedModelSerializer):
    class Meta:
        model = DiscretionLevel
        fields = ["grade", "condition", "fine_min", "fine_max", "note"]


class ViolationSerializer(ScopedModelSerializer):
    levels = LevelSerializer(many=True, read_only=True)

    class Meta:
        model = Violation
        fields = [
            "id",
            "code",
            "domain",
            "name",
            "violated_basis",
            "penalty_basis",
            "penalty_kinds",
            "retired_on",
            "levels",
        ]


class TeamMemberSerializer(ScopedModelSerializer):
    class Meta:
        model = CaseInvestigator
        fields = ["person", "lead", "no_conflict_declared_on"]


class ReviewSerializer(ScopedModelSerializer):
    class Meta:
        model = LegalReview
        fields = [
            "id",
            "reviewer",
            "submitted_on",
            "reviewed_on",
            "outcome",
            "checklist",
            "opinion",
        ]


class DiscussionSerializer(ScopedModelSerializer):
    class Meta:
        model = CollectiveDiscussion
        fields = ["id", "held_on", "attendees", "opinions", "conclusion", "dissent"]


class PaymentSerializer(ScopedModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "paid_on", "amount", "receipt"]


class CaseSerializer(ValidatedModelSerializer):
    team = TeamMemberSerializer(many=True, read_only=True)
    legal_reviews = ReviewSerializer(many=True, read_only=True)
    discussions = DiscussionSerializer(many=True, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)
    confiscation_total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = Case
        fields = [
            "id",
            "agency",
            "number",
            "status",
            "procedure_rule_version",
            "source_inspection",
            *CLUE_FIELDS,
            "filed_on",
            "filing_approved_by",
            "simple_procedure",
            "team",
            "evidence_preserved_on",
            "investigation_closed_on",
            "investigation_report",
            "violation",
            "discretion_grade",
            "penalty_kinds",
            "fine",
            "confiscated_income",
            "confiscated_property_value",
            "confiscation_total",
            "outside_range_reason",
            "is_major",
            "major_reasons",
            "hearing_in_scope",
            "notified_on",
            "notice_number",
            "statement_on",
            "statement_waived",
            "hearing_requested_on",
            "hearing_held_on",
            "legal_reviews",
            "discussions",
            "decided_on",
            "decision_number",
            "decided_by",
            "served_on",
            "service_method",
            "credit_notice_served",
            "publicized_on",
            "payments",
            "paid_amount",
            "paid_on",
            "court_applied_on",
            "closed_on",
            "close_kind",
            "archived_on",
            "archive_reference",
            "not_filed_reason",
            "no_penalty_reason",
            "no_penalty_list_item",
            "referred_to",
            "referred_on",
            "is_overdue",
        ]
        read_only_fields = [
            f for f in fields if f not in CLUE_FIELDS and f not in ("discretion_grade",)
        ]


#: The API's steps: the workflow's, and 简易程序 (当场处罚).
STEP_CHOICES = [
    *((key, step.label) for key, step in TRANSITIONS.items()),
    ("simple", "简易程序：当场处罚"),
]


class MemberInput(ScopedSerializer):
    person = serializers.PrimaryKeyRelatedField(label="执法人员", queryset=Person.objects.all())
    lead = serializers.BooleanField(label="主办人", default=False)
    declared_on = serializers.DateField(label="回避声明日期")


class TeamInput(ScopedSerializer):
    members = MemberInput(many=True, label="承办人员")


class StepInput(ScopedSerializer):
    """Every step's input; each step reads the fields it needs (the page's forms say which)."""

    step = serializers.ChoiceField(label="办理步骤", choices=STEP_CHOICES)

    on = serializers.DateField(label="日期", required=False)
    reason = serializers.CharField(label="理由", required=False, allow_blank=True)
    facts = serializers.CharField(label="违法事实", required=False, allow_blank=True)
    report = serializers.CharField(label="调查终结报告", required=False, allow_blank=True)
    no_penalty_reason = serializers.ChoiceField(
        label="不予处罚理由", choices=NoPenaltyReason.choices, required=False
    )
    list_item = serializers.CharField(label="不予处罚清单事项", required=False, allow_blank=True)
    to = serializers.CharField(label="移送机关", required=False, allow_blank=True)
    waived = serializers.BooleanField(label="放弃陈述申辩", required=False, default=False)
    notified_on = serializers.DateField(label="听证通知日期", required=False)
    held_on = serializers.DateField(label="举行听证或讨论日期", required=False)
    reviewer = serializers.PrimaryKeyRelatedField(
        label="法制审核人员", queryset=Person.objects.all(), required=False
    )
    outcome = serializers.ChoiceField(
        label="审核结论", choices=ReviewOutcome.choices, required=False
    )
    opinion = serializers.CharField(label="审核意见", required=False, allow_blank=True)
    checklist = serializers.DictField(
        label="审核要点", child=serializers.BooleanField(), required=False, default=dict
    )
    attendees = serializers.PrimaryKeyRelatedField(
        label="出席人员", queryset=Person.objects.all(), many=True, required=False
    )
    opinions = serializers.CharField(label="讨论意见", required=False, allow_blank=True)
    conclusion = serializers.CharField(label="讨论结论", required=False, allow_blank=True)
    dissent = serializers.CharField(label="不同意见", required=False, allow_blank=True)
    method = serializers.ChoiceField(
        label="送达方式", choices=ServiceMethod.choices, required=False
    )
    credit_notice = serializers.BooleanField(
        label="信用修复告知书一并送达", required=False, default=False
    )
    amount = serializers.DecimalField(
        label="缴款金额", max_digits=12, decimal_places=2, required=False
    )
    receipt = serializers.CharField(label="缴款凭证号", required=False, allow_blank=True)
    reference = serializers.CharField(label="档案号", required=False, allow_blank=True)
    # 事先告知 and 简易程序: the proposed penalty
    violation = serializers.PrimaryKeyRelatedField(
        label="违法行为", queryset=Violation.objects.all(), required=False
    )
    discretion_grade = serializers.CharField(label="裁量档次", required=False)
    penalty_kinds = serializers.ListField(
        label="处罚种类", child=serializers.ChoiceField(choices=PenaltyKind.choices), required=False
    )
    fine = serializers.DecimalField(label="罚款", max_digits=12, decimal_places=2, required=False)
    confiscated_income = serializers.DecimalField(
        label="没收违法所得", max_digits=12, decimal_places=2, required=False
    )
    confiscated_property_value = serializers.DecimalField(
        label="没收非法财物作价", max_digits=12, decimal_places=2, required=False
    )
    outside_range_reason = serializers.CharField(
        label="超出裁量基准的理由", required=False, allow_blank=True
    )
    complex_case = serializers.BooleanField(label="案情复杂", required=False, default=False)
