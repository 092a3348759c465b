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
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied
from rest_framework.validators import (
    BaseUniqueForValidator,
    UniqueTogetherValidator,
    UniqueValidator,
)

from core.api.permissions import ScopedModelPermissions  # noqa: F401  (re-export)
from core.models import user_agency


class ScopedRelationsMixin:
    """Every writable related field takes its choices from the records the user may read.

    Primary-key, slug and custom related fields, many-to-many fields and the related fields of
    nested serializers alike: another agency's record is then refused exactly as a record that
    does not exist (“执法人员：编号为“7”的记录不存在。”), never accepted and never told apart.
    Which agency a record may name beyond that (its own, or also those below) is the model's rule
    (``ScopedModel.reference_errors``), checked by ``ValidatedModelSerializer``. Without a
    request (a serializer built only to print a record) nothing can be chosen.
    """

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        scope_relations(fields.values(), getattr(request, "user", None))
        return fields


def scope_relations(fields, user) -> None:
    """Narrow the querysets of the writable related fields among ``fields`` (and in nested
    serializers) to ``visible_to(user)``."""
    for field in fields:
        if field.read_only:
            continue
        if isinstance(field, serializers.ManyRelatedField):
            _narrow(field.child_relation, user, field.label)
        elif isinstance(field, serializers.RelatedField):
            _narrow(field, user, field.label)
        elif isinstance(field, serializers.ListSerializer | serializers.ListField):
            scope_relations([field.child], user)
        elif isinstance(field, serializers.BaseSerializer) and not isinstance(
            field, ScopedRelationsMixin
        ):
            scope_relations(field.fields.values(), user)


def _narrow(field, user, label) -> None:
    queryset = field.queryset
    if queryset is None or not hasattr(queryset, "visible_to"):
        return  # shared reference data (检查要点) or no choices
    field.queryset = queryset.visible_to(user) if user is not None else queryset.none()
    # One message for a record that does not exist and for one the user may not read, naming
    # the field (DRF's own, “无效主键 … 对象不存在”, does not).
    name = label or "对象"
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        field.error_messages["does_not_exist"] = f"{name}：编号为“{{pk_value}}”的记录不存在。"
    elif isinstance(field, serializers.SlugRelatedField):
        field.error_messages["does_not_exist"] = f"{name}：未找到“{{value}}”对应的记录。"


class ScopedSerializer(ScopedRelationsMixin, serializers.Serializer):
    """Base of the API's plain (non-model) serializers that name records."""


class ScopedModelSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    """Base of model serializers not validated by ``full_clean`` (read-only resources, shared
    reference data, rows written by a service)."""


class ValidatedModelSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    """Model serializer that validates with ``Model.full_clean()`` (DRF skips it otherwise).

    Related fields offer only the records the user may read (``ScopedRelationsMixin``); the
    model then says which of them the record may name (``ScopedModel.reference_errors``, for
    many-to-many fields with the values chosen). Uniqueness is the model's too: DRF's own
    unique validators are dropped, so a taken value gets the model's message (“已被登记”),
    which names neither the record that holds it nor its agency.
    """

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
        return fields

    def get_validators(self):
        return [
            v
            for v in super().get_validators()
            if not isinstance(v, UniqueTogetherValidator | BaseUniqueForValidator)
        ]

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
        errors: dict = {}
        try:
            instance.full_clean(exclude=self._clean_exclude(model))
        except DjangoValidationError as exc:
            errors = exc.update_error_dict(errors)
        if hasattr(instance, "reference_errors"):
            many = {k: v for k, v in attrs.items() if k in m2m}
            for name, messages in instance.reference_errors(many=many, exclude=errors).items():
                errors.setdefault(name, messages)
        if errors:
            raise serializers.ValidationError(
                serializers.as_serializer_error(DjangoValidationError(errors))
            )
        return attrs

    def to_representation(self, instance):
        """Encrypted personal fields read masked unless the record reveals them to the caller
        (``core.crypto.shown_value``), as on the pages and in exports."""
        data = super().to_representation(instance)
        from core.crypto import EncryptedCharField, shown_value

        request = self.context.get("request")
        for field in instance._meta.concrete_fields:
            if isinstance(field, EncryptedCharField) and field.name in data:
                data[field.name] = shown_value(instance, field.name, getattr(request, "user", None))
        return data

    def _clean_exclude(self, model) -> list[str]:
        return [
            f.name
            for f in model._meta.get_fields()
            if f.name not in self.fields and f.name != "agency" and getattr(f, "concrete", False)
        ]


#: DELETE on any record: records of work are withdrawn with a reason, never deleted.
NO_DELETE = "记录不能删除：依法须留存的记录请撤回（POST …/withdraw/，须说明理由）。"


class ScopedModelViewSet(viewsets.ModelViewSet):
    """Viewset base for every scoped model. No DELETE: a record leaves use by withdrawal
    (``core.api.retention.RetainedModelViewSet``), never by a hard delete."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def check_permissions(self, request):
        # Refused for everyone alike (405, saying what to do instead), whatever the role.
        if request.method.lower() not in self.http_method_names:
            self.http_method_not_allowed(request)
        super().check_permissions(request)

    def http_method_not_allowed(self, request, *args, **kwargs):
        if request.method == "DELETE":
            raise MethodNotAllowed("DELETE", detail=NO_DELETE)
        return super().http_method_not_allowed(request, *args, **kwargs)

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
