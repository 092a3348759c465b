from rest_framework import serializers

from core.api.base import ValidatedModelSerializer
from core.models import Agency, Department, Person, Region


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "level",
            "parent",
            "division_code",
            "is_active",
        ]


class DepartmentSerializer(ValidatedModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "agency", "name", "kind"]
        read_only_fields = ["agency"]


class RegionSerializer(ValidatedModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "agency", "name", "code", "parent", "inspectors"]
        read_only_fields = ["agency"]


class PersonSerializer(ValidatedModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "agency",
            "name",
            "department",
            "position",
            "phone",
            "certificate_number",
            "certificate_issuer",
            "certificate_valid_until",
            "certificate_review",
            "has_legal_qualification",
            "specialties",
            "is_active",
        ]
        read_only_fields = ["agency"]
