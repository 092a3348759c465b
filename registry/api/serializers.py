from core.api.base import ValidatedModelSerializer
from registry.models import Licence, SupervisedEntity


class EntitySerializer(ValidatedModelSerializer):
    class Meta:
        model = SupervisedEntity
        fields = [
            "id",
            "agency",
            "name",
            "uscc",
            "address",
            "region",
            "category",
            "subcategory",
            "risk_grade",
            "credit_grade",
            "status",
            "opened_on",
            "legal_representative",
        ]
        read_only_fields = ["agency"]


class LicenceSerializer(ValidatedModelSerializer):
    class Meta:
        model = Licence
        fields = ["id", "agency", "entity", "kind", "number", "valid_from", "valid_until"]
        read_only_fields = ["agency"]
