"""Scoped records: every record belongs to an agency (数据范围)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connections, models
from django.db.models import BigIntegerField, ExpressionWrapper, F

if TYPE_CHECKING:
    from core.models.org import Agency


class ScopedQuerySet(models.QuerySet):
    """Rows filtered by the agency tree.

    A user reads rows of their own agency and of every agency below it, and writes only rows of
    their own agency. The tree is a materialized path, so both filters are one indexed condition.
    """

    agency_field = "agency"

    def visible_to(self, user: Any, *, walk_order: bool = False) -> Self:
        """Rows the user may read.

        ``walk_order`` is for long lists read one page at a time (the entity directory at a
        million rows): the same rows, with the agency condition written so that no index on the
        agency column serves it. The database then walks the index of the list's order and
        checks each row's agency, instead of collecting every row of the agency and sorting them
        (SQLite's planner does not weigh LIMIT and picks the agency index). Costs a longer walk
        when few rows of the index match. PostgreSQL's planner weighs LIMIT and estimates the
        plain condition better, so there it is kept.
        """
        agency = user_agency(user)
        if agency is None:
            return self.none()
        if getattr(user, "is_superuser", False) and agency.parent_id is None:
            return self.all()
        if walk_order and connections[self.db].vendor == "sqlite":
            from core.models.org import Agency

            tree = Agency.objects.filter(path__startswith=agency.path).values("pk")
            # An expression ("agency_id" + 0) is a condition no index answers.
            unindexed = ExpressionWrapper(F(self.agency_field) + 0, output_field=BigIntegerField())
            return self.alias(_scope_agency=unindexed).filter(_scope_agency__in=tree)
        return self.filter(**{f"{self.agency_field}__path__startswith": agency.path})

    def editable_by(self, user: Any) -> Self:
        agency = user_agency(user)
        if agency is None:
            return self.none()
        return self.filter(**{f"{self.agency_field}_id": agency.pk})

    def in_scope(self, agency: Agency) -> Self:
        """Rows of ``agency`` and the agencies below it (for indicators and reports).

        Written as ``agency_id IN (SELECT id … path LIKE 'p%')`` rather than a join: the
        database then reads each agency's rows through the ``(agency_id, …)`` indexes, so a
        county's figure costs its own rows, not a scan of the whole table.
        """
        from core.models.org import Agency

        below = Agency.objects.filter(path__startswith=agency.path).values("pk")
        return self.filter(**{f"{self.agency_field}_id__in": below})


def _agency_owned(model: type[models.Model] | None) -> bool:
    """Whether rows of ``model`` belong to an agency (a ``ScopedModel``)."""
    return model is not None and issubclass(model, ScopedModel)


def user_agency(user: Any) -> Agency | None:
    """The agency a user acts for, or ``None`` for anonymous users and users without one."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "agency", None)


def changeable_pks(user: Any, model: type[models.Model], pks: Iterable[Any]) -> set[Any]:
    """Of ``pks``, the rows of ``model`` that ``user`` may change (修改).

    The checks every generic edit view makes: the model's ``change`` permission (the role) and,
    for an agency-owned model, ``editable_by`` (the user's own agency). One query at most, so a
    list can ask for its whole page. Unscoped reference data needs the permission only.
    """
    meta = model._meta
    if not getattr(user, "is_authenticated", False) or not user.has_perm(
        f"{meta.app_label}.change_{meta.model_name}"
    ):
        return set()
    if issubclass(model, SharedModel):
        from core.shared import is_root_admin

        return set(pks) if is_root_admin(user) else set()
    pks = list(pks)
    qs = model._default_manager.all()
    if not isinstance(qs, ScopedQuerySet):
        return set(pks)
    return set(qs.editable_by(user).filter(pk__in=pks).values_list("pk", flat=True))


class ScopedModel(models.Model):
    """Abstract base of every agency-owned record.

    Subclasses get ``agency`` (PROTECT), creation/update stamps, the scoped manager and automatic
    audit of create/change/delete (``core.audit``). Set ``audit_exclude`` on a subclass to keep
    noisy fields out of the audit diff.
    """

    agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="所属机构"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="创建人",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="更新人",
    )

    objects = ScopedQuerySet.as_manager()

    audit_exclude: tuple[str, ...] = ("updated_at", "updated_by")

    #: Relations (foreign keys, many-to-many) that may name records of the agencies below the
    #: record's own, as the page forms offer them (an inspection's entity and inspectors, a
    #: plan's 抽查事项). Every other relation to an agency-owned record names one of the record's
    #: own agency. No relation names a record of another branch of the tree or of an agency above.
    references_below: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True) -> None:
        """Django's validation, then the agency scope of every relation (``reference_errors``)
        not already refused with a message of the model's own ``clean()``."""
        errors: dict[str, list] = {}
        try:
            super().full_clean(exclude, validate_unique, validate_constraints)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        checked = {*(exclude or ()), *errors}  # a field already refused is not read
        errors.update(self.reference_errors(exclude=checked))
        if errors:
            raise ValidationError(errors)

    def reference_errors(
        self,
        *,
        exclude: Iterable[str] | None = None,
        many: dict[str, Iterable[models.Model]] | None = None,
    ) -> dict[str, list[str]]:
        """数据范围：the relations of this record that name another agency's records.

        Foreign keys are read from the record; many-to-many values are not set before saving, so
        the form or serializer passes the chosen ones as ``many`` (field name → records). A
        record of the own agency is always fine; one of an agency below only in
        ``references_below``. Forms and the API offer only the records the user may read, so a
        record refused here is one the user may see: the message may say why.
        """
        if not self.agency_id:
            return {}
        exclude = set(exclude or ())
        chosen: dict[str, list[models.Model]] = {}
        for field in self._meta.concrete_fields:
            if (
                field.is_relation
                and field.name != "agency"
                and field.name not in exclude
                and _agency_owned(field.related_model)
                and getattr(self, field.attname) is not None
            ):
                try:
                    chosen[field.name] = [getattr(self, field.name)]
                except ObjectDoesNotExist:
                    continue  # a dangling id: the field's own validation says so
        for name, values in (many or {}).items():
            if name not in exclude and _agency_owned(self._meta.get_field(name).related_model):
                chosen[name] = list(values)
        errors = {}
        for name, values in chosen.items():
            below = name in self.references_below
            stray = [v for v in values if not self._may_reference(v, below=below)]
            if not stray:
                continue
            field = self._meta.get_field(name)
            label = str(field.verbose_name)
            where = "本机构或其下级机构" if below else "本机构"
            if field.many_to_many:
                count = len(stray)
                errors[name] = [f"{label}：所选{count}项不属于{where}，只能选择{where}的记录。"]
            else:
                errors[name] = [f"{label}不属于{where}：只能选择{where}的记录。"]
        return errors

    def _may_reference(self, other: models.Model, *, below: bool) -> bool:
        if other.agency_id == self.agency_id:
            return True
        return below and other.agency.path.startswith(self.agency.path)


class SharedModel(models.Model):
    """Abstract base of shared data (共用数据): reference data of no agency, used by all of them.

    The national 检查要点 catalogue and the holiday calendar are such data. Only the
    installation's top-level 系统管理员 may change them (``core.shared``), and every change is
    recorded in the audit chain like a record's (``core.receivers``).
    """

    class Meta:
        abstract = True


class RetentionError(Exception):
    """A record the law requires to keep cannot be deleted; withdraw it with a reason."""


class RetainedQuerySet(ScopedQuerySet):
    def active(self) -> Self:
        """Rows not withdrawn (撤回)."""
        return self.filter(withdrawn_at__isnull=True)

    def delete(self):
        raise RetentionError("依法须留存的记录不能删除，只能撤回并说明理由。")


class RetainedModel(ScopedModel):
    """Abstract base of records the law requires to keep: never deleted, only withdrawn.

    ``core.retention.withdraw(obj, actor=..., reason=...)`` stamps the withdrawal and appends a
    ``withdraw`` event to the audit chain; ``delete()`` raises ``RetentionError``.
    """

    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="撤回人",
    )
    withdrawal_reason = models.CharField("撤回理由", max_length=500, blank=True, editable=False)

    objects = RetainedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def delete(self, *args, **kwargs):
        raise RetentionError("依法须留存的记录不能删除，只能撤回并说明理由。")
