import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.tables import ChangeLinkColumn, StackedRows
from supervision.models import (
    Campaign,
    ChecklistPoint,
    Conflict,
    Inspection,
    InspectionItem,
    RectificationOrder,
    RectificationStatus,
    SamplingPlan,
    Task,
)


class OverdueColumn(tables.Column):
    """逾期：a badge on the rows whose clock has run out (``rules.with_overdue`` annotates them)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", "逾期")
        kwargs.setdefault("accessor", "is_overdue")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("default", "")
        super().__init__(**kwargs)

    def render(self, value):
        return mark_safe('<span class="badge text-bg-danger">逾期</span>') if value else ""


def entity_card(entity, url: str):
    """监管对象 as an inspector needs it on the way: the name (linking to the work on it), the
    address, the 法定代表人/负责人 and the phone (a ``tel:`` link, one tap to call)."""
    phone = (
        format_html('<a href="tel:{}">{}</a>', entity.phone.replace(" ", ""), entity.phone)
        if entity.phone
        else "—"
    )
    return format_html(
        '<div class="fz-entity-card"><a href="{}"><strong>{}</strong></a>'
        '<div class="fz-entity-meta">{}</div>'
        '<div class="fz-entity-meta">法定代表人/负责人：{} · 电话：{}</div></div>',
        url,
        entity.name,
        entity.address,
        entity.legal_representative or "—",
        phone,
    )


class PlanTable(StackedRows, tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = SamplingPlan
        fields = ["name", "year", "source", "planned_on", "check_ends_on", "status"]

    is_overdue = OverdueColumn(verbose_name="公示逾期")


class TaskTable(StackedRows, tables.Table):
    """抽查任务: on a phone the rows are cards, the unit, its status and the deadline first."""

    entity = tables.Column(verbose_name="检查对象", order_by=("entity__name",))
    status = tables.Column(verbose_name="状态")
    check_ends_on = tables.Column(
        verbose_name="检查截止", accessor="plan__check_ends_on", order_by=("plan__check_ends_on",)
    )
    seq = tables.Column(linkify=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plans: dict[int, object] = {}  # plan id → one plan object, its 片区 read once

    def render_entity(self, value, record):
        return entity_card(value, record.get_absolute_url())

    def render_stratum(self, value, record):
        """The stratum by its Chinese name (“公共场所 / 东湖片区”), not its stored key."""
        plan = self._plans.setdefault(record.plan_id, record.plan)
        return plan.stratum_label(value)

    class Meta:
        model = Task
        fields = ["entity", "status", "check_ends_on", "seq", "plan", "stratum", "result"]
        sequence = ["entity", "status", "check_ends_on", "is_overdue", "..."]

    is_overdue = OverdueColumn(verbose_name="检查逾期")


class InspectionTable(StackedRows, tables.Table):
    entity = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Inspection
        fields = ["entity", "kind", "inspected_on", "result"]

    is_overdue = OverdueColumn(verbose_name="公示逾期")


class RectificationTable(StackedRows, tables.Table):
    """责令整改: on a phone the rows are cards, the unit, its status and the 整改期限 first."""

    entity = tables.Column(
        verbose_name="检查对象",
        accessor="inspection__entity",
        order_by=("inspection__entity__name",),
    )
    number = tables.Column(linkify=True)

    def render_entity(self, value, record):
        return entity_card(value, record.get_absolute_url())

    class Meta:
        model = RectificationOrder
        fields = ["number", "entity", "status", "due_on", "issued_on", "completed_on"]
        sequence = ["number", "entity", "status", "due_on", "is_overdue", "..."]

    is_overdue = OverdueColumn()

    def render_status(self, value, record):
        """整改状态 as it stands today: an order past its 整改期限 is 逾期未整改."""
        if getattr(record, "is_overdue", False):
            return format_html(
                '<span class="text-danger">{}</span>', RectificationStatus.FAILED.label
            )
        return value


class CampaignTable(StackedRows, tables.Table):
    name = tables.Column(linkify=True)
    inspection_count = tables.Column(verbose_name="检查户次", orderable=True)

    class Meta:
        model = Campaign
        fields = ["name", "starts_on", "ends_on", "inspection_count"]


class InspectionItemTable(tables.Table):
    name = ChangeLinkColumn(url_name="supervision:inspectionitem_edit")

    class Meta:
        model = InspectionItem
        fields = ["name", "category", "basis", "method", "level"]


class ConflictTable(tables.Table):
    person = ChangeLinkColumn(url_name="supervision:conflict_edit")

    class Meta:
        model = Conflict
        fields = ["person", "entity", "reason"]


class ChecklistPointTable(tables.Table):
    text = ChangeLinkColumn(url_name="supervision:checklistpoint_edit")

    class Meta:
        model = ChecklistPoint
        fields = ["category", "item", "order", "text", "basis", "retired_on", "retired_reason"]
