from django import forms

from core.forms import DateInput, FazhiModelForm
from core.models import Person
from enforcement.models import (
    CLUE_FIELDS,
    Case,
    LegalReview,
    NoPenaltyReason,
    PenaltyKind,
    ReviewOutcome,
    ServiceMethod,
    Violation,
)

DATE = DateInput()


class CaseForm(FazhiModelForm):
    """线索登记 and the party: what the investigators may correct before the decision."""

    class Meta:
        model = Case
        fields = CLUE_FIELDS
        widgets = {"clue_on": DATE, "facts": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from registry.models import SupervisedEntity

        self.fields["entity"].queryset = SupervisedEntity.objects.visible_to(user)
        self.fields["entity"].required = False


class PenaltyForm(FazhiModelForm):
    """拟处罚：违法行为、裁量档次、处罚种类与金额 (checked by ``workflow.penalty_problems``)."""

    penalty_kinds = forms.MultipleChoiceField(
        label="处罚种类", choices=PenaltyKind.choices, widget=forms.CheckboxSelectMultiple
    )
    complex_case = forms.BooleanField(
        label="案情复杂或涉及多个法律关系", required=False, help_text="勾选后按重大执法决定办理。"
    )

    class Meta:
        model = Case
        fields = [
            "violation",
            "discretion_grade",
            "penalty_kinds",
            "fine",
            "confiscated_income",
            "confiscated_property_value",
            "outside_range_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violation"].queryset = Violation.objects.filter(retired_on__isnull=True)
        self.fields["violation"].required = True
        self.fields["discretion_grade"].required = True


class TeamForm(forms.Form):
    investigators = forms.ModelMultipleChoiceField(
        label="承办人员", queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    lead = forms.ModelChoiceField(label="主办人", queryset=Person.objects.none())
    declared_on = forms.DateField(
        label="回避声明日期", widget=DATE, help_text="承办人员声明与当事人无利害关系的日期。"
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.in_scope(case.agency).filter(is_active=True).order_by("name")
        self.fields["investigators"].queryset = people
        self.fields["lead"].queryset = people

    def clean(self):
        data = super().clean()
        if data.get("lead") and data.get("investigators") is not None:
            if data["lead"] not in data["investigators"]:
                self.add_error("lead", "主办人须是所选承办人员之一。")
        return data


class DayForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class InvestigationForm(DayForm):
    facts = forms.CharField(label="违法事实", widget=forms.Textarea(attrs={"rows": 4}))
    report = forms.CharField(label="调查终结报告", widget=forms.Textarea(attrs={"rows": 4}))


class NoPenaltyForm(DayForm):
    reason = forms.ChoiceField(label="不予处罚理由", choices=NoPenaltyReason.choices)
    list_item = forms.CharField(label="不予处罚清单事项", required=False)


class ReferForm(DayForm):
    to = forms.CharField(label="移送机关")


class StatementForm(DayForm):
    waived = forms.BooleanField(label="当事人明确放弃陈述申辩", required=False)


class HearingForm(forms.Form):
    notified_on = forms.DateField(label="听证通知日期", widget=DATE)
    held_on = forms.DateField(label="举行听证日期", widget=DATE)


class SubmitReviewForm(DayForm):
    reviewer = forms.ModelChoiceField(label="法制审核人员", queryset=Person.objects.none())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = Person.objects.in_scope(case.agency).filter(
            has_legal_qualification=True, is_active=True
        )


class ReviewForm(DayForm):
    outcome = forms.ChoiceField(label="审核结论", choices=ReviewOutcome.choices)
    opinion = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 3}))
    checked = forms.MultipleChoiceField(
        label="已审核要点",
        choices=LegalReview.CHECKLIST,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class DiscussionForm(forms.Form):
    held_on = forms.DateField(label="讨论日期", widget=DATE)
    attendees = forms.ModelMultipleChoiceField(
        label="出席人员", queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    opinions = forms.CharField(label="讨论意见", widget=forms.Textarea(attrs={"rows": 3}))
    conclusion = forms.CharField(label="讨论结论", widget=forms.Textarea(attrs={"rows": 2}))
    dissent = forms.CharField(
        label="不同意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = Person.objects.in_scope(case.agency).filter(
            is_active=True
        )


class ServeForm(DayForm):
    method = forms.ChoiceField(label="送达方式", choices=ServiceMethod.choices)
    credit_notice = forms.BooleanField(
        label="《行政处罚信息信用修复告知书》一并送达（两书同达）", required=False
    )


class PayForm(DayForm):
    amount = forms.DecimalField(label="缴款金额（元）", max_digits=12, decimal_places=2)
    receipt = forms.CharField(label="缴款凭证号", required=False)


class ArchiveForm(DayForm):
    reference = forms.CharField(label="档案号")
