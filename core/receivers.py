"""Audit receivers: every save and delete of an audited model, and every login, is recorded.

Audited models are all ``ScopedModel`` and ``SharedModel`` subclasses plus ``Agency`` and
``User`` — opt-out, not a register list. A snapshot of field values is taken when an instance is
loaded, so a change event records exactly the fields that changed, before → after.
``bulk_create``, ``update`` and raw SQL bypass these receivers: audited models use
``core.audit.bulk_create`` for batches.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from core import audit
from core.auth import client_ip
from core.models import Agency, ScopedModel, SharedModel, User
from core.models.audit import AuditAction

SECRET_FIELDS = {"password"}
SKIP_FIELDS = {"last_login", "updated_at", "updated_by"}


def is_audited(sender) -> bool:
    return (
        issubclass(sender, ScopedModel | SharedModel) or sender in (Agency, User)
    ) and not getattr(sender, "audit_disabled", False)


def snapshot(instance) -> dict:
    # Deferred fields (``.only()``/``.defer()``) are not read: loading them here would fetch the
    # row again, and that fetch would snapshot again, without end.
    exclude = (
        SKIP_FIELDS | set(getattr(instance, "audit_exclude", ())) | instance.get_deferred_fields()
    )
    # Encrypted personal data is recorded as a keyed digest, never in clear (core.crypto).
    return {
        f.attname: _value(f, getattr(instance, f.attname, None))
        for f in instance._meta.concrete_fields
        if f.name not in exclude and f.attname not in exclude
    }


def _value(field, value):
    return field.audit_value(value) if hasattr(field, "audit_value") else value


def _masked(values: dict) -> dict:
    return {k: ("***" if k in SECRET_FIELDS else v) for k, v in values.items()}


@receiver(post_init)
def take_snapshot(sender, instance, **kwargs):
    if is_audited(sender) and instance.pk is not None:
        instance._audit_snapshot = snapshot(instance)


@receiver(post_save)
def log_save(sender, instance, created, raw=False, **kwargs):
    if raw or not is_audited(sender):
        return
    after = snapshot(instance)
    if created:
        audit.record(AuditAction.CREATE, instance, data={"after": _masked(after)})
    else:
        before = getattr(instance, "_audit_snapshot", {})
        changed = {k for k in after if before.get(k) != after[k]}
        if not changed:
            return
        audit.record(
            AuditAction.CHANGE,
            instance,
            data={
                "before": _masked({k: before.get(k) for k in sorted(changed)}),
                "after": _masked({k: after[k] for k in sorted(changed)}),
            },
        )
    instance._audit_snapshot = after


@receiver(post_delete)
def log_delete(sender, instance, **kwargs):
    if is_audited(sender):
        data = {"before": _masked(getattr(instance, "_audit_snapshot", {}))}
        # The reason a deletion of reference data was given (``core.retention.delete_with_reason``).
        if getattr(instance, "_audit_reason", ""):
            data["reason"] = instance._audit_reason
        audit.record(AuditAction.DELETE, instance, data=data)


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    audit.record(
        AuditAction.LOGIN, user, actor=user, agency=user.agency, data={"username": user.username}
    )


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(
            AuditAction.LOGOUT,
            user,
            actor=user,
            agency=user.agency,
            data={"username": user.username},
        )


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")
    user = User.objects.filter(username=username).select_related("agency").first()
    audit.record(
        AuditAction.LOGIN_FAILED,
        user,
        actor=None,
        agency=user.agency if user else None,
        data={
            "username": username,
            "remote_addr": client_ip(request) if request else "",
        },
    )


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    user = User.objects.filter(username=username).select_related("agency").first()
    audit.record(
        AuditAction.LOCKOUT,
        user,
        actor=None,
        agency=user.agency if user else None,
        data={"username": username, "ip_address": ip_address},
    )
