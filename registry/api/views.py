from core.api.base import ScopedModelViewSet
from registry.api.serializers import LicenceSerializer, SupervisedEntitySerializer
from registry.filters import SupervisedEntityFilterSet
from registry.models import Licence, SupervisedEntity


class SupervisedEntityViewSet(ScopedModelViewSet):
    queryset = SupervisedEntity.objects.select_related("agency", "region")
    serializer_class = SupervisedEntitySerializer
    filterset_class = SupervisedEntityFilterSet


class LicenceViewSet(ScopedModelViewSet):
    queryset = Licence.objects.select_related("entity")
    serializer_class = LicenceSerializer
    filterset_fields = ["entity", "kind"]
