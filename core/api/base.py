"""REST API base: scoped viewsets and serializers that run model validation.

``ScopedModelViewSet`` narrows ``get_queryset()`` to ``visible_to(user)`` for reads and
``editable_by(user)`` for writes (so another agency's record is a 404), sets ``agency`` on create
and re-checks the saved row against ``editable_by`` inside the transaction.
``ValidatedModelSerializer`` calls ``full_clean()`` so the API enforces the same ``Model.clean()``
rules as the forms, with the same Chinese messages keyed by field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from core.api.permissions import ScopedModelPermissions  # noqa: F401  (re-export)
from core.models import user_agency


class ValidatedModelSerializer(serializers.ModelSerializer):
    """Model serializer that validates with ``Model.full_clean()`` (DRF skips it otherwise)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        m2m = {f.name for f in model._meta.many_to_many}
        plain = {k: v for k, v in attrs.items() if k not in m2m}
        if self.instance is not None:
            instance = model.objects.get(pk=self.instance.pk)
            for k, v in plain.items():
                setattr(instance, k, v)
        else:
            instance = model(**plain)
        agency = self.context.get("agency")
        if agency is not None and hasattr(instance, "agency_id") and not instance.agency_id:
            instance.agency = agency
        try:
            instance.full_clean(exclude=self._clean_exclude(model))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs

    def _clean_exclude(self, model) -> list[str]:
        return [
            f.name
            for f in model._meta.get_fields()
            if f.name not in self.fields and f.name != "agency" and getattr(f, "concrete", False)
        ]


class ScopedModelViewSet(viewsets.ModelViewSet):
    """Viewset base for every scoped model."""

    #: Ids in the URL are numbers: ``/api/…/abc/`` is a 404 from the URL conf, never a
    #: ``ValueError`` in a view that looks the row up itself.
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        qs = self.queryset.all()
        if self.request.method in permissions.SAFE_METHODS:
            return qs.visible_to(self.request.user)
        return qs.editable_by(self.request.user)

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["agency"] = user_agency(self.request.user)
        return ctx

    def perform_create(self, serializer):
        user = self.request.user
        with transaction.atomic():
            extra = {}
            model = serializer.Meta.model
            if hasattr(model, "created_by_id"):
                extra = {"created_by": user, "updated_by": user}
            obj = serializer.save(agency=user_agency(user), **extra)
            self._recheck(obj)

    def perform_update(self, serializer):
        user = self.request.user
        with transaction.atomic():
            extra = {"updated_by": user} if hasattr(serializer.Meta.model, "updated_by_id") else {}
            obj = serializer.save(**extra)
            self._recheck(obj)

    def _recheck(self, obj) -> None:
        if not type(obj).objects.editable_by(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied("保存后的记录超出您的数据范围，操作已撤销。")


def api_validation_error(exc):
    """A Django ``ValidationError`` from a service as DRF's 400, keeping field names and the
    Chinese messages (``{"field": [...]}`` or ``{"detail": [...]}``)."""
    from rest_framework.exceptions import ValidationError as ApiValidationError

    if hasattr(exc, "error_dict"):
        return ApiValidationError(
            {k: [m for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return ApiValidationError({"detail": exc.messages})
