import django_filters

from core.deadlines import overdue
from core.filters import SearchFilterSet
from core.validators import local_today
from enforcement import rules
from enforcement.models import Case, CaseSource, CaseStatus, Domain

#: 逾期 of a case: its decision (90日), 送达, 公示 or 缴款 clock has run out.
OVERDUE_RULES = (
    rules.DECISION_RULE,
    rules.SERVICE_RULE,
    rules.PUBLICITY_RULE,
    rules.PAYMENT_RULE,
    rules.PRESERVATION_RULE,
)


def with_overdue(queryset):
    return queryset.annotate(is_overdue=overdue(Case, OVERDUE_RULES, local_today()))


class CaseFilterSet(SearchFilterSet):
    search_fields = ("number", "party_name", "cause", "decision_number")
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label="办理状态")
    domain = django_filters.ChoiceFilter(choices=Domain.choices, label="执法领域")
    source = django_filters.ChoiceFilter(choices=CaseSource.choices, label="案件来源")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="逾期")

    class Meta:
        model = Case
        fields = ["q", "status", "domain", "source", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        expr = overdue(Case, OVERDUE_RULES, local_today())
        return queryset.filter(expr) if value else queryset.exclude(expr)
