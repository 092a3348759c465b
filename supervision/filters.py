import django_filters

from supervision.models import (
    Inspection,
    InspectionKind,
    InspectionResult,
    SamplingPlan,
    Task,
    TaskStatus,
)


class PlanFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="计划名称")

    class Meta:
        model = SamplingPlan
        fields = ["name", "year", "source", "status"]


class TaskFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label="状态")
    result = django_filters.ChoiceFilter(choices=InspectionResult.choices, label="检查结果")

    class Meta:
        model = Task
        fields = ["plan", "status", "result"]


class InspectionFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label="检查类型")
    result = django_filters.ChoiceFilter(choices=InspectionResult.choices, label="检查结论")

    class Meta:
        model = Inspection
        fields = ["kind", "result", "campaign"]
