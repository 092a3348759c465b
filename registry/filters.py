"""FilterSet for the entity list page and API."""

import django_filters
from django.db import connection
from django.db.models.expressions import RawSQL

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
        return search(queryset, value)


#: Substring search needs this many characters; shorter queries match the start of the name.
MIN_SUBSTRING = 3


def search(queryset, value: str):
    """名称/代码检索, with an index on every path (a million entities, no full scan).

    * an 18-character credit code: the unique index;
    * 3 characters or more: any part of the name (PostgreSQL: pg_trgm index on ``UPPER(name)``;
      SQLite: the FTS5 trigram table ``registry_entity_search``, see migration 0002);
    * 1–2 characters: names that start with them, a range on the name index. Trigram indexes
      cannot serve shorter substrings, and a substring scan over a million names is too slow.
    """
    value = value.strip()
    if not value:
        return queryset
    if len(value) == 18 and value.isalnum():
        # A full credit code hits the unique index instead of a LIKE scan.
        return queryset.filter(uscc=value.upper())
    if len(value) < MIN_SUBSTRING:
        return queryset.filter(name__gte=value, name__lt=value + "\U0010ffff")
    if connection.vendor == "sqlite":
        # FTS5 uses its index for LIKE/GLOB without ESCAPE: LIKE unless the text has LIKE's
        # wildcards, then GLOB with GLOB's own wildcards bracketed.
        if "%" in value or "_" in value:
            op, pattern = "GLOB", "*" + "".join(f"[{c}]" if c in "*?[" else c for c in value) + "*"
        else:
            op, pattern = "LIKE", f"%{value}%"
        return queryset.filter(
            id__in=RawSQL(
                f"SELECT rowid FROM registry_entity_search WHERE name {op} %s", (pattern,)
            )
        )
    return queryset.filter(name__icontains=value)
