"""API of retained records: ``POST {id}/withdraw/`` with a reason instead of DELETE."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api.base import ScopedModelViewSet, api_validation_error
from core.api.serializers import WithdrawSerializer
from core.retention import withdraw


class RetainedModelViewSet(ScopedModelViewSet):
    """Viewset of a ``RetainedModel``: 撤回 with a reason (the role's ``change`` permission, the
    user's own agency); a withdrawn record can be read but no longer changed."""

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            qs = qs.active()
        return qs

    @extend_schema(request=WithdrawSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """撤回。Body: ``{"reason": "…"}`` (required); the record is kept and marked withdrawn."""
        meta = self.get_queryset().model._meta
        if not request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
            raise PermissionDenied("您的角色无权撤回该类记录。")
        obj = self.get_object()
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            withdraw(obj, actor=request.user, reason=body.validated_data["reason"])
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from exc
        obj.refresh_from_db()
        return Response(self.get_serializer(obj).data)
