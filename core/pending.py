"""待办 (my pending items): what is due, due soon and overdue for a user, oldest first.

Every open ``Deadline`` is a pending item automatically: for the user it names as responsible,
else for everyone of its agency — unless the app routes the deadlines of a model to the people
who handle each record (``route_deadlines(model, records_for)``: the inspectors of an order, the
team of a task). An app with other due items registers a provider: ``register_provider(func)``
where ``func(user, today)`` returns ``PendingItem``s.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from core.calendar import get_calendar
from core.deadlines import rules
from core.models.base import user_agency
from core.models.deadlines import Deadline, DeadlineStatus

DUE_SOON_WORKING_DAYS = 5

STATE_LABELS = {"overdue": "已逾期", "due_soon": "即将到期", "open": "进行中"}


@dataclass
class PendingItem:
    title: str
    url: str
    due_on: datetime.date
    rule_label: str = ""
    provisional: bool = False
    state: str = "open"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


Provider = Callable[[Any, datetime.date], Iterable[PendingItem]]
_providers: list[Provider] = []


def register_provider(provider: Provider) -> Provider:
    _providers.append(provider)
    return provider


#: model → ``records_for(user)``: a queryset of the records whose deadlines are the user's.
_routes: dict[type, Callable[[Any], Any]] = {}


def route_deadlines(model: type, records_for: Callable[[Any], Any]) -> None:
    """Show the open deadlines of ``model``'s records only to the users who handle them:
    ``records_for(user)`` returns a queryset of those records (or ``None`` for none)."""
    _routes[model] = records_for


def deadline_items(user: Any, today: datetime.date) -> Iterable[PendingItem]:
    agency = user_agency(user)
    if agency is None:
        return []
    routed = [ContentType.objects.get_for_model(m) for m in _routes]
    mine = Q(responsible=user) | (Q(responsible__isnull=True) & ~Q(content_type__in=routed))
    for model, records_for in _routes.items():
        records = records_for(user)
        if records is not None:
            mine |= Q(
                content_type=ContentType.objects.get_for_model(model),
                responsible__isnull=True,
                object_id__in=records.values("pk"),
            )
    qs = (
        Deadline.objects.filter(agency=agency, status=DeadlineStatus.OPEN)
        .filter(mine)
        .select_related("content_type")
        .prefetch_related("target")  # one query per record type, not one per item
        .order_by("due_on")[:200]
    )
    return [
        PendingItem(
            title=d.title,
            url=d.get_absolute_url(),
            due_on=d.due_on,
            rule_label=_rule_label(d),
            provisional=d.provisional,
        )
        for d in qs
    ]


def _rule_label(d: Deadline) -> str:
    """What the 期限 column says: “20工作日”, the set date's label (“整改期限”), or the basis."""
    if d.unit == "fixed":
        return d.basis
    if d.unit == "date":
        rule = rules().get(d.rule_id)
        return rule.label if rule else d.get_unit_display()
    return f"{d.amount}{d.get_unit_display()}"


register_provider(deadline_items)


def pending_for(
    user: Any, today: datetime.date | None = None, due_soon_days: int = DUE_SOON_WORKING_DAYS
) -> list[PendingItem]:
    """Every provider's items for ``user``, classified and sorted by due date (oldest first)."""
    today = today or timezone.localdate()
    soon = get_calendar().add_working_days(today, due_soon_days).on
    items: list[PendingItem] = []
    for provider in _providers:
        items.extend(provider(user, today))
    for item in items:
        item.state = (
            "overdue" if item.due_on < today else "due_soon" if item.due_on <= soon else "open"
        )
    return sorted(items, key=lambda i: (i.due_on, i.title))


# --- 逾期: what is overdue, counted where leaders look, linked to the list of it ----------------


@dataclass(frozen=True)
class OverdueKind:
    """One kind of overdue record: its model, the clocks that make it overdue, and the list page
    (URL name) whose ``overdue`` filter shows exactly the records counted."""

    key: str
    label: str
    model: type
    rule_ids: tuple[str, ...]
    list_url: str
    unit: str = "件"


_overdue_kinds: list[OverdueKind] = []
#: model → ``flags(obj, user, today)`` returning (text, url) of the record's overdue business.
_record_flags: dict[type, Callable[[Any, Any, datetime.date], list[tuple[str, str]]]] = {}


def register_overdue(kind: OverdueKind) -> OverdueKind:
    _overdue_kinds.append(kind)
    return kind


def register_record_flags(model: type, flags: Callable[..., list[tuple[str, str]]]) -> None:
    """Overdue flags shown on ``model``'s page (an entity's overdue orders and tasks)."""
    _record_flags[model] = flags


def overdue_queryset(kind: OverdueKind, user: Any, today: datetime.date | None = None):
    """The records of ``kind`` the user sees that are overdue ``today``: what a count says and
    what its list's ``?overdue=1`` shows (the same expression, ``core.deadlines.overdue``)."""
    from core.deadlines import overdue

    today = today or timezone.localdate()
    return kind.model.objects.visible_to(user).filter(overdue(kind.model, kind.rule_ids, today))


@dataclass
class OverdueCount:
    kind: OverdueKind
    count: int
    url: str


def overdue_counts(user: Any, today: datetime.date | None = None) -> list[OverdueCount]:
    """Each registered kind of overdue record the user may list, with its count and the link to
    the filtered list (the dashboard's 逾期 card).

    One query over the ``Deadline`` rows for every kind: a deadline belongs to its record's
    agency, so the open, past-due deadlines the user sees are those of the records the user
    sees — the records the list's ``?overdue=true`` shows (``overdue_queryset``).
    """
    from django.db.models import Count
    from django.urls import reverse

    today = today or timezone.localdate()
    kinds = []
    for kind in _overdue_kinds:
        meta = kind.model._meta
        if user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
            kinds.append((kind, ContentType.objects.get_for_model(kind.model)))
    if not kinds:
        return []
    which = Q()
    for kind, ct in kinds:
        which |= Q(content_type=ct, rule_id__in=kind.rule_ids)
    rows = (
        Deadline.objects.visible_to(user)
        .filter(which, status=DeadlineStatus.OPEN, due_on__lt=today)
        .order_by()
        .values("content_type", "rule_id")
        .annotate(n=Count("object_id", distinct=True))
    )
    counts = {(r["content_type"], r["rule_id"]): r["n"] for r in rows}
    out = []
    for kind, ct in kinds:
        # A kind with one clock (each registered kind has one) counts its records exactly.
        count = sum(counts.get((ct.pk, rule), 0) for rule in kind.rule_ids)
        out.append(OverdueCount(kind, count, f"{reverse(kind.list_url)}?overdue=true"))
    return out


def record_flags(obj: Any, user: Any, today: datetime.date | None = None) -> list[tuple[str, str]]:
    flags = _record_flags.get(type(obj))
    return flags(obj, user, today or timezone.localdate()) if flags else []
