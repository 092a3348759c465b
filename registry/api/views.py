from core.api.base import ScopedModelViewSet
from registry.api import serializers as s
from registry.filters import EntityFilterSet
from registry.models import Licence, SupervisedEntity


class EntityViewSet(ScopedModelViewSet):
    queryset = SupervisedEntity.objects.order_by("-id")
    serializer_class = s.EntitySerializer
    filterset_class = EntityFilterSet


class LicenceViewSet(ScopedModelViewSet):
    queryset = Licence.objects.order_by("-id")
    serializer_class = s.LicenceSerializer
