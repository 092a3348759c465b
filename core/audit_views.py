"""The audit log page (审计日志), scoped to the user's agency and below."""

import django_filters
import django_tables2 as tables
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.audit_display import describe, truncate
from core.filters import FilterSet
from core.forms import DateInput
from core.models import AuditAction, AuditEvent


class AuditEventFilterSet(FilterSet):
    action = django_filters.ChoiceFilter(
        choices=AuditAction.choices, label="操作", empty_label="全部"
    )
    actor_name = django_filters.CharFilter(lookup_expr="icontains", label="操作人账号")
    object_repr = django_filters.CharFilter(lookup_expr="icontains", label="对象")
    since = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__gte",
        label="起始日期",
        widget=DateInput(),
    )
    until = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__lte",
        label="截止日期",
        widget=DateInput(),
    )

    class Meta:
        model = AuditEvent
        fields = ["action", "actor_name", "object_repr", "since", "until"]


class AuditEventTable(tables.Table):
    seq = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    created_at = tables.DateTimeColumn(format="Y-m-d H:i:s", attrs={"td": {"class": "text-nowrap"}})
    agency = tables.Column(
        verbose_name="机构", attrs={"th": {"class": "text-nowrap"}, "td": {"class": "text-nowrap"}}
    )
    changes = tables.Column(verbose_name="内容", orderable=False)

    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "created_at",
            "actor_name",
            "agency",
            "action",
            "object_repr",
            "changes",
            "remote_addr",
        ]

    def render_agency(self, value):
        # The short name keeps the column one line wide; the full name is in the title.
        return format_html('<span title="{}">{}</span>', value.name, value.short_name or value.name)

    def render_changes(self, value, record):
        ct = record.content_type_id and ContentType.objects.get_for_id(record.content_type_id)
        lines = describe(value, ct.model_class() if ct else None)
        text = "；".join(lines)
        shown = truncate(text, SHOWN)
        if shown == text:
            return text
        return format_html('<span title="{}">{}</span>', text, shown)


#: Characters of an event's content shown in the list; the rest is in the cell's title.
SHOWN = 120


class AuditEventListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    model = AuditEvent
    table_class = AuditEventTable
    filterset_class = AuditEventFilterSet
    paginate_by = 50
    template_name = "core/object_list.html"

    def get_queryset(self):
        return AuditEvent.objects.visible_to(self.request.user).select_related("agency")

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["core/partials/object_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["model_meta"] = AuditEvent._meta
        return ctx
