import django_tables2 as tables

from supervision.models import Inspection, SamplingPlan, Task


class PlanTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = SamplingPlan
        fields = ["name", "year", "source", "planned_on", "check_ends_on", "status"]


class TaskTable(tables.Table):
    seq = tables.Column(linkify=True)

    class Meta:
        model = Task
        fields = ["seq", "plan", "entity", "stratum", "status", "result"]


class InspectionTable(tables.Table):
    entity = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Inspection
        fields = ["entity", "kind", "inspected_on", "result"]
