from django import forms

from core.models import Person
from registry.models import SUBCATEGORY_CHOICES, EntityCategory, SupervisedEntity
from supervision import rules
from supervision.models import (
    Inspection,
    RectificationOrder,
    SamplingPlan,
    StratumField,
    TaskStatus,
    UnableReason,
)


class PlanForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label="对象类别",
        choices=EntityCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subcategories = forms.MultipleChoiceField(
        label="细分类别", choices=SUBCATEGORY_CHOICES, required=False
    )
    strata_by = forms.MultipleChoiceField(
        label="分层依据",
        choices=StratumField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SamplingPlan
        fields = [
            "name",
            "year",
            "source",
            "categories",
            "subcategories",
            "strata_by",
            "quota_mode",
            "quota_value",
            "exclude_inspected_months",
            "inspectors_per_target",
            "workload_cap",
            "restrict_to_region",
            "partner_department",
            "planned_on",
            "check_ends_on",
            "witness",
        ]
        widgets = {
            "planned_on": forms.DateInput(attrs={"type": "date"}),
            "check_ends_on": forms.DateInput(attrs={"type": "date"}),
        }


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = [
            "entity",
            "kind",
            "inspected_on",
            "inspectors",
            "task",
            "campaign",
            "findings",
            "result",
            "record_number",
            "opinion_number",
            "evidence_note",
        ]
        widgets = {"inspected_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agency = self.instance.agency
        self.fields["entity"].queryset = SupervisedEntity.objects.in_scope(agency)
        self.fields["inspectors"].queryset = Person.objects.filter(agency=agency).exclude(
            certificate_number=""
        )
        self.fields["task"].queryset = self.fields["task"].queryset.filter(agency=agency)
        self.fields["campaign"].queryset = self.fields["campaign"].queryset.filter(agency=agency)

    def clean(self):
        data = super().clean()
        inspectors = data.get("inspectors")
        day = data.get("inspected_on")
        if inspectors is not None and len(inspectors) < rules.MIN_INSPECTORS:
            self.add_error(
                "inspectors",
                f"执法检查须由至少{rules.MIN_INSPECTORS}名执法人员实施（行政处罚法第42条）。",
            )
        elif inspectors is not None and day:
            invalid = [
                p.name
                for p in inspectors
                if not Person.objects.certified_on(day).filter(pk=p.pk).exists()
            ]
            if invalid:
                self.add_error("inspectors", f"{'、'.join(invalid)}在检查日期无有效执法证。")
        task = data.get("task")
        if task and data.get("entity") and task.entity_id != data["entity"].pk:
            self.add_error("task", "抽查任务的检查对象与本次检查不一致。")
        return data


class RectificationForm(forms.ModelForm):
    class Meta:
        model = RectificationOrder
        fields = ["inspection", "number", "issued_on", "due_on", "requirements"]


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=TaskStatus.choices, widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label="无法检查原因", choices=[("", "—"), *UnableReason.choices], required=False
    )
    evidence = forms.CharField(label="佐证说明", required=False)
