"""抽查任务状态机 (RULES §4).

    ASSIGNED ──检查──▶ INSPECTED(合格 | 责令整改 | 立案) ──▶ CLOSED
        │                    │ 责令整改
        │                    ▼
        │               REVIEWING (整改复查) ──整改到位──▶ CLOSED
        └──无法检查(停业/关闭/查无/注销 + 佐证)──▶ UNABLE ──▶ CLOSED

``TRANSITIONS`` says which role may take which step and which guards must hold; ``transition()``
is the only writer of ``Task.status``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.models import Role
from core.validators import local_today
from supervision import rules
from supervision.models import (
    Inspection,
    InspectionResult,
    RectificationStatus,
    Task,
    TaskStatus,
    UnableReason,
)

S = TaskStatus
FIELD_ROLES = (Role.INSPECTOR, Role.ADMIN, Role.LEGAL_OFFICE)


@dataclass(frozen=True)
class Rule:
    roles: tuple[str, ...]
    guards: tuple[Callable[[Task, dict], str | None], ...] = field(default_factory=tuple)


def _inspection(task: Task, data: dict) -> Inspection | None:
    insp = data.get("inspection")
    if insp is None:
        insp = task.inspections.order_by("-inspected_on", "-id").first()
    return insp


def has_inspection(task: Task, data: dict) -> str | None:
    insp = _inspection(task, data)
    if insp is None:
        return "尚无检查记录：请先登记本次检查。"
    if insp.entity_id != task.entity_id:
        return "检查记录的检查对象与任务不一致。"
    if insp.inspectors.count() < rules.MIN_INSPECTORS:
        return f"检查须由至少{rules.MIN_INSPECTORS}名执法人员实施（行政处罚法第42条）。"
    return None


def has_unable_reason(task: Task, data: dict) -> str | None:
    if data.get("reason") not in UnableReason.values:
        return "须选择无法检查的原因（停业/关闭/查无此户/注销）。"
    if not (data.get("evidence") or "").strip():
        return "须提供无法检查的佐证材料说明。"
    return None


def rectification_ordered(task: Task, data: dict) -> str | None:
    if task.result != InspectionResult.RECTIFY:
        return "仅检查结论为责令整改的任务进入整改复查。"
    return None


def no_pending_rectification(task: Task, data: dict) -> str | None:
    if task.result == InspectionResult.RECTIFY:
        return "责令整改的任务须经整改复查后完结。"
    return None


def rectifications_done(task: Task, data: dict) -> str | None:
    from supervision.models import RectificationOrder

    open_orders = RectificationOrder.objects.filter(inspection__task=task).exclude(
        status=RectificationStatus.COMPLETED
    )
    if open_orders.exists():
        return "尚有未整改到位的整改令：须回头看复查确认整改完成。"
    if not RectificationOrder.objects.filter(inspection__task=task).exists():
        return "尚未下达整改令。"
    return None


TRANSITIONS: dict[tuple[str, str], Rule] = {
    (S.ASSIGNED, S.INSPECTED): Rule(FIELD_ROLES, (has_inspection,)),
    (S.ASSIGNED, S.UNABLE): Rule(FIELD_ROLES, (has_unable_reason,)),
    (S.INSPECTED, S.REVIEWING): Rule(FIELD_ROLES, (rectification_ordered,)),
    (S.INSPECTED, S.CLOSED): Rule(FIELD_ROLES, (no_pending_rectification,)),
    (S.REVIEWING, S.CLOSED): Rule(FIELD_ROLES, (rectifications_done,)),
    (S.UNABLE, S.CLOSED): Rule(FIELD_ROLES),
}


def allowed(task: Task, user: Any) -> list[str]:
    """Targets the user may try from the task's current state (for buttons)."""
    role = getattr(user, "role", None)
    return [to for (frm, to), r in TRANSITIONS.items() if frm == task.status and role in r.roles]


def transition(
    task: Task, to: str, *, actor: Any, on: datetime.date | None = None, **data: Any
) -> Task:
    """Move ``task`` to ``to``: check the pair and the role, run guards, stamp, save, audit.

    The task's row is locked first and its state compared with the one the caller saw: of two
    people moving the same task at once, the second is told that it has changed and nothing of
    theirs is written (no lost update).
    """
    with transaction.atomic():
        if task.pk is not None:
            now = Task.objects.select_for_update().only("status").get(pk=task.pk).status
            if now != task.status:
                raise ValidationError(
                    f"该任务已由他人变更为“{TaskStatus(now).label}”，请刷新页面后再操作。"
                )
        rule = TRANSITIONS.get((task.status, to))
        if rule is None:
            raise ValidationError(
                f"不允许从“{TaskStatus(task.status).label}”变更为“{TaskStatus(to).label}”。"
            )
        if getattr(actor, "role", None) not in rule.roles:
            raise PermissionDenied("您的角色无权执行该操作。")
        problems = [msg for guard in rule.guards if (msg := guard(task, data))]
        if problems:
            raise ValidationError(problems)
        frm = task.status
        if to == S.INSPECTED:
            insp = _inspection(task, data)
            task.result = insp.result
            task.inspected_on = insp.inspected_on
        elif to == S.UNABLE:
            task.unable_reason = data["reason"]
            task.unable_evidence = data["evidence"].strip()
            task.inspected_on = on or local_today()
        elif to == S.CLOSED:
            task.closed_on = on or local_today()
        if date_errors := task.date_errors():
            raise ValidationError(date_errors)
        task.status = to
        task.updated_by = actor if getattr(actor, "pk", None) else None
        task.save()
        if to in (S.INSPECTED, S.UNABLE):  # the task's 检查截止日期 clock is done
            from core.deadlines import complete_open

            complete_open(task, rules.TASK_RULE, task.inspected_on, actor=task.updated_by)
        from core.audit import record

        record("transition", task, actor=actor, data={"from": frm, "to": to})
    return task


# --- 抽取: who may draw a plan, with whom as witness (separation of duties) ---------------------

#: The permission a role needs to create, change and draw 双随机 plans. Granted to 法规科 only
#: (``supervision/apps.py``): an inspector, who may be drawn, does not draw.
DRAW_PERMISSION = "supervision.draw_samplingplan"


def draw_duties(plan: Any, actor: Any, witness: Any) -> list[tuple[int, str]]:
    """Check who draws ``plan`` and who witnesses it; the people the draw must leave out.

    RULES §4 step 5 records the operator and the witness of every draw. Separation of duties:
    the drawer holds the 抽取 permission (a role decision, not an inspector), is a known person
    (a login linked to 人员, so that the witness can be told apart), the witness is required, is
    another active person of the plan's agency or below, and neither of them, nor the agency's
    法制审核员, is drawn as an inspector. Returns (person id, reason) pairs for the draw input
    (``draw.EXCLUDED_REASONS``); raises ``PermissionDenied`` or ``ValidationError`` (keyed
    ``witness``) otherwise. Asked by ``services.run_draw``, so the page, the API and any command
    get the same refusals.
    """
    from core.models import Person, User, user_agency

    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("抽取须由已登录的法规科人员执行。")
    if not actor.has_perm(DRAW_PERMISSION):
        role = Role(actor.role).label if getattr(actor, "role", None) in Role.values else "当前"
        raise PermissionDenied(
            f"{role}角色无权抽取双随机计划：抽取由法规科人员执行，执法人员可能被抽中，不能抽取。"
        )
    agency = user_agency(actor)
    if agency is None or agency.pk != plan.agency_id:
        raise PermissionDenied("只能抽取本机构的抽查计划。")
    drawer = actor.person if actor.person_id else None
    if drawer is None:
        raise ValidationError(
            {
                "drawn_by": "您的账号未关联人员，无法确认抽取人与见证人不是同一人："
                "请系统管理员在“用户”中关联对应人员后再抽取。"
            }
        )
    if witness is None:
        raise ValidationError({"witness": "须指定见证人（监督人）：抽取须有见证人在场并记录。"})
    if witness.pk == drawer.pk:
        raise ValidationError({"witness": "见证人不能是抽取人本人：抽取人与见证人须为不同的人。"})
    in_scope = Person.objects.in_scope(plan.agency).filter(pk=witness.pk, is_active=True)
    if not in_scope.exists():
        raise ValidationError({"witness": "见证人须为本机构或下级机构的在岗人员。"})
    excluded = [(drawer.pk, "drawer"), (witness.pk, "witness")]
    reviewers = User.objects.filter(
        role=Role.LEGAL_REVIEWER,
        is_active=True,
        person__isnull=False,
        person__agency__path__startswith=plan.agency.path,
    ).values_list("person_id", flat=True)
    excluded += [(pid, "legal_reviewer") for pid in reviewers if pid not in (drawer.pk, witness.pk)]
    return excluded


def amend_duties(plan: Any, actor: Any) -> None:
    """Check who corrects a drawn ``plan`` (抽取更正): as for the draw, a logged-in user with
    the 抽取 permission (法规科) of the plan's own agency. Raises ``PermissionDenied``."""
    from core.models import user_agency

    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("抽取更正须由已登录的法规科人员执行。")
    if not actor.has_perm(DRAW_PERMISSION):
        role = Role(actor.role).label if getattr(actor, "role", None) in Role.values else "当前"
        raise PermissionDenied(f"{role}角色无权更正抽取结果：抽取和抽取更正由法规科人员执行。")
    agency = user_agency(actor)
    if agency is None or agency.pk != plan.agency_id:
        raise PermissionDenied("只能更正本机构抽查计划的抽取结果。")
