import django_filters
from django.db.models import Q

from core.filters import FilterSet
from registry.models import EntityCategory
from supervision import rules
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


def entity_code_filter(field_name: str):
    """An entity by its 统一社会信用代码, not its id: a <select> of every entity does not scale,
    the code is unique and the entity page links to its records with it."""

    def apply(queryset, name, value):
        return queryset.filter(**{name: value.strip().upper()})

    return django_filters.CharFilter(field_name=field_name, method=apply, label="统一社会信用代码")


def overdue_filter(label: str = "逾期", help_text: str = ""):
    """逾期 yes/no: the rows whose registered clock has run out (``rules.overdue``); the
    dashboard's overdue counts link here. ``help_text`` is the API schema's description."""

    def apply(queryset, name, value):
        if value is None:
            return queryset
        expr = rules.overdue(queryset.model)
        return queryset.filter(expr) if value else queryset.filter(~expr)

    extra = {"help_text": help_text} if help_text else {}
    return django_filters.BooleanFilter(label=label, method=apply, **extra)


class PlanFilterSet(FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="计划名称")
    overdue = overdue_filter("公示逾期")

    class Meta:
        model = SamplingPlan
        fields = ["name", "year", "source", "status", "overdue"]


class TaskFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label="状态")
    result = django_filters.ChoiceFilter(choices=InspectionResult.choices, label="检查结果")
    overdue = overdue_filter("检查逾期")
    entity = entity_code_filter("entity__uscc")

    class Meta:
        model = Task
        fields = ["plan", "status", "result", "overdue", "entity"]


class InspectionFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label="检查类型")
    result = django_filters.ChoiceFilter(choices=InspectionResult.choices, label="检查结论")
    entity = entity_code_filter("entity__uscc")
    overdue = overdue_filter("公示逾期")

    class Meta:
        model = Inspection
        fields = ["kind", "result", "campaign", "overdue", "entity"]


class RectificationFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(
        choices=RectificationStatus.choices, label="整改状态", method="filter_status"
    )
    number = django_filters.CharFilter(lookup_expr="icontains", label="文书编号")
    overdue = overdue_filter()
    entity = entity_code_filter("inspection__entity__uscc")

    class Meta:
        model = RectificationOrder
        fields = ["status", "number", "overdue", "entity"]

    def filter_status(self, queryset, name, value):
        """The status as the list shows it: 逾期未整改 is an order a 回头看 found unrectified or
        one past its 整改期限; 整改中 is an open order still within it."""
        expr = rules.overdue(queryset.model)
        if value == RectificationStatus.FAILED:
            return queryset.filter(Q(status=value) | Q(expr))
        if value == RectificationStatus.OPEN:
            return queryset.filter(Q(status=value) & ~Q(expr))
        return queryset.filter(status=value)


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
    retired = django_filters.BooleanFilter(
        field_name="retired_on", lookup_expr="isnull", exclude=True, label="已停用"
    )

    class Meta:
        model = ChecklistPoint
        fields = ["category", "item", "text", "retired"]


# --- API filters: the fields the API has always taken, and 逾期 as on the pages ---

#: What ``?overdue=`` means, said in the API schema.
OVERDUE_HELP = {
    "task": "true：检查截止日期已过仍未检查（抽查任务的期限记录已逾期）；false：未逾期。",
    "inspection": "true：结果公示期限（20个工作日）已过仍未公示；false：未逾期。",
    "rectificationorder": "true：整改期限已过仍未整改完成；false：未逾期。",
}


class TaskApiFilterSet(FilterSet):
    overdue = overdue_filter("检查逾期", OVERDUE_HELP["task"])

    class Meta:
        model = Task
        fields = ["plan", "status", "result", "overdue"]


class InspectionApiFilterSet(FilterSet):
    overdue = overdue_filter("公示逾期", OVERDUE_HELP["inspection"])

    class Meta:
        model = Inspection
        fields = ["entity", "kind", "result", "campaign", "task", "overdue"]


class RectificationApiFilterSet(FilterSet):
    overdue = overdue_filter("整改逾期", OVERDUE_HELP["rectificationorder"])

    class Meta:
        model = RectificationOrder
        fields = ["status", "inspection", "overdue"]
