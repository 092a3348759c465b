import django_tables2 as tables

from core.tables import ChangeLinkColumn
from supervision.models import (
    Campaign,
    ChecklistPoint,
    Conflict,
    Inspection,
    InspectionItem,
    RectificationOrder,
    SamplingPlan,
    Task,
)


class PlanTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = SamplingPlan
        fields = ["name", "year", "source", "planned_on", "check_ends_on", "status"]


class TaskTable(tables.Table):
    seq = tables.Column(linkify=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plans: dict[int, object] = {}  # plan id → one plan object, its 片区 read once

    def render_stratum(self, value, record):
        """The stratum by its Chinese name (“公共场所 / 东湖片区”), not its stored key."""
        plan = self._plans.setdefault(record.plan_id, record.plan)
        return plan.stratum_label(value)

    class Meta:
        model = Task
        fields = ["seq", "plan", "entity", "stratum", "status", "result"]


class InspectionTable(tables.Table):
    entity = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Inspection
        fields = ["entity", "kind", "inspected_on", "result"]


class RectificationTable(tables.Table):
    number = tables.Column(linkify=True)
    entity = tables.Column("检查对象", accessor="inspection__entity__name", orderable=False)

    class Meta:
        model = RectificationOrder
        fields = ["number", "entity", "issued_on", "due_on", "status", "completed_on"]


class CampaignTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Campaign
        fields = ["name", "starts_on", "ends_on"]


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
        fields = ["category", "order", "text", "basis"]
