"""待办 from supervision: an inspector's random tasks still to inspect, and the 整改 orders of
their inspections still waiting for the 回头看 (``core.pending`` provider)."""

from __future__ import annotations

import datetime
from typing import Any

from core.pending import PendingItem, register_provider
from supervision.models import RectificationOrder, RectificationStatus, Task, TaskStatus

LIMIT = 200


@register_provider
def inspector_items(user: Any, today: datetime.date) -> list[PendingItem]:
    """Tasks of the teams the user's person is in, due by the plan's 检查截止日期; open orders of
    inspections they took part in, due on the order's 整改期限 (then the 回头看 is due)."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    tasks = (
        Task.objects.filter(team__members=person_id, status=TaskStatus.ASSIGNED)
        .select_related("entity", "plan")
        .order_by("plan__check_ends_on", "pk")[:LIMIT]
    )
    orders = (
        RectificationOrder.objects.filter(
            inspection__inspectors=person_id, status=RectificationStatus.OPEN
        )
        .select_related("inspection__entity")
        .order_by("due_on", "pk")
        .distinct()[:LIMIT]
    )
    items = [
        PendingItem(
            title=f"双随机抽查：{t.entity.name}（{t.plan.name}）",
            url=t.get_absolute_url(),
            due_on=t.plan.check_ends_on,
            rule_label="检查截止日期",
        )
        for t in tasks
    ]
    items += [
        PendingItem(
            title=f"整改复查（回头看）：{o.inspection.entity.name}（{o.number}）",
            url=o.get_absolute_url(),
            due_on=o.due_on,
            rule_label="整改期限",
        )
        for o in orders
    ]
    return items
