"""The audit log page (审计日志), scoped to the user's agency and below.

Read by the 系统管理员 and the 审计员 only (``core.view_auditevent``, core.roles). Each row reads
as a sentence for people: who (name and account), when (local time), 操作 in Chinese with a
link to the record while it exists and the reader may see it, and the content with field names,
choice labels and the names of linked records instead of their ids.
"""

import django_filters
import django_tables2 as tables
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.audit_display import describe, related_names, truncate
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
    created_at = tables.DateTimeColumn(
        verbose_name="时间（北京时间）",
        format="Y-m-d H:i:s",
        attrs={"td": {"class": "text-nowrap"}},
    )
    actor_name = tables.Column(verbose_name="操作人", attrs={"td": {"class": "text-nowrap"}})
    agency = tables.Column(
        verbose_name="机构", attrs={"th": {"class": "text-nowrap"}, "td": {"class": "text-nowrap"}}
    )
    action = tables.Column(verbose_name="操作", attrs={"td": {"class": "text-nowrap"}})
    object_repr = tables.Column(verbose_name="对象")
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

    def render_actor_name(self, value, record):
        actor = record.actor
        name = actor.display_name if actor is not None else ""
        if name and name != value:
            return format_html('{}<br><small class="text-muted">{}</small>', name, value)
        return value or "—"

    def render_action(self, value, record):
        url = self._links().get(record.pk)
        if url:
            return format_html('{} <a href="{}" class="small">查看记录</a>', value, url)
        return value

    def render_changes(self, value, record):
        ct = record.content_type_id and ContentType.objects.get_for_id(record.content_type_id)
        lines = describe(value, ct.model_class() if ct else None, self._names())
        text = "；".join(lines)
        shown = truncate(text, SHOWN)
        if shown == text:
            return text
        return format_html('<span title="{}">{}</span>', text, shown)

    def _rows(self) -> list:
        return [row.record for row in self.paginated_rows]

    def _names(self):
        if not hasattr(self, "_names_cache"):
            self._names_cache = related_names(self._rows())
        return self._names_cache

    def _links(self) -> dict:
        """Event → URL of its record, for records that still exist and the reader may see: one
        query per kind of record on the page."""
        if hasattr(self, "_links_cache"):
            return self._links_cache
        by_type: dict[int, dict[str, list[int]]] = {}
        for event in self._rows():
            if event.content_type_id and event.object_id:
                by_type.setdefault(event.content_type_id, {}).setdefault(
                    event.object_id, []
                ).append(event.pk)
        links = {}
        user = self.request.user
        for ct_id, events in by_type.items():
            model = ContentType.objects.get_for_id(ct_id).model_class()
            if model is None or not hasattr(model, "get_absolute_url"):
                continue
            qs = model._default_manager.all()
            if not hasattr(qs, "visible_to"):
                continue  # only records whose reading is scoped are linked
            meta = model._meta
            if not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
                continue
            for obj in qs.visible_to(user).filter(pk__in=list(events)):
                url = obj.get_absolute_url()
                for event_pk in events[str(obj.pk)]:
                    links[event_pk] = url
        self._links_cache = links
        return links


#: Characters of an event's content shown in the list; the rest is in the cell's title.
SHOWN = 120


class AuditEventListView(LoginRequiredMixin, PermissionRequiredMixin, SingleTableMixin, FilterView):
    model = AuditEvent
    permission_required = "core.view_auditevent"
    raise_exception = True
    table_class = AuditEventTable
    filterset_class = AuditEventFilterSet
    paginate_by = 50
    template_name = "core/object_list.html"

    def get_queryset(self):
        return AuditEvent.objects.visible_to(self.request.user).select_related(
            "agency", "actor__person"
        )

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["core/partials/object_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["model_meta"] = AuditEvent._meta
        return ctx
