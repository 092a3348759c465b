"""FilterSets for core lists, shared by the list pages and the API."""

import django_filters
from django import forms
from django.db.models import Q

from core.forms import DateInput
from core.models import (
    Agency,
    AgencyLevel,
    CertificateReview,
    Department,
    Person,
    Region,
    Role,
    User,
)


class FilterSet(django_filters.FilterSet):
    """Base of every FilterSet (list pages and API): Chinese empty choices, date pickers.

    An unset choice reads “全部” (settings.FILTERS_EMPTY_CHOICE_LABEL sets the same label for
    ChoiceFilter and ModelChoiceFilter everywhere); a yes/no filter offers 全部/是/否 instead of
    Django's 未知/是/否.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.filters.values():
            if isinstance(f, django_filters.BooleanFilter):
                f.extra["widget"] = forms.Select(
                    choices=[("", "全部"), ("true", "是"), ("false", "否")]
                )
            elif isinstance(f, (django_filters.ChoiceFilter, django_filters.ModelChoiceFilter)):
                f.extra["empty_label"] = "全部"
            elif isinstance(f, django_filters.DateFilter):
                f.extra.setdefault("widget", DateInput())


class SearchFilterSet(FilterSet):
    """A FilterSet with a free-text ``q`` over ``search_fields``."""

    search_fields: tuple[str, ...] = ("name",)
    q = django_filters.CharFilter(method="filter_q", label="搜索")

    def filter_q(self, queryset, name, value):
        cond = Q()
        for f in self.search_fields:
            cond |= Q(**{f"{f}__icontains": value})
        return queryset.filter(cond)


class AgencyFilterSet(SearchFilterSet):
    search_fields = ("name", "code", "short_name")
    level = django_filters.ChoiceFilter(choices=AgencyLevel.choices, label="层级")

    class Meta:
        model = Agency
        fields = ["q", "level", "is_active"]


class DepartmentFilterSet(SearchFilterSet):
    class Meta:
        model = Department
        fields = ["q", "agency"]


class RegionFilterSet(SearchFilterSet):
    search_fields = ("name", "code")

    class Meta:
        model = Region
        fields = ["q", "agency"]


class PersonFilterSet(SearchFilterSet):
    search_fields = ("name", "certificate_number", "position")
    certificate_review = django_filters.ChoiceFilter(
        choices=CertificateReview.choices, label="年审状态"
    )
    certified_on = django_filters.DateFilter(method="filter_certified", label="持有效执法证日期")

    class Meta:
        model = Person
        fields = ["q", "agency", "department", "certificate_review", "is_active"]

    def filter_certified(self, queryset, name, value):
        return queryset.certified_on(value)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.filters["agency"].queryset = Agency.objects.visible_to(user)
            self.filters["department"].queryset = Department.objects.visible_to(user)


class UserFilterSet(SearchFilterSet):
    search_fields = ("username", "person__name")
    role = django_filters.ChoiceFilter(choices=Role.choices, label="角色")

    class Meta:
        model = User
        fields = ["q", "role", "agency", "is_active"]
