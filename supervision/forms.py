from django import forms

from core.forms import DateInput
from core.models import Person
from registry.forms import EntityCodeField
from registry.models import SUBCATEGORY_CHOICES, EntityCategory, SupervisedEntity
from supervision import rules, services
from supervision.models import (
    Campaign,
    ChecklistPoint,
    Conflict,
    Inspection,
    InspectionItem,
    RectificationOrder,
    SamplingPlan,
    StratumField,
    TaskStatus,
    UnableReason,
)

DATE = DateInput()  # ISO value, as <input type=date> requires


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
            "items",
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
            "planned_on": DATE,
            "check_ends_on": DATE,
            "items": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "exclude_inspected_months": (
                "排除最近N个月内已检查过的对象；高风险对象不排除。0为不排除。"
            ),
            "strata_by": "按所选字段分层，每层按比例或户数抽取。",
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agency = self.instance.agency
        self.fields["items"].queryset = InspectionItem.objects.in_scope(agency)

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_on"), data.get("check_ends_on")
        if start and end and end < start:
            self.add_error("check_ends_on", "检查截止日期不能早于计划检查日期。")
        items = data.get("items")
        categories = data.get("categories")
        if items and categories:
            stray = [i.name for i in items if i.category not in categories]
            if stray:
                self.add_error(
                    "items", f"抽查事项{'、'.join(stray)}的对象类别不在本计划的对象类别中。"
                )
        return data


class InspectionForm(forms.ModelForm):
    entity = EntityCodeField()

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
        widgets = {"inspected_on": DATE, "inspectors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user=None, follow_up_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        agency = self.instance.agency
        self.follow_up_of = follow_up_of
        if follow_up_of is not None:
            self.fields["rectified"] = forms.TypedChoiceField(
                label="整改是否到位",
                choices=[("", "—"), ("1", "整改到位，关闭整改令"), ("0", "未整改到位")],
                coerce=lambda v: v == "1",
                help_text=(
                    f"复查整改令 {follow_up_of.number}（期限{follow_up_of.due_on:%Y-%m-%d}）。"
                ),
            )
        self.fields["entity"].queryset = SupervisedEntity.objects.in_scope(agency)
        # The agency's and its subordinate agencies' inspectors, as the rule and the draw allow
        # (rules.inspector_problems); certificates are checked against the date on save.
        self.fields["inspectors"].queryset = (
            Person.objects.in_scope(agency).exclude(certificate_number="").select_related("agency")
        )
        self.fields["inspectors"].label_from_instance = self._inspector_label
        self.fields["task"].queryset = self.fields["task"].queryset.filter(agency=agency)
        self.fields["campaign"].queryset = self.fields["campaign"].queryset.filter(agency=agency)

    def _inspector_label(self, person: Person) -> str:
        """A subordinate agency's inspector is named with the agency: names repeat across them."""
        if person.agency_id == self.instance.agency_id:
            return person.name
        return f"{person.name}（{person.agency.short_name or person.agency.name}）"

    def clean(self):
        data = super().clean()
        inspectors = data.get("inspectors")
        day = data.get("inspected_on")
        if inspectors is not None:
            for problem in rules.inspector_problems(inspectors, day, self.instance.agency):
                self.add_error("inspectors", problem)
        order = self.follow_up_of
        if order is not None:
            entity = data.get("entity")
            problems = services.follow_up_problems(
                order,
                inspection_id=self.instance.pk,
                entity_id=entity.pk if entity else None,
                kind=data.get("kind"),
                inspected_on=day,
            )
            for field, problem in problems:
                self.add_error(field, problem)
        return data


class RectificationForm(forms.ModelForm):
    """责令整改 on an inspection (the inspection comes from the page, not the form)."""

    class Meta:
        model = RectificationOrder
        fields = ["number", "issued_on", "due_on", "requirements"]
        widgets = {"issued_on": DATE, "due_on": DATE, "requirements": forms.Textarea({"rows": 3})}


class CheckInForm(forms.Form):
    entity_code = forms.CharField(
        label="企业码（统一社会信用代码）",
        max_length=40,
        widget=forms.TextInput({"autocomplete": "off", "inputmode": "latin"}),
    )
    person_code = forms.CharField(
        label="执法证号", max_length=40, widget=forms.TextInput({"autocomplete": "off"})
    )


class PublishForm(forms.Form):
    published_on = forms.DateField(label="公示日期", widget=DATE)


class ChecklistForm(forms.Form):
    """逐项检查：每个检查要点一行（符合 / 不符合 / 未检查 + 说明）。"""

    CHOICES = [("", "未检查"), ("1", "符合"), ("0", "不符合")]

    def __init__(self, *args, points=(), findings=None, **kwargs):
        super().__init__(*args, **kwargs)
        findings = findings or {}
        self.points = list(points)
        for p in self.points:
            f = findings.get(p.pk)
            self.fields[f"p{p.pk}"] = forms.ChoiceField(
                label=p.text,
                choices=self.CHOICES,
                required=False,
                help_text=p.basis,
                initial="" if f is None else ("1" if f.compliant else "0"),
            )
            self.fields[f"n{p.pk}"] = forms.CharField(
                label="情况说明", required=False, max_length=300, initial=f.note if f else ""
            )

    def clean(self):
        data = super().clean()
        for p in self.points:
            if data.get(f"p{p.pk}") == "0" and not (data.get(f"n{p.pk}") or "").strip():
                self.add_error(f"n{p.pk}", f"“{p.text}”不符合：须写明情况说明。")
        return data

    def rows(self):
        for p in self.points:
            yield p, self[f"p{p.pk}"], self[f"n{p.pk}"]


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class InspectionItemForm(forms.ModelForm):
    class Meta:
        model = InspectionItem
        fields = ["name", "category", "basis", "method", "level"]


class ChecklistPointForm(forms.ModelForm):
    class Meta:
        model = ChecklistPoint
        fields = ["category", "order", "text", "basis"]


class ConflictForm(forms.ModelForm):
    entity = EntityCodeField(label="监管对象（统一社会信用代码）")

    class Meta:
        model = Conflict
        fields = ["person", "entity", "reason"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agency = self.instance.agency
        self.fields["person"].queryset = Person.objects.in_scope(agency).exclude(
            certificate_number=""
        )
        self.fields["entity"].queryset = SupervisedEntity.objects.in_scope(agency)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=TaskStatus.choices, widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label="无法检查原因", choices=[("", "—"), *UnableReason.choices], required=False
    )
    evidence = forms.CharField(label="佐证说明", required=False)
