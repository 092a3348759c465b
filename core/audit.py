"""The audit chain (审计链): the only writer of ``AuditEvent``, and its verifier.

Each event stores the SM3 hash (GB/T 32905, via ``cryptography``) of its canonical content,
which includes the previous event's hash, so editing, deleting or inserting any event breaks every
link after it. Appends lock the single ``AuditChainHead`` row inside the caller's transaction:
two concurrent writers are serialised and can never link to the same previous event (``prev_hash``
is also unique in the database as a backstop).

CRUD of every ``ScopedModel`` (and of ``Agency`` and ``User``) is recorded automatically by
``core.receivers``; transitions, draws, exports, logins and submissions call ``record()``
explicitly, in the same transaction as the change they describe.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives import hashes
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from core.context import current_request
from core.models.audit import AuditAction, AuditChainHead, AuditEvent

GENESIS = "0" * 64


def sm3_hex(data: bytes) -> str:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def canonical(event: AuditEvent) -> bytes:
    """The exact bytes that are hashed: every stored field except the hash itself."""
    ct = event.content_type
    payload = {
        "seq": event.seq,
        "created_at": event.created_at.astimezone(datetime.UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "agency_id": event.agency_id,
        "action": event.action,
        "content_type": f"{ct.app_label}.{ct.model}" if ct else None,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "changes": event.changes,
        "request_id": event.request_id,
        "remote_addr": event.remote_addr,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def record(
    action: str,
    obj: models.Model | None,
    *,
    actor: Any = None,
    data: dict | None = None,
    agency: Any = None,
) -> AuditEvent:
    """Append one event. Call inside the transaction of the change it describes."""
    ctx = current_request.get()
    if actor is None and ctx is not None and getattr(ctx.user, "is_authenticated", False):
        actor = ctx.user
    if agency is None and obj is not None:
        agency = getattr(obj, "agency", None)
        if agency is None and obj.__class__.__name__ == "Agency":
            agency = obj
    if agency is None and actor is not None:
        agency = getattr(actor, "agency", None)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=getattr(actor, "username", "") or (data or {}).get("username", ""),
            agency=agency,
            action=str(action),
            content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            changes=_jsonable(data or {}),
            request_id=ctx.request_id if ctx else "",
            remote_addr=ctx.remote_addr if ctx else "",
            prev_hash=head.hash,
        )
        event.hash = sm3_hex(canonical(event))
        event.save()
        AuditChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


def bulk_create(
    model: type[models.Model],
    objs: list,
    *,
    actor: Any = None,
    batch_size: int = 2000,
    note: str = "",
) -> list:
    """``bulk_create`` for audited models: one ``bulk_create`` event per agency with the count."""
    with transaction.atomic():
        created = model.objects.bulk_create(objs, batch_size=batch_size)
        per_agency: dict[Any, int] = {}
        for o in created:
            key = getattr(o, "agency_id", None)
            per_agency[key] = per_agency.get(key, 0) + 1
        for agency_id, count in per_agency.items():
            record(
                AuditAction.BULK_CREATE,
                None,
                actor=actor,
                agency=None if agency_id is None else _agency(agency_id),
                data={"model": model._meta.label, "count": count, "note": note},
            )
    return created


def _agency(pk: int):
    from core.models import Agency

    return Agency.objects.get(pk=pk)


@dataclass
class Break:
    seq: int
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"事件 #{self.seq}" + (f"（id={self.event_id}）" if self.event_id else "")
        return f"{where}：{self.reason}"


def verify(batch: int = 5000) -> tuple[int, Break | None]:
    """Walk the chain in order; return (events checked, first break or None)."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    last_seq = 0
    qs = AuditEvent.objects.select_related("content_type").order_by("seq")
    while True:
        chunk = list(qs.filter(seq__gt=last_seq)[:batch])
        if not chunk:
            break
        for event in chunk:
            if event.seq != expected_seq:
                return checked, Break(
                    expected_seq, None, f"缺失（下一条为 #{event.seq}），事件被删除"
                )
            if event.prev_hash != prev_hash:
                return checked, Break(event.seq, event.pk, "上一事件哈希不符，链接被破坏")
            if sm3_hex(canonical(event)) != event.hash:
                return checked, Break(event.seq, event.pk, "内容与哈希不符，记录被篡改")
            prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
            last_seq = event.seq
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != checked or head.hash != prev_hash):
        return checked, Break(
            checked + 1, None, f"链尾缺失：链头记录为 #{head.seq}，实际只有 {checked} 条"
        )
    return checked, None


def history(obj: models.Model):
    """Events about one record, newest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
