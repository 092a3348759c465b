"""FilterSet for the entity list page and API."""

import django_filters
from django.db.models import Q

from registry.models import (
    SUBCATEGORY_CHOICES,
    CreditGrade,
    EntityCategory,
    EntityStatus,
    RiskGrade,
    SupervisedEntity,
)


class EntityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="名称/代码")
    category = django_filters.ChoiceFilter(choices=EntityCategory.choices, label="监管类别")
    subcategory = django_filters.ChoiceFilter(choices=SUBCATEGORY_CHOICES, label="细分类别")
    status = django_filters.ChoiceFilter(choices=EntityStatus.choices, label="经营状态")
    risk_grade = django_filters.ChoiceFilter(choices=RiskGrade.choices, label="风险等级")
    credit_grade = django_filters.ChoiceFilter(choices=CreditGrade.choices, label="信用等级")

    class Meta:
        model = SupervisedEntity
        fields = ["q", "category", "subcategory", "status", "risk_grade", "credit_grade", "region"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if len(value) == 18 and value.isalnum():
            # A full credit code hits the unique index instead of a LIKE scan.
            return queryset.filter(uscc=value.upper())
        return queryset.filter(Q(name__startswith=value) | Q(name__icontains=value))
