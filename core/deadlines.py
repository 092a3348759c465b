"""Statutory deadlines: the rule registry and the services that start and move clocks.

Apps register their rules once (``register_rule``) in ``<app>/rules.py`` and start a clock with
``start_deadline(obj, rule_id, start_on)``. Never ``timedelta(days=n)`` for a statutory period:
every computation goes through ``core.calendar`` with the counting rules of RULES.md §0.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from core.calendar import Due, WorkingCalendar, get_calendar
from core.models.deadlines import Deadline, DeadlineStatus, DeadlineUnit


@dataclass(frozen=True)
class DeadlineRule:
    """期限规则：法律依据、起算事件、期限和单位。

    ``fixed`` rules (``unit="fixed"``) fall on a calendar date of the year after the start, e.g.
    the annual report due "before 03-01" of Y+1: ``fixed_month_day=(3, 1)``. Whether "之前"
    includes the day itself is ``settings.FAZHI_BEFORE_INCLUDES_DAY`` (default: on or before).
    """

    id: str
    label: str
    basis: str
    start_event: str
    amount: int
    unit: str
    extension: int = 0  # the most a deadline may be extended by, in the same unit
    paused_by: tuple[str, ...] = ()
    fixed_month_day: tuple[int, int] | None = None
    configurable: bool = False  # a local default (RULES.md [L] / unconfirmed)


_rules: dict[str, DeadlineRule] = {}


def register_rule(rule: DeadlineRule) -> DeadlineRule:
    if rule.id in _rules and _rules[rule.id] != rule:
        raise ValueError(f"deadline rule {rule.id!r} registered twice with different values")
    if rule.unit not in DeadlineUnit.values:
        raise ValueError(f"unknown unit {rule.unit!r}")
    _rules[rule.id] = rule
    return rule


def get_rule(rule_id: str) -> DeadlineRule:
    try:
        return _rules[rule_id]
    except KeyError:
        raise KeyError(f"未登记的期限规则：{rule_id}") from None


def rules() -> dict[str, DeadlineRule]:
    return dict(_rules)


def compute_due(
    unit: str,
    amount: int,
    start_on: datetime.date,
    *,
    calendar: WorkingCalendar | None = None,
    fixed_month_day: tuple[int, int] | None = None,
) -> Due:
    """The due date of a period of ``amount`` ``unit`` starting on ``start_on`` (not counted)."""
    cal = calendar or get_calendar()
    if unit == DeadlineUnit.WORKING_DAYS:
        return cal.add_working_days(start_on, amount)
    if unit == DeadlineUnit.NATURAL_DAYS:
        return cal.add_natural_days(start_on, amount)
    if unit == DeadlineUnit.MONTHS:
        return cal.add_months(start_on, amount)
    if unit == DeadlineUnit.SET_DATE:
        # A date the document itself sets (the 整改期限 of an order): ``amount`` is the number of
        # days from the start to that date, kept exactly; no counting rule applies to it.
        return Due(start_on + datetime.timedelta(days=amount), False)
    if unit == DeadlineUnit.FIXED_DATE:
        if fixed_month_day is None:
            raise ValueError("a fixed-date rule needs fixed_month_day")
        month, day = fixed_month_day
        due = datetime.date(start_on.year + 1, month, day)
        if not getattr(settings, "FAZHI_BEFORE_INCLUDES_DAY", True):
            due -= datetime.timedelta(days=1)
        return Due(due, False)
    raise ValueError(f"unknown unit {unit!r}")


def _paused_amount(deadline: Deadline, cal: WorkingCalendar) -> int:
    total = 0
    for p in deadline.pauses:
        start = datetime.date.fromisoformat(p["from"])
        end = datetime.date.fromisoformat(p["to"]) if p.get("to") else None
        if end is None:
            continue
        if deadline.unit == DeadlineUnit.WORKING_DAYS:
            total += cal.working_days_between(start, end)
        else:
            total += (end - start).days
    return total


def _recompute(deadline: Deadline, cal: WorkingCalendar | None = None) -> None:
    cal = cal or get_calendar()
    rule = _rules.get(deadline.rule_id)
    amount = deadline.amount + deadline.extension
    if deadline.unit == DeadlineUnit.MONTHS:
        due = cal.add_months(deadline.start_on, amount)
        if deadline.pauses:
            due = cal.add_natural_days(due.on, _paused_amount(deadline, cal))
    else:
        due = compute_due(
            deadline.unit,
            amount + _paused_amount(deadline, cal),
            deadline.start_on,
            calendar=cal,
            fixed_month_day=rule.fixed_month_day if rule else None,
        )
    deadline.due_on, deadline.provisional = due.on, due.provisional
    deadline.calendar_version = cal.version


@transaction.atomic
def start_deadline(
    obj: Any,
    rule_id: str,
    start_on: datetime.date,
    *,
    title: str = "",
    responsible: Any = None,
    actor: Any = None,
    amount: int | None = None,
    due_on: datetime.date | None = None,
) -> Deadline:
    """Start the clock of ``rule_id`` for ``obj`` (a scoped record) from ``start_on``.

    ``amount`` overrides the rule's period only for ``configurable`` rules (local defaults).
    ``due_on`` is the date a ``SET_DATE`` rule's document sets (required for those only).
    """
    rule = get_rule(rule_id)
    if amount is not None and amount != rule.amount and not rule.configurable:
        raise ValueError(f"deadline rule {rule.id!r} is statutory; its period cannot be changed")
    amount = _set_amount(rule, start_on, due_on, amount)
    deadline = Deadline(
        agency_id=obj.agency_id,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        title=title or f"{obj}：{rule.label}",
        rule_id=rule.id,
        basis=rule.basis,
        start_event=rule.start_event,
        start_on=start_on,
        amount=rule.amount if amount is None else amount,
        unit=rule.unit,
        responsible=responsible,
        created_by=actor,
    )
    _recompute(deadline)
    deadline.save()
    return deadline


def _set_amount(
    rule: DeadlineRule, start_on: datetime.date, due_on: datetime.date | None, amount: int | None
) -> int | None:
    """The period of a ``SET_DATE`` rule: the days from ``start_on`` to the set ``due_on``."""
    if rule.unit != DeadlineUnit.SET_DATE:
        if due_on is not None:
            raise ValueError(f"deadline rule {rule.id!r} computes its due date; none may be given")
        return amount
    if due_on is None:
        raise ValueError(f"deadline rule {rule.id!r} needs the due date its document sets")
    return (due_on - start_on).days


def start_deadlines(
    model: type,
    rule_id: str,
    rows: Iterable[tuple[int, int, datetime.date, str, datetime.date | None]],
    *,
    amount: int | None = None,
) -> int:
    """Start the clock of ``rule_id`` for many records of ``model`` at once; returns how many.

    ``rows``: (agency id, object id, start date, title, set due date or None). For generated
    or migrated records and for a draw's tasks, which are written in bulk too
    (``core.bulk.insert_rows``: no signals, the caller records the batch). Due dates are
    computed once per distinct start date and period.
    """
    from core.bulk import insert_rows

    rule = get_rule(rule_id)
    cal = get_calendar()
    content_type = ContentType.objects.get_for_model(model)
    cache: dict[tuple[datetime.date, int], Due] = {}
    out = []
    for agency_id, object_id, start_on, title, due_on in rows:
        period = _set_amount(rule, start_on, due_on, amount)
        period = rule.amount if period is None else period
        key = (start_on, period)
        due = cache.get(key)
        if due is None:
            due = cache[key] = compute_due(
                rule.unit, period, start_on, calendar=cal, fixed_month_day=rule.fixed_month_day
            )
        out.append((agency_id, object_id, title[:200], start_on, period, due.on, due.provisional))
    return insert_rows(
        Deadline,
        ["agency_id", "object_id", "title", "start_on", "amount", "due_on", "provisional"],
        out,
        content_type_id=content_type.pk,
        rule_id=rule.id,
        basis=rule.basis,
        start_event=rule.start_event,
        unit=rule.unit,
        calendar_version=cal.version,
    )


def start_deadlines_for(
    queryset: Any,
    rule_id: str,
    start_on: datetime.date,
    *,
    title: Any,
    due_on: datetime.date | None = None,
) -> int:
    """Start the clock of ``rule_id`` from ``start_on`` for every record of ``queryset`` at once,
    with one ``INSERT … SELECT``: the records never travel to Python. Returns how many.

    For records written in bulk that share one start and due date (a draw's tasks). ``title``
    is an expression per record (``Concat(Value("…"), "entity__name")``), cut to 200
    characters. The rows are those ``start_deadlines`` would write.
    """
    from django.db import connection
    from django.db.models.functions import Left

    rule = get_rule(rule_id)
    cal = get_calendar()
    period = _set_amount(rule, start_on, due_on, None)
    period = rule.amount if period is None else period
    due = compute_due(
        rule.unit, period, start_on, calendar=cal, fixed_month_day=rule.fixed_month_day
    )
    content_type = ContentType.objects.get_for_model(queryset.model)
    now = timezone.now()
    fields = {f.name: f for f in Deadline._meta.concrete_fields}
    constants = {
        "content_type": content_type.pk,
        "rule_id": rule.id,
        "basis": rule.basis,
        "start_event": rule.start_event,
        "start_on": start_on,
        "amount": period,
        "unit": rule.unit,
        "due_on": due.on,
        "provisional": due.provisional,
        "calendar_version": cal.version,
        "extension": 0,
        "extension_reason": "",
        "pauses": [],
        "status": DeadlineStatus.OPEN.value,
        "created_at": now,
        "updated_at": now,
    }
    # Columns left out are nullable and stay empty (done_on, met, responsible, created_by …).
    select = {"agency": F("agency_id"), "object_id": F("pk"), "title": Left(title, 200)}
    for name, value in constants.items():
        select[name] = Value(value, output_field=fields[name])
    names = list(select)
    aliases = {f"v{i}": expr for i, expr in enumerate(select.values())}
    rows = queryset.order_by().annotate(**aliases).values_list(*aliases)
    sql, params = rows.query.sql_with_params()
    columns = ", ".join(connection.ops.quote_name(fields[n].column) for n in names)
    table = connection.ops.quote_name(Deadline._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)
        return cursor.rowcount


def close_deadlines(
    model: type,
    rule_ids: Iterable[str],
    object_ids: Any,
    done_on: datetime.date | Any,
) -> int:
    """Mark the open clocks of ``rule_ids`` of these records done on ``done_on``, in bulk.

    ``object_ids``: ids or a ``values("pk")`` queryset; ``done_on``: a date or an expression
    (``F``/``Subquery``) per row. ``met`` says whether each was on time. For a service that
    closes many records at once (publishing a plan's results) and for migrations.
    """
    open_ = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        rule_id__in=list(rule_ids),
        object_id__in=object_ids,
        status__in=[DeadlineStatus.OPEN, DeadlineStatus.PAUSED],
    )
    done = done_on if not isinstance(done_on, datetime.date) else Value(done_on)
    # Done before the clock started (a 回头看 before the 整改期限 it follows): on time, counted
    # from the start day, as ``complete_open`` does.
    done = Greatest(done, F("start_on"))
    return open_.update(
        status=DeadlineStatus.DONE,
        done_on=done,
        met=Case(When(due_on__gte=done, then=Value(True)), default=Value(False)),
        updated_at=timezone.now(),
    )


def complete_open(obj: Any, rule_id: str, done_on: datetime.date, *, actor: Any = None) -> None:
    """Complete ``obj``'s open clock of ``rule_id`` on ``done_on`` when there is one."""
    for deadline in deadlines_for(obj).filter(
        rule_id=rule_id, status__in=[DeadlineStatus.OPEN, DeadlineStatus.PAUSED]
    ):
        complete_deadline(deadline, max(done_on, deadline.start_on), actor=actor)


def overdue(model: type, rule_ids: Iterable[str], today: datetime.date, outer: str = "pk") -> Any:
    """逾期：an ``Exists`` expression, true for a record of ``model`` (``outer`` names its id
    column) with an open clock of ``rule_ids`` whose due date is before ``today``.

    Overdue is read from the ``Deadline`` rows when asked, not stored on the record: a record is
    overdue the morning after its due date without any job running, and stops being so the
    moment its clock is completed. One indexed lookup per row (``deadline_overdue_idx``).
    """
    return Exists(
        Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            rule_id__in=list(rule_ids),
            status=DeadlineStatus.OPEN,
            due_on__lt=today,
            object_id=OuterRef(outer),
        )
    )


@transaction.atomic
def move_deadline(
    deadline: Deadline,
    *,
    start_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    actor: Any = None,
) -> Deadline:
    """The record's start date (or, for a ``SET_DATE`` rule, the date its document sets) was
    corrected: derive the due date again from the rule, keeping extensions and pauses."""
    if deadline.status not in (DeadlineStatus.OPEN, DeadlineStatus.PAUSED):
        return deadline
    rule = get_rule(deadline.rule_id)
    if start_on is not None:
        if rule.unit == DeadlineUnit.SET_DATE and due_on is None:
            due_on = deadline.start_on + datetime.timedelta(days=deadline.amount)
        deadline.start_on = start_on
    if due_on is not None:
        deadline.amount = _set_amount(rule, deadline.start_on, due_on, None)
    deadline.updated_by = actor
    _recompute(deadline)
    deadline.save()
    return deadline


def deadlines_for(obj: Any):
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )


@transaction.atomic
def complete_deadline(deadline: Deadline, done_on: datetime.date, *, actor: Any = None) -> Deadline:
    """Mark the obligation fulfilled on ``done_on``; ``met`` says whether it was on time."""
    if deadline.status in (DeadlineStatus.DONE, DeadlineStatus.CANCELLED):
        raise ValidationError(
            {"status": f"该期限已{deadline.get_status_display()}，不能再次办结。"}
        )
    if done_on < deadline.start_on:
        raise ValidationError({"done_on": "完成日不能早于起算日。"})
    deadline.status = DeadlineStatus.DONE
    deadline.done_on = done_on
    deadline.met = done_on <= deadline.due_on
    deadline.updated_by = actor
    deadline.save()
    return deadline


@transaction.atomic
def extend_deadline(deadline: Deadline, amount: int, reason: str, *, actor: Any = None) -> Deadline:
    """Extend by ``amount`` (same unit), within what the rule allows, giving reasons."""
    rule = get_rule(deadline.rule_id)
    if not reason.strip():
        raise ValidationError({"extension_reason": "延长期限必须说明理由。"})
    if amount <= 0:
        raise ValidationError({"extension": "延长的期限必须大于0。"})
    if deadline.extension + amount > rule.extension:
        raise ValidationError(
            {
                "extension": (
                    f"超出法定可延长期限：{rule.label}最多可延长{rule.extension}"
                    f"{DeadlineUnit(rule.unit).label}（{rule.basis}）。"
                )
            }
        )
    deadline.extension += amount
    deadline.extension_reason = reason.strip()
    deadline.updated_by = actor
    _recompute(deadline)
    deadline.save()
    return deadline


@transaction.atomic
def pause_deadline(
    deadline: Deadline, on: datetime.date, reason: str, *, actor: Any = None
) -> Deadline:
    """Stop the clock from ``on`` (e.g. 听证, 检验检测, 鉴定 time excluded by law)."""
    rule = get_rule(deadline.rule_id)
    if rule.paused_by and reason not in rule.paused_by:
        allowed = "、".join(rule.paused_by)
        raise ValidationError({"pauses": f"{rule.label}只能因以下情形中止计算：{allowed}。"})
    if deadline.status != DeadlineStatus.OPEN:
        raise ValidationError({"status": "只有进行中的期限可以中止计算。"})
    deadline.pauses = [*deadline.pauses, {"from": on.isoformat(), "to": None, "reason": reason}]
    deadline.status = DeadlineStatus.PAUSED
    deadline.updated_by = actor
    deadline.save()
    return deadline


@transaction.atomic
def resume_deadline(deadline: Deadline, on: datetime.date, *, actor: Any = None) -> Deadline:
    if deadline.status != DeadlineStatus.PAUSED:
        raise ValidationError({"status": "该期限未处于中止计算状态。"})
    last = deadline.pauses[-1]
    if on < datetime.date.fromisoformat(last["from"]):
        raise ValidationError({"pauses": "恢复日期不能早于中止日期。"})
    deadline.pauses = [*deadline.pauses[:-1], {**last, "to": on.isoformat()}]
    deadline.status = DeadlineStatus.OPEN
    deadline.updated_by = actor
    _recompute(deadline)
    deadline.save()
    return deadline


def recompute_provisional() -> int:
    """Re-derive every open provisional deadline (after a year's holidays were entered)."""
    cal = get_calendar()
    changed = 0
    qs = Deadline.objects.filter(provisional=True).exclude(
        status__in=[DeadlineStatus.DONE, DeadlineStatus.CANCELLED]
    )
    for deadline in qs.iterator():
        before = (deadline.due_on, deadline.provisional)
        _recompute(deadline, cal)
        if (deadline.due_on, deadline.provisional) != before:
            changed += 1
        deadline.save(update_fields=["due_on", "provisional", "calendar_version", "updated_at"])
    return changed


# --- Rules that hold across apps (RULES.md §1.2, §2.1, §3.3, §9) ------------------------------

CD, WD, MO, FIXED = (
    DeadlineUnit.NATURAL_DAYS,
    DeadlineUnit.WORKING_DAYS,
    DeadlineUnit.MONTHS,
    DeadlineUnit.FIXED_DATE,
)

for _rule in [
    DeadlineRule(
        "publicity.general", "行政执法决定公示", "国办发〔2018〕118号", "作出执法决定", 20, WD
    ),
    DeadlineRule(
        "publicity.double",
        "行政许可、行政处罚双公示",
        "国办发〔2018〕118号；双公示",
        "作出许可或处罚决定",
        7,
        WD,
    ),
    DeadlineRule(
        "publicity.withdrawal",
        "撤下已变更或撤销的处罚决定",
        "行政处罚法 第48条、第85条",
        "处罚决定被变更、撤销或确认违法、无效",
        3,
        WD,
    ),
    DeadlineRule("penalty.payment", "缴纳罚款", "行政处罚法 第67条", "收到处罚决定书", 15, CD),
    DeadlineRule(
        "penalty.hearing_request", "申请听证", "行政处罚法 第64条", "送达事先告知书", 5, WD
    ),
    DeadlineRule(
        "penalty.decision",
        "作出处罚决定",
        "行政处罚法 第60条（延长须经批准；卫生健康行政处罚程序规定的延长幅度未确认，默认至多30日）",
        "立案",
        90,
        CD,
        extension=30,
    ),
    DeadlineRule(
        "penalty.preservation",
        "先行登记保存后作出处理决定",
        "行政处罚法 第56条",
        "先行登记保存",
        7,
        WD,
    ),
    DeadlineRule(
        "reconsideration.apply", "申请行政复议", "行政复议法 第20条", "知道行政行为", 60, CD
    ),
    DeadlineRule("litigation.apply", "提起行政诉讼", "行政诉讼法 第46条", "知道行政行为", 6, MO),
    DeadlineRule(
        "annual_report.submit",
        "报送法治政府建设年度报告",
        "法治政府建设与责任落实督察工作规定",
        "报告年度结束",
        0,
        FIXED,
        fixed_month_day=(3, 1),
    ),
    DeadlineRule(
        "annual_report.publish",
        "向社会公开法治政府建设年度报告",
        "法治政府建设与责任落实督察工作规定 第二十四条",
        "报告年度结束",
        0,
        FIXED,
        fixed_month_day=(4, 1),
    ),
    DeadlineRule(
        "licensing.decision",
        "作出行政许可决定",
        "行政许可法 第42条",
        "受理申请",
        20,
        WD,
        extension=10,
        paused_by=("听证", "检验", "检测", "检疫", "鉴定", "专家评审"),
    ),
]:
    register_rule(_rule)
