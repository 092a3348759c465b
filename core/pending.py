"""待办 (my pending items): what is due, due soon and overdue for a user, oldest first.

Every open ``Deadline`` is a pending item automatically. An app with other due items registers
a provider: ``register_provider(func)`` where ``func(user, today)`` returns ``PendingItem``s.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from core.calendar import get_calendar
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


def deadline_items(user: Any, today: datetime.date) -> Iterable[PendingItem]:
    agency = user_agency(user)
    if agency is None:
        return []
    qs = (
        Deadline.objects.filter(agency=agency, status=DeadlineStatus.OPEN)
        .filter(Q(responsible=user) | Q(responsible__isnull=True))
        .select_related("content_type")
        .prefetch_related("target")  # one query per record type, not one per item
        .order_by("due_on")[:200]
    )
    return [
        PendingItem(
            title=d.title,
            url=d.get_absolute_url(),
            due_on=d.due_on,
            rule_label=f"{d.amount}{d.get_unit_display()}" if d.unit != "fixed" else d.basis,
            provisional=d.provisional,
        )
        for d in qs
    ]


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
