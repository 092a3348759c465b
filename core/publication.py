"""Published means published: a change to a record made public is a correction with a reason.

A model that publishes some of its fields lists them in ``PUBLISHED_FIELDS`` and has a
``published_on`` date. Once that date is stored, ``published_changes_errors`` (called from the
model's ``clean()``, so forms and the API refuse it) rejects a change of those fields made any
other way than through ``correct()``, which keeps the values replaced in a
``PublicationCorrection`` row with the reason, in the same transaction as the change, and records
the correction in the audit chain. Public pages show ``notices_for()`` next to the record.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from core.models.publication import PublicationCorrection
from core.validators import local_today

#: Shortest reason accepted: “录入错误” says something; “改” does not.
MIN_REASON = 4


def _shown(obj: models.Model, name: str) -> str:
    """A field's value as people read it: the label of a choice, the name of a related row."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        related = getattr(obj, name)
        return "" if related is None else str(related)
    if field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    value = getattr(obj, name)
    return "" if value is None else str(value)


def _stored(obj: models.Model) -> models.Model | None:
    if obj.pk is None:
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).first()


def published_changes_errors(obj: models.Model) -> dict[str, str]:
    """Errors, keyed by field, for each published field of ``obj`` that differs from what was
    made public, unless ``correct()`` is making the change. Empty for a record not published."""
    if getattr(obj, "_correcting", False):
        return {}
    stored = _stored(obj)
    if stored is None or getattr(stored, "published_on", None) is None:
        return {}
    errors = {}
    for name in obj.PUBLISHED_FIELDS:
        attname = obj._meta.get_field(name).attname
        if getattr(stored, attname) != getattr(obj, attname):
            label = obj._meta.get_field(name).verbose_name
            errors[name] = (
                f"{label}已于{stored.published_on:%Y-%m-%d}公示，不能直接修改："
                "已公示的内容只能更正，并须说明更正理由（更正公示）。"
            )
    return errors


@transaction.atomic
def correct(obj: models.Model, changes: dict[str, Any], *, reason: str, actor: Any):
    """更正公示：change published fields of ``obj`` with a reason, keeping the values replaced.

    ``changes`` maps published field names to their new values. The record is locked, checked
    in full (``full_clean``: a corrected date must still be true), saved, and a
    ``PublicationCorrection`` row and an audit event record what was published before. Raises
    ``ValidationError`` keyed by field (``reason`` for a missing reason) and writes nothing.
    """
    from core.audit import record

    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if len(reason) < MIN_REASON:
        errors["reason"] = f"须填写更正理由（至少{MIN_REASON}个字），说明为何更正已公示的内容。"
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if getattr(locked, "published_on", None) is None:
        errors["published_on"] = "该记录尚未公示，直接修改即可，无需更正。"
    unknown = [name for name in changes if name not in obj.PUBLISHED_FIELDS]
    for name in unknown:
        errors[name] = "该项不是公示内容，不通过更正修改。"
    if errors:
        raise ValidationError(errors)
    diff = {}
    for name, value in changes.items():
        before = _shown(locked, name)
        attname = locked._meta.get_field(name).attname
        old = getattr(locked, attname)
        setattr(locked, name, value)
        if getattr(locked, attname) != old:
            diff[name] = {
                "label": str(locked._meta.get_field(name).verbose_name),
                "before": before,
                "after": _shown(locked, name),
            }
    if not diff:
        raise ValidationError({"reason": "更正内容与已公示的内容相同，没有需要更正的项。"})
    locked._correcting = True
    try:
        locked.full_clean()
    finally:
        locked._correcting = False
    if getattr(actor, "pk", None) and hasattr(locked, "updated_by_id"):
        locked.updated_by = actor
    locked.save()
    row = PublicationCorrection.objects.create(
        agency_id=locked.agency_id,
        content_type=ContentType.objects.get_for_model(locked),
        object_id=locked.pk,
        corrected_on=local_today(),
        reason=reason,
        changes=diff,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record("correct", locked, actor=actor, data={"reason": reason, "changes": diff})
    for name in diff:
        setattr(obj, name, getattr(locked, name))
    return row


def corrections_of(obj: models.Model):
    """The corrections of ``obj``, oldest first (its published history)."""
    return PublicationCorrection.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("id")


def notices_for(model: type[models.Model], ids) -> dict[int, str]:
    """id → the public notice of its corrections (“已更正（更正于…，理由：…）”), newest last,
    for the rows of ``model`` among ``ids`` that were corrected (one query)."""
    rows = PublicationCorrection.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    ).order_by("object_id", "id")
    notices: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        notices[row.object_id].append(row.notice)
    return {pk: "；".join(texts) for pk, texts in notices.items()}
