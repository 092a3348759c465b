"""State machine of a random-inspection task (RULES.md §4).

ASSIGNED → INSPECTED (合格 | 责令整改 | 立案) | UNABLE (停业/关闭/查无/注销 + evidence)
→ CLOSED.
A task ordered to rectify is closed after the follow-up (整改复查); the others may close at once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core import audit
from core.models.audit import AuditAction
from supervision.models import Task, TaskResult, TaskStatus, UnableReason

ASSIGNED, INSPECTED = TaskStatus.ASSIGNED, TaskStatus.INSPECTED
UNABLE, CLOSED = TaskStatus.UNABLE, TaskStatus.CLOSED


@dataclass(frozen=True)
class Rule:
    label: str
    needs: tuple[str, ...] = ()


TRANSITIONS: dict[tuple[str, str], Rule] = {
    (ASSIGNED, INSPECTED): Rule("记录检查结果", needs=("on", "result")),
    (ASSIGNED, UNABLE): Rule("登记无法检查", needs=("on", "reason", "evidence")),
    (INSPECTED, CLOSED): Rule("完结"),
    (UNABLE, CLOSED): Rule("完结"),
}


def transition(
    task: Task,
    to: str,
    *,
    actor: Any,
    on: datetime.date | None = None,
    result: str = "",
    reason: str = "",
    evidence: str = "",
) -> Task:
    """Move ``task`` to ``to``: check the pair and its guards, stamp dates, save, audit."""
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        rule = TRANSITIONS.get((task.status, to))
        if rule is None:
            raise ValidationError(
                {
                    "status": (
                        f"不能从“{TaskStatus(task.status).label}”变更为“{TaskStatus(to).label}”。"
                    )
                }
            )
        given = {"on": on, "result": result, "reason": reason, "evidence": evidence}
        missing = [n for n in rule.needs if not given[n]]
        if missing:
            names = {
                "on": "日期",
                "result": "检查结果",
                "reason": "无法检查原因",
                "evidence": "证明材料（照片、注销记录等）",
            }
            raise ValidationError({m: f"{names[m]}：{rule.label}时必填。" for m in missing})
        if on and on < task.plan.planned_on.replace(month=1, day=1):
            raise ValidationError({"on": "日期不能早于计划年度。"})
        if to == INSPECTED:
            task.result = TaskResult(result)
            task.inspected_on = on
        elif to == UNABLE:
            task.unable_reason = UnableReason(reason)
            task.inspected_on = on
        elif to == CLOSED:
            if task.result == TaskResult.RECTIFY and not evidence:
                raise ValidationError(
                    {"evidence": "责令整改的任务须在整改复查后完结：请填写复查情况。"}
                )
            task.closed_on = on or task.inspected_on
        before = task.status
        task.status = to
        task.updated_by = actor
        task.save()
        audit.record(
            AuditAction.TRANSITION,
            task,
            actor=actor,
            data={
                "from": before,
                "to": to,
                "result": task.result,
                "reason": task.unable_reason,
                "evidence": evidence,
            },
        )
    return task
