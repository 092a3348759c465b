from rest_framework import viewsets

from core import filters
from core.api import serializers as s
from core.api.base import ScopedModelViewSet
from core.models import Agency, Department, Person, Region


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Agency.objects.all()
    serializer_class = s.AgencySerializer
    filterset_class = filters.AgencyFilterSet

    def get_queryset(self):
        return Agency.objects.visible_to(self.request.user)


class DepartmentViewSet(ScopedModelViewSet):
    queryset = Department.objects.select_related("agency")
    serializer_class = s.DepartmentSerializer
    filterset_class = filters.DepartmentFilterSet


class RegionViewSet(ScopedModelViewSet):
    queryset = Region.objects.select_related("agency")
    serializer_class = s.RegionSerializer
    filterset_class = filters.RegionFilterSet


class PersonViewSet(ScopedModelViewSet):
    queryset = Person.objects.select_related("agency", "department")
    serializer_class = s.PersonSerializer
    filterset_class = filters.PersonFilterSet
