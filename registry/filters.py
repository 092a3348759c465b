"""FilterSet for the entity list page and API."""

import django_filters
from django.db import connection
from django.db.models import BigIntegerField, ExpressionWrapper, F
from django.db.models.expressions import RawSQL

from core.filters import FilterSet
from registry.models import (
    SUBCATEGORY_CHOICES,
    CreditGrade,
    EntityCategory,
    EntityStatus,
    RiskGrade,
    SupervisedEntity,
)


class EntityFilterSet(FilterSet):
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
        return _sqlite_search(queryset, value)
    return queryset.filter(name__icontains=value)


#: Above this many matches the list walks its own order and probes the matches (few rows read
#: before a page is full); below it, it reads the matching rows directly.
WALK_ABOVE = 2000


def _sqlite_search(queryset, value: str):
    """Substring search through the FTS5 trigram table (SQLite).

    A quoted FTS5 phrase of 3+ characters matches exactly the names containing it, from the
    index alone (``LIKE`` would re-read every candidate name). For a common word, reading tens of
    thousands of matching rows to sort them would be slow, so the list walks its order index
    and probes the matches instead; ``+ 0`` keeps SQLite from driving the query by the matches.
    """
    phrase = '"' + value.replace('"', '""') + '"'
    sql = "SELECT rowid FROM registry_entity_search WHERE registry_entity_search MATCH %s"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT {WALK_ABOVE + 1})", [phrase])
        common = cursor.fetchone()[0] > WALK_ABOVE
    matches = RawSQL(sql, (phrase,))
    if not common:
        return queryset.filter(id__in=matches)
    walk_id = ExpressionWrapper(F("id") + 0, output_field=BigIntegerField())
    return queryset.alias(_walk_id=walk_id).filter(_walk_id__in=matches)
