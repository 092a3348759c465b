import django_filters

from core.filters import FilterSet
from registry.models import EntityCategory
from supervision.models import (
    Campaign,
    ChecklistPoint,
    Conflict,
    Inspection,
    InspectionItem,
    InspectionKind,
    InspectionResult,
    RectificationOrder,
    RectificationStatus,
    SamplingPlan,
    Task,
    TaskStatus,
)


class PlanFilterSet(FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="计划名称")

    class Meta:
        model = SamplingPlan
        fields = ["name", "year", "source", "status"]


class TaskFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label="状态")
    result = django_filters.ChoiceFilter(choices=InspectionResult.choices, label="检查结果")

    class Meta:
        model = Task
        fields = ["plan", "status", "result"]


class InspectionFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label="检查类型")
    result = django_filters.ChoiceFilter(choices=InspectionResult.choices, label="检查结论")
    # By credit code, not id: a <select> of every entity does not scale, the code is unique and
    # the entity page links here with it.
    entity = django_filters.CharFilter(
        field_name="entity__uscc", method="filter_code", label="统一社会信用代码"
    )

    class Meta:
        model = Inspection
        fields = ["kind", "result", "campaign", "entity"]

    def filter_code(self, queryset, name, value):
        return queryset.filter(**{name: value.strip().upper()})


class RectificationFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=RectificationStatus.choices, label="整改状态")
    number = django_filters.CharFilter(lookup_expr="icontains", label="文书编号")
    entity = django_filters.CharFilter(
        field_name="inspection__entity__uscc", method="filter_code", label="统一社会信用代码"
    )

    class Meta:
        model = RectificationOrder
        fields = ["status", "number", "entity"]

    def filter_code(self, queryset, name, value):
        return queryset.filter(**{name: value.strip().upper()})


class CampaignFilterSet(FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="专项行动名称")

    class Meta:
        model = Campaign
        fields = ["name"]


class InspectionItemFilterSet(FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="抽查事项")
    category = django_filters.ChoiceFilter(choices=EntityCategory.choices, label="对象类别")

    class Meta:
        model = InspectionItem
        fields = ["name", "category", "level"]


class ConflictFilterSet(FilterSet):
    person__name = django_filters.CharFilter(lookup_expr="icontains", label="执法人员")
    entity__name = django_filters.CharFilter(lookup_expr="icontains", label="监管对象")

    class Meta:
        model = Conflict
        fields = ["person__name", "entity__name"]


class ChecklistPointFilterSet(FilterSet):
    category = django_filters.ChoiceFilter(choices=EntityCategory.choices, label="监管类别")
    text = django_filters.CharFilter(lookup_expr="icontains", label="检查要点")

    class Meta:
        model = ChecklistPoint
        fields = ["category", "text"]
