"""Withdrawal (撤回) of retained records: the only way such a record leaves active use."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.models.audit import AuditAction


@transaction.atomic
def withdraw(obj: Any, *, actor: Any, reason: str) -> Any:
    """Withdraw ``obj`` (a ``RetainedModel``) with a reason; recorded in the audit chain."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"withdrawal_reason": "撤回理由：必填，须说明撤回原因。"})
    if obj.withdrawn_at is not None:
        raise ValidationError({"withdrawal_reason": "该记录已于此前撤回。"})
    obj.withdrawn_at = timezone.now()
    obj.withdrawn_by = actor
    obj.withdrawal_reason = reason
    type(obj).objects.filter(pk=obj.pk).update(
        withdrawn_at=obj.withdrawn_at, withdrawn_by=actor, withdrawal_reason=reason
    )
    audit.record(AuditAction.WITHDRAW, obj, actor=actor, data={"reason": reason})
    return obj


@transaction.atomic
def delete_with_reason(obj: Any, *, reason: str) -> None:
    """Delete a row of reference data that may be deleted (a 节假日 entered in error), with the
    reason in its audit event. Records of work are never deleted: ``withdraw`` them."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "删除理由：必填，须说明删除原因。"})
    obj._audit_reason = reason
    obj.delete()
