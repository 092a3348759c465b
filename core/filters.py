"""FilterSets for core lists, shared by the list pages and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django_filters.filters import QuerySetRequestMixin
from django_filters.rest_framework import DjangoFilterBackend

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
    """Base of every FilterSet (list pages and API): scoped choices, Chinese empty choices, date
    pickers.

    A filter that names records (机构, 监管对象, 专项行动 …) offers only those the user may read
    (``visible_to``): the agency dropdowns list the user's agency tree, not every agency of the
    installation, and another agency's id is refused exactly as an id that does not exist
    (400 “选择一个有效的选项” in the API, the same error on the page), so a filter never tells
    whether a record exists elsewhere. Without a user nothing can be chosen.

    An unset choice reads “全部” (settings.FILTERS_EMPTY_CHOICE_LABEL sets the same label for
    ChoiceFilter and ModelChoiceFilter everywhere); a yes/no filter offers 全部/是/否 instead of
    Django's 未知/是/否.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for f in self.filters.values():
            if isinstance(f, QuerySetRequestMixin):
                f.queryset = _scoped_choices(f.queryset, self.request, user)
            if isinstance(f, django_filters.BooleanFilter):
                f.extra["widget"] = forms.Select(
                    choices=[("", "全部"), ("true", "是"), ("false", "否")]
                )
            elif isinstance(f, (django_filters.ChoiceFilter, django_filters.ModelChoiceFilter)):
                f.extra["empty_label"] = "全部"
            elif isinstance(f, django_filters.DateFilter):
                f.extra.setdefault("widget", DateInput())


def _scoped_choices(queryset, request, user):
    if callable(queryset):
        queryset = queryset(request)
    if queryset is None or not hasattr(queryset, "visible_to"):
        return queryset  # choices that are not agency data (检查要点 categories …)
    return queryset.visible_to(user) if user is not None else queryset.none()


class ScopedFilterBackend(DjangoFilterBackend):
    """The API's filter backend: a viewset's ``filterset_fields`` get a FilterSet on the base
    above, so their choices are scoped as the pages' are."""

    filterset_base = FilterSet


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


class UserFilterSet(SearchFilterSet):
    search_fields = ("username", "person__name")
    role = django_filters.ChoiceFilter(choices=Role.choices, label="角色")

    class Meta:
        model = User
        fields = ["q", "role", "agency", "is_active"]
