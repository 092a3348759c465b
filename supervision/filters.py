import django_filters
from django import forms
from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema_field

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


#: The “只看我的” choices: no empty choice, so the list always says which rows it shows.
MINE_CHOICES = [("true", "是"), ("false", "否（全部）")]


@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class MineFilter(django_filters.Filter):
    """只看我的: the rows whose inspectors include the user's own person (``person_path`` leads
    from the row to its inspectors; a person is in a team, and on an inspection, once). A login
    linked to no person has no rows of its own. The list pages turn it on by default for 执法人员
    (``views.MineByDefaultMixin``); “否” shows every row the user may read."""

    field_class = forms.ChoiceField

    def __init__(self, person_path: str, **kwargs):
        kwargs.setdefault("label", "只看我的")
        kwargs.setdefault("choices", MINE_CHOICES)
        super().__init__(**kwargs)
        self.person_path = person_path

    def filter(self, qs, value):
        if value != "true":
            return qs
        user = getattr(getattr(self.parent, "request", None), "user", None)
        person_id = getattr(user, "person_id", None)
        if person_id is None:
            return qs.none()
        return qs.filter(**{self.person_path: person_id})


def label_with_agency(field, name_of=str):
    """Name a plan or a campaign with its agency where several agencies' share a name:
    “2026年双随机抽查计划（东湖区卫健局）”. One query finds the repeated names."""
    queryset = field.queryset
    repeated = set(
        queryset.order_by()
        .values("name")
        .annotate(agencies=Count("agency", distinct=True))
        .filter(agencies__gt=1)
        .values_list("name", flat=True)
    )
    field.queryset = queryset.select_related("agency")

    def label(obj):
        text = name_of(obj)
        if obj.name in repeated:
            text += f"（{obj.agency.short_name or obj.agency.name}）"
        return text

    field.label_from_instance = label


class AgencyNamedChoices:
    """FilterSets whose record filters (计划, 专项行动) name the agency on repeated names."""

    agency_named: tuple[str, ...] = ()

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name in self.agency_named:
                if name in form.fields:
                    label_with_agency(form.fields[name])
        return self._form


class PlanFilterSet(FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="计划名称")
    overdue = overdue_filter("公示逾期")

    class Meta:
        model = SamplingPlan
        fields = ["name", "year", "source", "status", "overdue"]


class TaskFilterSet(AgencyNamedChoices, FilterSet):
    agency_named = ("plan",)
    mine = MineFilter("team__members")
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label="状态")
    result = django_filters.ChoiceFilter(choices=InspectionResult.choices, label="检查结果")
    overdue = overdue_filter("检查逾期")
    entity = entity_code_filter("entity__uscc")

    class Meta:
        model = Task
        fields = ["mine", "plan", "status", "result", "overdue", "entity"]


class InspectionFilterSet(AgencyNamedChoices, FilterSet):
    agency_named = ("campaign",)
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label="检查类型")
    result = django_filters.ChoiceFilter(choices=InspectionResult.choices, label="检查结论")
    entity = entity_code_filter("entity__uscc")
    overdue = overdue_filter("公示逾期")

    class Meta:
        model = Inspection
        fields = ["kind", "result", "campaign", "overdue", "entity"]


class RectificationFilterSet(FilterSet):
    mine = MineFilter("inspection__inspectors")
    status = django_filters.ChoiceFilter(
        choices=RectificationStatus.choices, label="整改状态", method="filter_status"
    )
    number = django_filters.CharFilter(lookup_expr="icontains", label="文书编号")
    overdue = overdue_filter()
    entity = entity_code_filter("inspection__entity__uscc")

    class Meta:
        model = RectificationOrder
        fields = ["mine", "status", "number", "overdue", "entity"]

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
    mine = MineFilter("team__members", help_text="true：只列本人所在检查组的任务（我的任务）。")

    class Meta:
        model = Task
        fields = ["plan", "status", "result", "overdue", "mine"]


class InspectionApiFilterSet(FilterSet):
    overdue = overdue_filter("公示逾期", OVERDUE_HELP["inspection"])

    class Meta:
        model = Inspection
        fields = ["entity", "kind", "result", "campaign", "task", "overdue"]


class RectificationApiFilterSet(FilterSet):
    overdue = overdue_filter("整改逾期", OVERDUE_HELP["rectificationorder"])
    mine = MineFilter("inspection__inspectors", help_text="true：只列本人参与检查所下达的整改令。")

    class Meta:
        model = RectificationOrder
        fields = ["status", "inspection", "overdue", "mine"]
