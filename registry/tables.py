import django_tables2 as tables

from core.tables import StackedRows
from registry.models import SupervisedEntity


class EntityTable(StackedRows, tables.Table):
    name = tables.Column(linkify=True, orderable=True)
    uscc = tables.Column(orderable=True)

    class Meta:
        model = SupervisedEntity
        fields = [
            "name",
            "uscc",
            "category",
            "subcategory",
            "region",
            "risk_grade",
            "credit_grade",
            "status",
        ]
        order_by = "-id"
        # Only the orders the list can page through by keyset (registry.views.EntityList.SORTS).
        orderable = False
