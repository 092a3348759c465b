"""待办 from supervision: the clocks of a 双随机 task (检查截止日期) go to the inspectors of its
team, those of a 整改 order (整改期限, 回头看) to the inspectors of the inspection that issued it.

The items are the tasks' and orders' ``Deadline`` rows (``core.pending.route_deadlines``):
their due dates come from the registered rules, with 暂定 where the calendar is not known.
The other supervision clocks (a plan's 公示, an inspection's 公示) stay with everyone of the
agency, as every unrouted deadline does.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from core.pending import OverdueKind, register_overdue, register_record_flags, route_deadlines
from registry.models import SupervisedEntity
from supervision import rules
from supervision.models import Inspection, RectificationOrder, SamplingPlan, Task


def _tasks_for(user: Any):
    person_id = getattr(user, "person_id", None)
    return None if person_id is None else Task.objects.filter(team__members=person_id)


def _orders_for(user: Any):
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return None
    return RectificationOrder.objects.filter(inspection__inspectors=person_id)


route_deadlines(Task, _tasks_for)
route_deadlines(RectificationOrder, _orders_for)


# --- 逾期 (``core.pending``): counted on the dashboard, flagged on the entity's page ------------

for _kind in (
    OverdueKind(
        "rectification",
        "逾期未整改的整改令",
        RectificationOrder,
        rules.OVERDUE_RULES["supervision.rectificationorder"],
        "supervision:rectificationorder_list",
        "份",
    ),
    OverdueKind(
        "task",
        "逾期未检查的抽查任务",
        Task,
        rules.OVERDUE_RULES["supervision.task"],
        "supervision:task_list",
        "户",
    ),
    OverdueKind(
        "plan_publication",
        "逾期未公示的抽查计划",
        SamplingPlan,
        rules.OVERDUE_RULES["supervision.samplingplan"],
        "supervision:plan_list",
        "个",
    ),
    OverdueKind(
        "result_publication",
        "逾期未公示的检查结果",
        Inspection,
        rules.OVERDUE_RULES["supervision.inspection"],
        "supervision:inspection_list",
        "条",
    ),
):
    register_overdue(_kind)


def entity_flags(entity: Any, user: Any, today: datetime.date) -> list[tuple[str, str]]:
    """A unit's overdue 整改 orders and 双随机 tasks, linked to the lists filtered to them."""
    flags = []
    orders = (
        RectificationOrder.objects.visible_to(user)
        .filter(inspection__entity=entity)
        .filter(rules.overdue(RectificationOrder, today))
        .count()
    )
    if orders:
        url = reverse("supervision:rectificationorder_list")
        flags.append((f"逾期未整改 {orders}份", f"{url}?overdue=true&entity={entity.uscc}"))
    tasks = (
        Task.objects.visible_to(user)
        .filter(entity=entity)
        .filter(rules.overdue(Task, today))
        .count()
    )
    if tasks:
        url = reverse("supervision:task_list")
        flags.append((f"逾期未检查 {tasks}户", f"{url}?overdue=true&entity={entity.uscc}"))
    return flags


register_record_flags(SupervisedEntity, entity_flags)
