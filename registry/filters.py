import django_filters

from core.filters import SearchFilterSet
from core.models import Region
from registry.categories import CATEGORY_CHOICES, SUBCATEGORY_CHOICES
from registry.models import CreditGrade, EntityStatus, RiskGrade, SupervisedEntity


class SupervisedEntityFilterSet(SearchFilterSet):
    search_fields = ("name", "uscc", "address")
    category = django_filters.ChoiceFilter(choices=CATEGORY_CHOICES, label="类别")
    subcategory = django_filters.ChoiceFilter(choices=SUBCATEGORY_CHOICES, label="子类")
    status = django_filters.ChoiceFilter(choices=EntityStatus.choices, label="经营状态")
    risk_grade = django_filters.ChoiceFilter(choices=RiskGrade.choices, label="风险等级")
    credit_grade = django_filters.ChoiceFilter(choices=CreditGrade.choices, label="信用等级")
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.none(), label="片区")

    class Meta:
        model = SupervisedEntity
        fields = ["q", "category", "subcategory", "status", "risk_grade", "credit_grade", "region"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.filters["region"].queryset = Region.objects.visible_to(user)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if len(value) == 18 and value.isalnum():
            return queryset.filter(uscc=value.upper())  # an exact code uses its index
        return super().filter_q(queryset, name, value)
