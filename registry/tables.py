import django_tables2 as tables

from registry.models import SupervisedEntity


class SupervisedEntityTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = SupervisedEntity
        fields = [
            "name",
            "uscc",
            "category",
            "subcategory",
            "region",
            "status",
            "risk_grade",
            "credit_grade",
            "agency",
        ]
