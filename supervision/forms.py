from django import forms

from core.forms import DateInput, FazhiModelForm
from supervision.models import PlanStratum, SamplingPlan


class SamplingPlanForm(FazhiModelForm):
    class Meta:
        model = SamplingPlan
        fields = [
            "name",
            "year",
            "source",
            "planned_on",
            "partner_department",
            "per_target",
            "max_load",
            "restrict_region",
            "witness",
        ]
        widgets = {"planned_on": DateInput()}


class PlanStratumForm(FazhiModelForm):
    class Meta:
        model = PlanStratum
        fields = ["category", "subcategory", "credit_grade", "proportion", "count"]


class DrawForm(forms.Form):
    witness = forms.CharField(
        label="见证人",
        max_length=60,
        required=False,
        help_text="抽取过程的见证人（如纪检人员），记入抽取记录。",
    )
