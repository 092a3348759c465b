from rest_framework import viewsets

from core.api.base import ScopedModelViewSet
from supervision.api import serializers as s
from supervision.models import Inspection, RectificationOrder, SamplingPlan, Task


class PlanViewSet(ScopedModelViewSet):
    queryset = SamplingPlan.objects.order_by("-id")
    serializer_class = s.PlanSerializer


class TaskViewSet(ScopedModelViewSet, viewsets.ReadOnlyModelViewSet):
    """Tasks are written by the draw and the workflow only; the API reads them."""

    http_method_names = ["get", "head", "options"]
    queryset = Task.objects.prefetch_related("inspectors").order_by("plan_id", "seq")
    serializer_class = s.TaskSerializer


class InspectionViewSet(ScopedModelViewSet):
    queryset = Inspection.objects.prefetch_related("inspectors").order_by("-id")
    serializer_class = s.InspectionSerializer


class RectificationViewSet(ScopedModelViewSet):
    queryset = RectificationOrder.objects.order_by("-id")
    serializer_class = s.RectificationSerializer
