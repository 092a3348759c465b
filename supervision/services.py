"""Operations that write several rows: the draw, its verification, check-in, rectification
orders and their follow-up."""

from __future__ import annotations

import datetime
import gc
import hashlib
import json
import re
import secrets
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import CharField, Max, Q, StringAgg, Value
from django.db.models.functions import Cast
from django.utils import timezone

from core.bulk import insert_rows
from core.deadlines import close_deadlines, complete_open
from core.models import Person, Region, user_agency
from core.validators import NotInFuture, date_order_error, local_today
from registry.models import NOT_SUPERVISED, RiskGrade, SupervisedEntity
from supervision import draw as algo
from supervision import rules
from supervision.models import (
    AmendmentKind,
    CheckIn,
    Conflict,
    DrawAmendment,
    Finding,
    Inspection,
    InspectionKind,
    InspectionResult,
    InspectorTeam,
    PlanStatus,
    QuotaMode,
    RectificationOrder,
    RectificationStatus,
    SamplingPlan,
    Task,
    TaskStatus,
    TeamMember,
)


def _audit(action: str, obj: Any, actor: Any, data: dict) -> None:
    from core.audit import record

    record(action, obj, actor=actor, data=data)


def _months_before(day: datetime.date, months: int) -> datetime.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    import calendar

    return day.replace(year=y, month=m, day=min(day.day, calendar.monthrange(y, m)[1]))


#: The entity fields a stratum can use (``StratumField``), in the column order of the index
#: ``entity_draw_idx`` after ``agency``: ``build_draw_input`` groups by them in that order.
DRAW_GROUP_FIELDS = ("category", "subcategory", "region_id", "credit_grade")


def build_draw_input(
    plan: SamplingPlan, seed: str, excluded: list[tuple[int, str]] | None = None
) -> algo.DrawInput:
    """Load the draw's inputs with a few set-based queries (no per-row queries).

    ``excluded``: (person id, reason) of the people the draw leaves out (``workflow.draw_duties``),
    recorded in the snapshot."""
    entities = SupervisedEntity.objects.in_scope(plan.agency).exclude(status__in=NOT_SUPERVISED)
    # The plan's 抽查事项 and 对象类别 (RULES §4: "filter the targets by item"). They are not
    # recorded in the snapshot: the entity ids they leave are, so a plan without items keeps the
    # inputs (and digest) it had before items filtered the draw.
    categories = plan.draw_categories()
    if categories is not None:
        entities = entities.filter(category__in=categories)
    if plan.subcategories:
        entities = entities.filter(subcategory__in=plan.subcategories)
    # 近期已检排除: an entity inspected (any kind, by any agency) within the plan's N months
    # before its checks begin is left out of the pool unless it is 高风险. The ids left out are
    # recorded in the snapshot (``fazhi-draw/4``) with the rule, so the pool can be accounted for.
    pool_rules: dict[str, object] = {"exclude_inspected_months": plan.exclude_inspected_months}
    left_out: dict[str, list[int]] = {}
    if plan.exclude_inspected_months:
        since = _months_before(plan.planned_on, plan.exclude_inspected_months)
        pool_rules |= {
            "inspected_from": since.isoformat(),
            "inspected_before": plan.planned_on.isoformat(),
        }
        recent = Inspection.objects.filter(
            inspected_on__gte=since, inspected_on__lt=plan.planned_on
        ).values("entity_id")
        rule = Q(id__in=recent) & ~Q(risk_grade=RiskGrade.HIGH)
        left_out["recently_inspected"] = list(
            entities.filter(rule).order_by().values_list("id", flat=True)
        )
        entities = entities.exclude(rule)
    # The database groups the entities and returns one row per group with its ids as text: a
    # few hundred rows instead of a million tuples to convert; the groups are merged into the
    # plan's strata here. The groups are the shortest prefix of the fields of the index the
    # query scans (``entity_draw_idx``: agency, category, subcategory, 片区, credit grade) that
    # holds the plan's strata: SQLite, given them in that order led by agency, reads the groups
    # off the index, whereas grouped by the plan's own strata (category and 片区 are not a
    # prefix of the index) it would sort a million rows first. PostgreSQL hashes the groups: led
    # by agency it would walk the index and fetch every row at random.
    # The order of the ids does not matter: the draw sorts the ids of each stratum.
    used = {"region_id" if f == "region" else f for f in plan.strata_by}
    restricted = plan.restrict_to_region
    if restricted:
        used.add("region_id")
    # At least one field: values() without fields would group by every column.
    fields = DRAW_GROUP_FIELDS[: max([1, *(DRAW_GROUP_FIELDS.index(f) + 1 for f in used)])]
    keys = [fields.index("region_id" if f == "region" else f) for f in plan.strata_by]
    region_at = fields.index("region_id") if restricted else None
    grouping = ["agency_id"] if connection.vendor == "sqlite" else []
    rows = (
        entities.order_by()
        .values(*grouping, *fields)
        .annotate(ids=StringAgg(Cast("id", CharField()), Value(",")))
        .values_list("ids", *fields)
    )
    strata: algo.Strata = {}
    for text, *group in rows:
        key = "|".join("" if group[i] is None else str(group[i]) for i in keys) or "*"
        ids, id_regions = strata.setdefault(key, ([], [] if restricted else None))
        ids.extend(json.loads(f"[{text}]"))  # parses integers faster than int() per id
        if id_regions is not None:  # every id of a group has the group's 片区
            id_regions.extend([group[region_at]] * (len(ids) - len(id_regions)))

    people = Person.objects.certified_on(plan.planned_on).in_scope(plan.agency)
    person_ids = list(people.values_list("id", flat=True))
    regions: dict[int, list[int]] = {pid: [] for pid in person_ids}
    if plan.restrict_to_region:
        through = Region.inspectors.through.objects.filter(person_id__in=people.values("id"))
        for rid, pid in through.values_list("region_id", "person_id"):
            regions[pid].append(rid)

    conflicts = set(Conflict.objects.in_scope(plan.agency).values_list("person_id", "entity_id"))
    # Not the same inspector as in the entity's previous random inspection (回避 of repetition).
    last = (
        Inspection.objects.in_scope(plan.agency)
        .filter(kind=InspectionKind.RANDOM, inspected_on__lt=plan.planned_on)
        .values("entity_id")
        .annotate(last=Max("inspected_on"))
    )
    last_on = {e: d for e, d in last.values_list("entity_id", "last")}
    through = Inspection.inspectors.through.objects.filter(
        inspection__kind=InspectionKind.RANDOM,
        inspection__inspected_on__lt=plan.planned_on,
        inspection__agency__path__startswith=plan.agency.path,
    ).values_list("person_id", "inspection__entity_id", "inspection__inspected_on")
    for pid, eid, day in through.iterator(chunk_size=20000):
        if last_on.get(eid) == day:
            conflicts.add((pid, eid))

    def as_text(value) -> str:
        # Counts are whole numbers; a DecimalField reads back as "1.0000".
        if plan.quota_mode == QuotaMode.COUNT:
            return str(int(Decimal(str(value))))
        return str(value)

    quotas = {"*": (plan.quota_mode, as_text(plan.quota_value))}
    for key, value in (plan.stratum_quotas or {}).items():
        quotas[str(key)] = (plan.quota_mode, as_text(value))
    return algo.DrawInput.from_strata(
        seed,
        strata,
        quotas=quotas,
        inspectors=[(pid, tuple(sorted(regions[pid]))) for pid in person_ids],
        conflicts=sorted(conflicts),
        per_target=plan.inspectors_per_target,
        cap=plan.workload_cap,
        region_restricted=plan.restrict_to_region,
        excluded=list(excluded or []),
        excluded_entities=left_out,
        pool_rules=pool_rules,
    )


@dataclass
class DrawPreview:
    """What a draw of a plan would take, for the confirmation before it (no seed, no write)."""

    #: (分层名称, 可抽对象户数, 将抽取户数)
    strata: list[tuple[str, int, int]]
    pool: int
    to_draw: int
    inspectors: int
    left_out: int
    problems: list[str]


def draw_preview(plan: SamplingPlan) -> DrawPreview:
    """The pool, per stratum the number to draw, the inspectors available and the entities the
    plan's rules leave out, as the draw would compute them now; ``problems`` names what would
    stop the draw (quotas, categories). Reads only: the draw itself recomputes everything."""
    problems = list(plan.check_stratum_quotas())
    if plan.draw_categories() == []:
        problems.append("抽查事项的对象类别与计划的对象类别没有交集，没有可抽取的检查对象。")
    if problems:
        return DrawPreview([], 0, 0, 0, 0, problems)
    inp = build_draw_input(plan, "preview")
    strata = inp.strata()
    regions = plan.stratum_regions()
    rows = []
    for key in sorted(strata):
        quota = inp.quotas.get(key) or inp.quotas.get("*")
        n = len(strata[key][0])
        rows.append((plan.stratum_label(key, regions), n, algo.quota_size(n, quota)))
    pool = sum(n for _, n, _ in rows)
    to_draw = sum(k for _, _, k in rows)
    if not to_draw:
        problems.append("没有符合条件的检查对象：请检查抽查事项、对象类别、排除规则和分层比例。")
    left_out = sum(len(ids) for ids in inp.excluded_entities.values())
    return DrawPreview(rows, pool, to_draw, len(inp.inspectors), left_out, problems)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (reference counting goes on).

    A draw over a million entities keeps a few hundred thousand small containers alive at once
    (targets, dealt inspectors, task rows) and makes no reference cycles: every few hundred of
    them the collector ran, about 300 times per draw, with full passes over all of the
    process's objects, 0.17-0.35 s of a 2.5-3 s draw. Cycles made meanwhile are collected
    after the block. A collector that was already off stays off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_draw(
    plan: SamplingPlan, *, actor: Any, seed: str | None = None, witness: Person | None = None
) -> algo.DrawResult:
    """抽取：draw targets and inspectors, save tasks, record seed/algorithm/digests.

    ``witness`` (见证人, a ``Person``) replaces the plan's; one is required, and the drawer
    (``actor``), the witness and the 法制审核员 are kept out of the inspectors drawn
    (``workflow.draw_duties``: ``PermissionDenied`` for a role that may not draw).
    Raises ``ValidationError`` (with the stratum and the reason) and saves nothing when the draw
    cannot be completed.
    """
    from supervision import workflow

    if plan.status != PlanStatus.DRAFT:
        raise ValidationError("该计划已抽取，不能重复抽取。")
    witness = witness or plan.witness
    excluded = workflow.draw_duties(plan, actor, witness)
    # Plans saved before the quotas were validated: refuse here rather than fail in the draw.
    quota_errors = plan.check_stratum_quotas()
    if quota_errors:
        raise ValidationError(quota_errors, code="invalid_quotas")
    if plan.draw_categories() == []:
        raise ValidationError(
            "抽查事项的对象类别与计划的对象类别没有交集，没有可抽取的检查对象：请调整抽查事项"
            "或对象类别。"
        )
    with _cyclic_gc_paused():
        return _draw_and_save(plan, actor=actor, seed=seed, witness=witness, excluded=excluded)


def _draw_and_save(
    plan: SamplingPlan,
    *,
    actor: Any,
    seed: str | None,
    witness: Person,
    excluded: list[tuple[int, str]],
) -> algo.DrawResult:
    """``run_draw`` after its checks: inputs, algorithm, rows, record and audit event."""
    seed = seed or secrets.token_hex(16)
    inp = build_draw_input(plan, seed, excluded)
    raw = inp.to_bytes()
    try:
        result = algo.run(inp, hashlib.sha256(raw).hexdigest())
    except algo.DrawError as exc:
        raise ValidationError(_draw_error_message(plan, exc), code="draw_failed") from exc
    if not result.targets:
        raise ValidationError(
            "没有符合条件的检查对象：请检查抽查事项、对象类别、排除规则和分层比例。"
        )
    with transaction.atomic():
        # Another draw of this plan may have been saved while this one was computed: the plan's
        # row is locked and its status read again, and the later draw is refused (nothing saved).
        if SamplingPlan.objects.select_for_update().get(pk=plan.pk).status != PlanStatus.DRAFT:
            raise ValidationError("该计划已由他人抽取，不能重复抽取：请刷新页面查看抽取结果。")
        # One team per distinct set of inspectors, numbered in order of first use: dealt
        # round-robin, tens of thousands of targets share a few hundred teams.
        numbers: dict[tuple[int, ...], int] = {}
        for t in result.targets:
            numbers.setdefault(t.inspector_ids, len(numbers) + 1)
        teams = InspectorTeam.objects.bulk_create(
            [InspectorTeam(plan=plan, number=n) for n in numbers.values()]
        )
        team_ids = {ids: team.pk for ids, team in zip(numbers, teams, strict=True)}
        TeamMember.objects.bulk_create(
            [TeamMember(team_id=team_ids[ids], person_id=pid) for ids in numbers for pid in ids]
        )
        # Plain rows instead of model instances: the draw writes tens of thousands of tasks.
        # Written in entity order (each row keeps its draw order in ``seq``): the entity's row
        # that the foreign key looks up and the index entries on the entity are then visited in
        # key order instead of at random across a million entities.
        targets = [
            (t.entity_id, t.stratum, seq, team_ids[t.inspector_ids])
            for seq, t in enumerate(result.targets, start=1)
        ]
        targets.sort(key=itemgetter(0))  # entity ids are unique: no need to compare tuples
        insert_rows(
            Task,
            ["entity_id", "stratum", "seq", "team_id"],
            targets,
            agency_id=plan.agency_id,
            plan_id=plan.pk,
        )
        start_task_deadlines(plan)
        plan.seed = seed
        plan.algorithm_version = algo.ALGORITHM_VERSION
        plan.input_digest = result.input_digest
        plan.result_digest = result.digest()
        plan.draw_inputs = zlib.compress(raw, 1)
        plan.drawn_at = timezone.now()
        plan.drawn_by = actor if getattr(actor, "pk", None) else None
        plan.witness = witness
        plan.status = PlanStatus.DRAWN
        plan.save()
        start_publication_deadline(plan, actor=actor)
        _audit(
            "draw",
            plan,
            actor,
            {
                "seed": seed,
                "algorithm": algo.ALGORITHM_VERSION,
                "input_digest": plan.input_digest,
                "result_digest": plan.result_digest,
                "targets": len(result.targets),
                "witness": witness.pk,
                "excluded": [pid for pid, _ in excluded],
            },
        )
    return result


def _draw_error_message(plan: SamplingPlan, exc: algo.DrawError) -> str:
    """The algorithm's ``DrawError`` in the user's words: the stratum by its Chinese labels
    (category, 片区 name, credit grade) and the entity by name and credit code instead of keys
    and ids. The algorithm and what it records are unchanged."""
    stratum = exc.stratum if exc.stratum == "全部" else plan.stratum_label(exc.stratum)

    def entity(match: re.Match[str]) -> str:
        row = SupervisedEntity.objects.filter(pk=int(match[1])).values_list("name", "uscc").first()
        return f"监管对象“{row[0]}”（{row[1]}）" if row else match[0]

    reason = re.sub(r"监管对象（ID (\d+)）", entity, exc.reason)
    return f"分层“{stratum}”：{reason}"


@dataclass
class Verification:
    ok: bool
    messages: list[str]


def saved_result_digest(plan: SamplingPlan) -> str:
    """The result digest of the tasks and teams saved for ``plan`` as drawn, in draw order.

    Corrections (``DrawAmendment``) are taken back: a task a correction added is left out, and
    a task whose inspectors a correction changed counts with the inspectors it was drawn with
    (the first correction's ``team_before``). The corrections themselves are checked by
    ``verify_draw``."""
    members: dict[int, list[int]] = {}
    rows = TeamMember.objects.filter(team__plan=plan).order_by("team_id", "person_id")
    for team_id, pid in rows.values_list("team_id", "person_id"):
        members.setdefault(team_id, []).append(pid)
    added: set[int] = set()
    drawn_team: dict[int, tuple[int, ...]] = {}
    for task_id, new_task_id, detail in (
        DrawAmendment.objects.filter(plan=plan)
        .order_by("number")
        .values_list("task_id", "new_task_id", "detail")
    ):
        if new_task_id is not None:
            added.add(new_task_id)
        drawn_team.setdefault(task_id, tuple(detail.get("team_before") or ()))
    tasks = Task.objects.filter(plan=plan).order_by("seq")
    if added:
        tasks = tasks.exclude(pk__in=added)
    rows = tasks.values_list("pk", "entity_id", "team_id")
    return algo.result_digest(
        (
            eid,
            drawn_team[pk]
            if pk in drawn_team
            else (tuple(members.get(team_id, ())) if team_id is not None else ()),
        )
        for pk, eid, team_id in rows.iterator(chunk_size=20_000)
    )


def verify_draw(plan: SamplingPlan) -> Verification:
    """复核抽取：re-run the recorded draw and compare with the recorded and the saved result."""
    msgs: list[str] = []
    if plan.status == PlanStatus.DRAFT or not plan.draw_inputs:
        return Verification(False, ["该计划尚未抽取。"])
    raw = zlib.decompress(bytes(plan.draw_inputs))
    inp = algo.DrawInput.from_bytes(raw)
    ok = True
    if hashlib.sha256(inp.to_bytes()).hexdigest() != plan.input_digest:
        ok = False
        msgs.append("输入快照摘要与抽取记录不符：输入数据已被改动。")
    if inp.algorithm != plan.algorithm_version:
        ok = False
        msgs.append("输入快照的算法版本与抽取记录不符。")
    if inp.seed != plan.seed:
        ok = False
        msgs.append("输入快照中的随机种子与抽取记录不符。")
    rerun = algo.run(inp, hashlib.sha256(raw).hexdigest())
    if rerun.digest() != plan.result_digest:
        ok = False
        msgs.append("按记录的种子和输入重新抽取，结果与抽取记录不一致。")
    saved = saved_result_digest(plan)
    if saved != plan.result_digest:
        ok = False
        msgs.append("数据库中的抽查任务/执法人员与抽取记录不一致：抽取结果已被改动。")
    if ok:
        msgs.append(
            f"复核一致：算法{plan.algorithm_version}，种子{plan.seed}，"
            f"{len(rerun.targets)}户，结果摘要{plan.result_digest[:16]}…"
        )
    pool_ok, pool_msgs = _verify_pool(inp)
    amend_ok, amend_msgs = _verify_amendments(plan, inp, rerun)
    return Verification(ok and pool_ok and amend_ok, msgs + pool_msgs + amend_msgs)


def _verify_pool(inp: algo.DrawInput) -> tuple[bool, list[str]]:
    """The entities the plan's rules left out of the pool (``fazhi-draw/4``): how many and by
    which rule; none of them may be in the pool."""
    if not inp.excluded_entities:
        return True, []
    pool = {eid for ids, _ in inp.strata().values() for eid in ids}
    msgs, ok = [], True
    rules_ = inp.pool_rules
    for reason, ids in sorted(inp.excluded_entities.items()):
        label = algo.EXCLUDED_ENTITY_REASONS.get(reason, reason)
        if reason == "recently_inspected" and rules_.get("inspected_from"):
            label = (
                f"{rules_['exclude_inspected_months']}个月内"
                f"（{rules_['inspected_from']}至{rules_['inspected_before']}前）已检查且非高风险"
            )
        msgs.append(f"抽取范围排除{len(ids)}户：{label}（已记录在输入快照中）。")
        if pool & set(ids):
            ok = False
            msgs.append(f"输入快照有误：被排除的对象（{label}）又在抽取范围中。")
    return ok, msgs


#: Why a correction passed over a candidate (recorded in ``DrawAmendment.detail``).
SKIP_REASONS = {
    "not_supervised": "已关闭或注销",
    "out_of_scope": "已不在本机构监管范围",
    "uncertified": "执法证无效或已不在岗",
    "conflict": "已申报回避",
}


def _snapshot(plan: SamplingPlan) -> algo.DrawInput:
    return algo.DrawInput.from_bytes(zlib.decompress(bytes(plan.draw_inputs)))


def _next_entity(
    inp: algo.DrawInput, plan: SamplingPlan, stratum: str, used: set[int]
) -> tuple[int, list[list]]:
    """The replacement target: the first entity of ``stratum`` in the draw's shuffle order not
    drawn yet and still supervised by the plan's agency; those passed over, with the reason."""
    skipped: list[list] = []
    in_scope = SupervisedEntity.objects.in_scope(plan.agency)
    try:
        order = algo.entity_order(inp, stratum)
        for eid in order:
            if eid in used:
                continue
            status = in_scope.filter(pk=eid).values_list("status", flat=True).first()
            if status is None:
                skipped.append([eid, "out_of_scope"])
            elif status in NOT_SUPERVISED:
                skipped.append([eid, "not_supervised"])
            else:
                return eid, skipped
    except KeyError:
        pass
    raise ValidationError(
        {
            "kind": f"分层“{plan.stratum_label(stratum)}”中已没有可替换的检查对象："
            "请改为取消任务，并写明理由。"
        }
    )


def _next_inspectors(
    inp: algo.DrawInput,
    plan: SamplingPlan,
    entity_id: int,
    number: int,
    avoid: set[int],
    need: int,
) -> tuple[list[int], list[list]]:
    """``need`` replacement inspectors for ``entity_id`` (correction ``number``): the first of
    ``draw.inspector_order`` not in ``avoid`` (the team as it was), holding a valid 执法证 on
    the day the checks begin or today, whichever is later, and not declared in conflict with
    the entity since the draw; those passed over, with the reason."""
    if need == 0:
        return [], []
    order = algo.inspector_order(inp, entity_id, number)
    day = max(local_today(), plan.planned_on)
    certified = set(
        Person.objects.certified_on(day).filter(pk__in=order).values_list("pk", flat=True)
    )
    declared = set(Conflict.objects.filter(entity_id=entity_id).values_list("person_id", flat=True))
    picked: list[int] = []
    skipped: list[list] = []
    for pid in order:
        if len(picked) == need:
            break
        if pid in avoid:
            continue
        if pid in declared:
            skipped.append([pid, "conflict"])
        elif pid not in certified:
            skipped.append([pid, "uncertified"])
        else:
            picked.append(pid)
    if len(picked) < need:
        raise ValidationError(
            {
                "person": f"执法人员名录库中已没有可替换的执法人员（需{need}人，可用{len(picked)}"
                "人）：请补充持证执法人员后再更正，或取消任务。"
            }
        )
    return picked, skipped


def _team_for(plan: SamplingPlan, members: list[int]) -> InspectorTeam:
    """The plan's team of exactly ``members``, or a new one numbered after the others."""
    for team in InspectorTeam.objects.filter(plan=plan, members=members[0]).prefetch_related(
        "members"
    ):
        if sorted(p.pk for p in team.members.all()) == sorted(members):
            return team
    number = (InspectorTeam.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0) + 1
    team = InspectorTeam.objects.create(plan=plan, number=number)
    TeamMember.objects.bulk_create([TeamMember(team=team, person_id=pid) for pid in members])
    return team


def amend_draw(
    task: Task,
    kind: str,
    *,
    reason: str,
    actor: Any,
    person: Person | None = None,
) -> DrawAmendment:
    """抽取更正：correct one drawn task with a recorded, audited ``DrawAmendment``.

    ``kind``: 替换检查对象 (the task is cancelled and a new task takes the next entity of its
    stratum in the draw's shuffle order, with the task's inspectors, any of them in conflict
    with the new entity replaced), 更换执法人员 (``person`` of the task's team is replaced by the
    next of ``draw.inspector_order``), or 取消任务. Only 法规科 of the plan's agency
    (``workflow.amend_duties``), only a task not yet inspected (已分派), a reason required.
    The workload cap is not applied to a replacement: one task moves at a time. Candidates
    passed over (closed, out of scope, 执法证 invalid, conflict declared since) are recorded
    with the reason, so ``verify_draw`` re-derives every correction from the snapshot. One
    transaction: a refusal writes nothing.
    """
    from supervision import workflow

    plan = task.plan
    workflow.amend_duties(plan, actor)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if kind not in AmendmentKind.values:
        errors["kind"] = "须选择更正类型：替换检查对象、更换执法人员或取消任务。"
    if not reason:
        errors["reason"] = "须填写更正理由：抽取结果只能经写明理由的更正记录改变。"
    if kind == AmendmentKind.REPLACE_INSPECTOR and person is None:
        errors["person"] = "更换执法人员须选择换下的执法人员。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = SamplingPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status == PlanStatus.DRAFT or not plan.draw_inputs:
            raise ValidationError("该计划尚未抽取，没有可更正的抽取结果。")
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.status != TaskStatus.ASSIGNED:
            raise ValidationError(
                {
                    "task": f"该任务状态为“{TaskStatus(task.status).label}”，不能更正："
                    "只有尚未检查（已分派）的任务可以更正抽取结果。"
                }
            )
        number = (plan.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
        inp = _snapshot(plan)
        team_before = (
            sorted(
                TeamMember.objects.filter(team_id=task.team_id).values_list("person_id", flat=True)
            )
            if task.team_id
            else []
        )
        detail: dict[str, Any] = {"entity_before": task.entity_id, "team_before": team_before}
        new_task = None
        user = _user(actor)
        if kind == AmendmentKind.REPLACE_INSPECTOR:
            if person.pk not in team_before:
                raise ValidationError({"person": f"{person.name}不是该任务的执法人员。"})
            picked, skipped = _next_inspectors(
                inp, plan, task.entity_id, number, set(team_before), 1
            )
            team_after = sorted([p for p in team_before if p != person.pk] + picked)
            task.team = _team_for(plan, team_after)
            task.updated_by = user
            task.save(update_fields=["team", "updated_at", "updated_by"])
            detail |= {"team_after": team_after, "skipped_people": skipped}
        else:
            _cancel_task(task, user)
            if kind == AmendmentKind.REPLACE_TARGET:
                used = set(Task.objects.filter(plan=plan).values_list("entity_id", flat=True))
                new_eid, skipped_entities = _next_entity(inp, plan, task.stratum, used)
                blocked = {int(p) for p, e in inp.conflicts if int(e) == new_eid} | set(
                    Conflict.objects.filter(entity_id=new_eid).values_list("person_id", flat=True)
                )
                kept = [p for p in team_before if p not in blocked]
                picked, skipped_people = _next_inspectors(
                    inp, plan, new_eid, number, set(team_before), len(team_before) - len(kept)
                )
                team_after = sorted(kept + picked)
                seq = (Task.objects.filter(plan=plan).aggregate(n=Max("seq"))["n"] or 0) + 1
                new_task = Task(
                    agency_id=plan.agency_id,
                    plan=plan,
                    entity_id=new_eid,
                    stratum=task.stratum,
                    seq=seq,
                    team=_team_for(plan, team_after) if team_after else None,
                    created_by=user,
                    updated_by=user,
                )
                new_task.save()
                _start_task_deadline(plan, new_task)
                detail |= {
                    "entity_after": new_eid,
                    "team_after": team_after,
                    "skipped_entities": skipped_entities,
                    "skipped_people": skipped_people,
                }
        amendment = DrawAmendment.objects.create(
            agency_id=plan.agency_id,
            plan=plan,
            number=number,
            kind=kind,
            task=task,
            new_task=new_task,
            person_out=person if kind == AmendmentKind.REPLACE_INSPECTOR else None,
            reason=reason,
            detail=detail,
            created_by=user,
            updated_by=user,
        )
        _audit(
            "draw_amend",
            plan,
            actor,
            {
                "number": number,
                "kind": kind,
                "task": task.pk,
                "new_task": new_task.pk if new_task else None,
                "reason": reason,
                **detail,
            },
        )
    return amendment


def _cancel_task(task: Task, user: Any) -> None:
    """A task taken out of the draw by a correction: 已取消, its 检查截止日期 clock cancelled."""
    from core.deadlines import deadlines_for
    from core.models.deadlines import DeadlineStatus

    task.status = TaskStatus.CANCELLED
    task.updated_by = user
    task.save(update_fields=["status", "updated_at", "updated_by"])
    for deadline in deadlines_for(task).filter(
        rule_id=rules.TASK_RULE, status__in=[DeadlineStatus.OPEN, DeadlineStatus.PAUSED]
    ):
        deadline.status = DeadlineStatus.CANCELLED
        deadline.save()


def _start_task_deadline(plan: SamplingPlan, task: Task) -> None:
    from core.deadlines import start_deadline

    start_deadline(
        task,
        rules.TASK_RULE,
        plan.planned_on,
        due_on=plan.check_ends_on,
        title=f"双随机抽查：{task.entity.name}（{plan.name}）",
    )


def amendment_text(a: DrawAmendment, names: dict[int, str] | None = None) -> str:
    """What a correction changed, in words: “A → B”, “执法人员 甲 → 乙”, “取消”."""
    names = names or {}
    d = a.detail or {}

    def who(ids) -> str:
        return "、".join(names.get(i, f"#{i}") for i in ids) or "—"

    if a.kind == AmendmentKind.REPLACE_TARGET:
        old, new = (names.get(("e", d.get(k)), "") for k in ("entity_before", "entity_after"))
        text = f"{old} → {new}"
        if d.get("team_after") != d.get("team_before"):
            text += f"；执法人员 {who(d.get('team_before', []))} → {who(d.get('team_after', []))}"
        return text
    if a.kind == AmendmentKind.REPLACE_INSPECTOR:
        out = set(d.get("team_before", [])) - set(d.get("team_after", []))
        new = set(d.get("team_after", [])) - set(d.get("team_before", []))
        return f"执法人员 {who(sorted(out))} → {who(sorted(new))}"
    return "任务取消，不替换"


def _walk(order, used: set[int], skipped: list[list], need: int) -> tuple[list[int], bool]:
    """Replay a correction's pick: the first ``need`` of ``order`` not in ``used``, passing over
    the candidates recorded as skipped; whether every recorded skip was met on the way."""
    skip = {int(i) for i, _ in skipped}
    met: set[int] = set()
    picked: list[int] = []
    if need:
        for cand in order:
            if cand in used:
                continue
            if cand in skip:
                met.add(cand)
                continue
            picked.append(cand)
            if len(picked) == need:
                break
    return picked, met == skip


def _verify_amendments(
    plan: SamplingPlan, inp: algo.DrawInput, rerun: algo.DrawResult
) -> tuple[bool, list[str]]:
    """Re-derive every correction of ``plan`` from the snapshot, in order, and compare with
    what was recorded and what is saved now. One message per correction."""
    rows = list(plan.amendments.select_related("task", "new_task", "created_by").order_by("number"))
    if not rows:
        return True, []
    ok = True
    msgs = [f"抽取更正{len(rows)}条（原抽取结果按上面复核，更正逐条按记录复现）："]
    drawn_team = {seq: t.inspector_ids for seq, t in enumerate(rerun.targets, start=1)}
    used = {t.entity_id for t in rerun.targets}
    teams: dict[int, tuple[int, ...]] = {}
    names = amendment_names(rows)
    for a in rows:
        d = a.detail or {}
        problems = []
        before = tuple(d.get("team_before") or ())
        expected_before = teams.get(a.task_id, drawn_team.get(a.task.seq))
        if expected_before is not None and tuple(expected_before) != before:
            problems.append("更正前的执法人员与抽取结果不符")
        after = tuple(d.get("team_after") or ())
        out = set(before) - set(after)
        if a.kind == AmendmentKind.REPLACE_TARGET:
            try:
                picked, met = _walk(
                    algo.entity_order(inp, a.task.stratum), used, d.get("skipped_entities", []), 1
                )
            except KeyError:
                picked, met = [], False
            if not met or picked != [d.get("entity_after")]:
                problems.append("替换对象不是按抽取顺序应得的下一户")
            if a.new_task is None or a.new_task.entity_id != d.get("entity_after"):
                problems.append("替换后的任务与更正记录不符")
            used.add(d.get("entity_after"))
            if a.new_task_id:
                teams[a.new_task_id] = after
        if a.kind in (AmendmentKind.REPLACE_TARGET, AmendmentKind.REPLACE_INSPECTOR):
            target = d.get("entity_after") if a.kind == AmendmentKind.REPLACE_TARGET else None
            target = target or a.task.entity_id
            picked, met = _walk(
                algo.inspector_order(inp, target, a.number),
                set(before),
                d.get("skipped_people", []),
                len(out),
            )
            if not met or set(picked) != set(after) - set(before):
                problems.append("替换的执法人员不是按记录顺序应得的人员")
        if a.kind == AmendmentKind.REPLACE_INSPECTOR:
            if out != {a.person_out_id}:
                problems.append("换下的执法人员与更正记录不符")
            teams[a.task_id] = after
        elif a.task.status != TaskStatus.CANCELLED:
            problems.append("被更正的任务未取消")
        line = (
            f"更正{a.number}（{timezone.localtime(a.created_at):%Y-%m-%d %H:%M}，"
            f"{a.created_by.display_name if a.created_by else '—'}）"
            f"{a.get_kind_display()}：{amendment_text(a, names)}；理由：{a.reason}"
        )
        if problems:
            ok = False
            msgs.append(f"{line}——不一致：{'；'.join(problems)}。")
        else:
            msgs.append(f"{line}——可按记录复现。")
    # What is saved now must be what the corrections left.
    for task_id, members in teams.items():
        task = Task.objects.filter(pk=task_id).values_list("team_id", flat=True).first()
        saved = tuple(
            sorted(TeamMember.objects.filter(team_id=task).values_list("person_id", flat=True))
        )
        if saved != tuple(sorted(members)):
            ok = False
            msgs.append(f"任务（ID {task_id}）的执法人员与更正记录不符：已被改动。")
    return ok, msgs


def amendment_names(rows: list[DrawAmendment]) -> dict:
    """Names for ``amendment_text``: person id → name, ("e", entity id) → entity name."""
    people: set[int] = set()
    entities: set[int] = set()
    for a in rows:
        d = a.detail or {}
        people |= set(d.get("team_before") or ()) | set(d.get("team_after") or ())
        entities |= {e for e in (d.get("entity_before"), d.get("entity_after")) if e}
    names: dict = dict(Person.objects.filter(pk__in=people).values_list("pk", "name"))
    for pk, name in SupervisedEntity.objects.filter(pk__in=entities).values_list("pk", "name"):
        names[("e", pk)] = name
    return names


def check_in(
    inspection: Inspection,
    *,
    entity_code: str,
    person_code: str,
    actor: Any,
    location: dict | None = None,
) -> CheckIn:
    """扫码入企：企业码须为检查对象的统一社会信用代码，执法证号须为本次检查的执法人员之一。

    A mismatch is refused (``ValidationError``) but the attempt is kept and audited.
    ``location`` (``latitude``, ``longitude``, ``accuracy_m``) is where the phone was, if known.
    """
    entity_code = (entity_code or "").strip().upper()
    person_code = (person_code or "").strip()
    reasons = []
    if entity_code != inspection.entity.uscc:
        reasons.append("企业码与检查对象不符")
    if not inspection.inspectors.filter(certificate_number=person_code).exists():
        reasons.append("执法证号不属于本次检查的执法人员")
    row = CheckIn.objects.create(
        agency_id=inspection.agency_id,
        inspection=inspection,
        scanned_entity_code=entity_code,
        scanned_person_code=person_code,
        accepted=not reasons,
        reason="；".join(reasons),
        **(location or {}),
    )
    _audit(
        "check_in" if not reasons else "check_in_refused",
        inspection,
        actor,
        {"entity_code": entity_code, "person_code": person_code, "reason": row.reason},
    )
    if reasons:
        raise ValidationError(f"扫码核验未通过：{'；'.join(reasons)}。")
    Inspection.objects.filter(pk=inspection.pk).update(checked_in_at=row.created_at)
    return row


def check_in_on_arrival(
    *,
    entity_code: str,
    person_code: str,
    actor: Any,
    task: Task | None = None,
    location: dict | None = None,
) -> tuple[CheckIn, Any]:
    """扫码入企 on arrival, before the inspection is recorded: the 企业码 is a unit the actor's
    agency supervises (its own or below), the 执法证号 a valid 执法证 of that scope today and, for
    a 双随机 task, the task's unit and one of its inspectors. Returns the row and the unit.

    A mismatch is refused (``ValidationError`` naming each reason) but the attempt is kept and
    audited, as ``check_in`` does. The accepted row is linked to the inspection when it is
    saved (``link_check_in``): the visit's time is the row's ``created_at``.
    """
    agency = user_agency(actor)
    if agency is None:
        raise PermissionDenied
    entity_code = (entity_code or "").strip().upper()
    person_code = (person_code or "").strip()
    today = timezone.localdate()
    entity = SupervisedEntity.objects.in_scope(agency).filter(uscc=entity_code).first()
    people = Person.objects.in_scope(agency).certified_on(today)
    person = people.filter(certificate_number=person_code).first() if person_code else None
    reasons = []
    if entity is None:
        reasons.append("企业码不是本机构监管范围内的监管对象")
    elif task is not None and task.entity_id != entity.pk:
        reasons.append(f"企业码与抽查任务的检查对象（{task.entity.name}）不符")
    if person is None:
        reasons.append("执法证号不是本机构在有效期内的执法证")
    elif task is not None and not task.inspectors.filter(pk=person.pk).exists():
        reasons.append("执法证号不属于该抽查任务的执法人员")
    with transaction.atomic():
        row = CheckIn.objects.create(
            agency=agency,
            scanned_entity_code=entity_code,
            scanned_person_code=person_code,
            accepted=not reasons,
            reason="；".join(reasons),
            **(location or {}),
        )
        _audit(
            "check_in" if not reasons else "check_in_refused",
            row,
            actor,
            {
                "entity_code": entity_code,
                "person_code": person_code,
                "task": task.pk if task else None,
                "reason": row.reason,
            },
        )
    if reasons:
        raise ValidationError(f"扫码核验未通过：{'；'.join(reasons)}。")
    return row, entity


def link_check_in(row: CheckIn, inspection: Inspection) -> None:
    """The accepted arrival check-in ``row`` becomes the inspection's: its time is the
    inspection's 扫码入企时间. Refused when it is another unit's or another day's."""
    if row.scanned_entity_code != inspection.entity.uscc:
        raise ValidationError({"entity": "检查对象与扫码入企的企业码不符：请按扫码的单位登记。"})
    if timezone.localdate(row.created_at) != inspection.inspected_on:
        raise ValidationError(
            {
                "inspected_on": (
                    f"检查日期须为扫码入企当天（{timezone.localdate(row.created_at):%Y-%m-%d}）。"
                )
            }
        )
    row.inspection = inspection
    row.save(update_fields=["inspection", "updated_at"])
    Inspection.objects.filter(pk=inspection.pk).update(checked_in_at=row.created_at)
    inspection.checked_in_at = row.created_at


def follow_up_problems(
    order: RectificationOrder,
    *,
    inspection_id: int | None,
    entity_id: int | None,
    kind: str | None,
    inspected_on: datetime.date | None,
) -> list[tuple[str | None, str]]:
    """回头看：why an inspection with these values may not review ``order``; empty when it may.

    The review is a different inspection of the order's entity, of kind 回头看, dated on or
    after the original inspection and the order's issue date, of an order not yet rectified
    (已整改). Each problem comes with the inspection's field it is about (``None``: the order
    itself), so the inspection form shows it on that field; ``record_follow_up`` refuses with
    the same messages.
    """
    problems: list[tuple[str | None, str]] = []
    first = order.inspection
    if order.status == RectificationStatus.COMPLETED:
        done = f"于{order.completed_on:%Y-%m-%d}" if order.completed_on else ""
        problems.append((None, f"整改令{order.number}已{done}整改完毕（已整改），不能再复查。"))
    if inspection_id is not None and inspection_id == first.pk:
        problems.append((None, "回头看须是另一次检查：整改令不能由下达它的检查复查。"))
    if entity_id is not None and entity_id != first.entity_id:
        problems.append(("entity", "回头看的检查对象须与整改令的检查对象一致。"))
    if kind is not None and kind != InspectionKind.FOLLOW_UP:
        label = InspectionKind(kind).label if kind in InspectionKind.values else kind
        problems.append(("kind", f"复查整改情况的检查类型须为“回头看”，不能为“{label}”。"))
    if inspected_on is not None:
        if inspected_on < first.inspected_on:
            problems.append(
                ("inspected_on", f"复查日期不能早于原检查日期（{first.inspected_on:%Y-%m-%d}）。")
            )
        elif order.issued_on and inspected_on < order.issued_on:
            problems.append(
                ("inspected_on", f"复查日期不能早于整改令下达日期（{order.issued_on:%Y-%m-%d}）。")
            )
    return problems


def record_follow_up(
    order: RectificationOrder, follow_up: Inspection, *, rectified: bool, actor: Any
) -> RectificationOrder:
    """回头看：复查整改情况，整改到位则关闭整改令；任务的整改令都已整改时完结任务。

    ``follow_up`` must pass ``follow_up_problems`` (refused with ``ValidationError`` on the
    field ``follow_up``, nothing written). The order is locked and re-read first, so two
    reviews of the same order cannot both close it. When the order's task is in 整改复查 and
    every order of the task is now 已整改, the task is closed through ``workflow.transition``
    on the review's date, in the same transaction: the page and the API leave the same state.
    """
    from supervision import workflow

    with transaction.atomic():
        locked = (
            RectificationOrder.objects.select_for_update()
            .select_related("inspection")
            .get(pk=order.pk)
        )
        problems = follow_up_problems(
            locked,
            inspection_id=follow_up.pk,
            entity_id=follow_up.entity_id,
            kind=follow_up.kind,
            inspected_on=follow_up.inspected_on,
        )
        if problems:
            raise ValidationError({"follow_up": [msg for _, msg in problems]})
        order = locked  # the row as locked: no second read
        order.follow_up = follow_up
        if rectified:
            order.status = RectificationStatus.COMPLETED
            order.completed_on = follow_up.inspected_on
        else:
            order.status = RectificationStatus.FAILED
        order.save()
        # The 回头看 is done either way; the 整改 clock only when the order is rectified (a
        # failed review leaves it running, and overdue once its date has passed).
        complete_open(order, rules.FOLLOW_UP_RULE, follow_up.inspected_on, actor=_user(actor))
        if rectified:
            complete_open(
                order, rules.RECTIFICATION_RULE, follow_up.inspected_on, actor=_user(actor)
            )
        _audit("rectification_follow_up", order, actor, {"rectified": rectified})
        task = order.inspection.task
        if task is not None:
            task.refresh_from_db()
            if (
                task.status == TaskStatus.REVIEWING
                and workflow.rectifications_done(task, {}) is None
            ):
                workflow.transition(task, TaskStatus.CLOSED, actor=actor, on=follow_up.inspected_on)
    return order


def issue_rectification(order: RectificationOrder, *, actor: Any) -> RectificationOrder:
    """下达责令整改：save ``order``; its inspection's conclusion becomes 责令整改 (unless it is
    立案) and its task moves to 整改复查.

    The task moves only from 已检查, through ``workflow.transition`` (role and guards apply); a
    立案 task stays as it is (it concludes with its case).
    One transaction: a refusal (``ValidationError`` or ``PermissionDenied``) writes nothing.
    The page (``views.rectification_add``) and the API create orders only through here.
    """
    from supervision import workflow

    insp = order.inspection
    if insp.published_on and insp.result not in (InspectionResult.RECTIFY, InspectionResult.CASE):
        # The order would turn the published 合格 into 责令整改 without a trace (core.publication).
        raise ValidationError(
            {
                "inspection": f"检查结论已于{insp.published_on:%Y-%m-%d}公示为"
                f"“{insp.get_result_display()}”：下达整改令前须先更正公示的检查结论，并说明理由。"
            }
        )
    with transaction.atomic():
        if getattr(actor, "pk", None):
            order.created_by = order.created_by or actor
            order.updated_by = actor
        if not order.number:
            order.number = _opinion_number(insp)
        order.save()
        start_rectification_deadlines(order, actor=actor)
        # 合格 (or not yet concluded) becomes 责令整改, saved so the change is in the audit
        # chain; a 立案 inspection stays 立案 (the case goes on, the order comes with it).
        if insp.result not in (InspectionResult.RECTIFY, InspectionResult.CASE):
            insp.result = InspectionResult.RECTIFY
            if getattr(actor, "pk", None):
                insp.updated_by = actor
            insp.save(update_fields=["result", "case_requested", "updated_at", "updated_by"])
        task = insp.task
        if task is not None:
            task.refresh_from_db()
            if task.status == TaskStatus.INSPECTED and task.result != InspectionResult.CASE:
                task.result = InspectionResult.RECTIFY
                workflow.transition(task, TaskStatus.REVIEWING, actor=actor)
    return order


def _opinion_number(insp: Inspection) -> str:
    """The 卫生监督意见书 number an order left without one takes: its inspection's, unless an
    order already uses it, else a new one (``core.numbering``), which the inspection takes too
    when it had none."""
    from supervision.models import OPINION

    taken = RectificationOrder.objects.filter(agency_id=insp.agency_id, number=insp.opinion_number)
    if insp.opinion_number and not taken.exists():
        return insp.opinion_number
    number = OPINION.number(insp.agency, insp.inspected_on.year)
    if not insp.opinion_number:
        insp.opinion_number = number
        insp.save(update_fields=["opinion_number", "updated_at"])
    return number


def inspect_task(inspection: Inspection, *, actor: Any) -> Task | None:
    """登记检查：a new inspection starts its 公示 clock (every kind but 双随机, RULES §2.1), and
    a new 双随机 inspection moves its task from 待检查 to 已检查.

    Called once the new inspection and its inspectors are saved, inside the caller's
    transaction: the task goes through ``workflow.transition`` (role and guards apply) and
    takes the inspection's conclusion and date. A refusal (``ValidationError`` or
    ``PermissionDenied``) rolls the inspection back too. A task already past 待检查, or an
    inspection of another kind, leaves the task as it is. The inspection page
    (``views.InspectionCreate``) and ``POST /api/supervision/inspections/`` both call it, so
    they leave the task in the same state; the task's ``transition`` action stays for a task
    whose inspection was recorded otherwise (edited onto it, or another kind).
    """
    from supervision import workflow

    start_result_publication_deadline(inspection, actor=actor)
    task = inspection.task
    if task is None or inspection.kind != InspectionKind.RANDOM:
        return task
    task.refresh_from_db()
    if task.status == TaskStatus.ASSIGNED:
        workflow.transition(task, TaskStatus.INSPECTED, actor=actor, inspection=inspection)
    return task


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def start_task_deadlines(plan: SamplingPlan) -> int:
    """Start every task's 检查截止日期 clock of a plan just drawn (in bulk, with the tasks).

    One ``INSERT … SELECT`` (``core.deadlines.start_deadlines_for``): every task of the plan
    has the plan's period, and the titles are built by the database from the entities' names."""
    from django.db.models.functions import Concat

    from core.deadlines import start_deadlines_for

    return start_deadlines_for(
        Task.objects.filter(plan=plan),
        rules.TASK_RULE,
        plan.planned_on,
        due_on=plan.check_ends_on,
        title=Concat(
            Value("双随机抽查："),
            "entity__name",
            Value(f"（{plan.name}）"),
            output_field=CharField(),
        ),
    )


def start_rectification_deadlines(order: RectificationOrder, *, actor: Any = None) -> None:
    """下达整改令：the 整改期限 the order sets, and the 回头看 due after it."""
    from core.deadlines import start_deadline

    entity = order.inspection.entity.name
    start_deadline(
        order,
        rules.RECTIFICATION_RULE,
        order.issued_on,
        due_on=order.due_on,
        title=f"整改期限：{entity}（{order.number}）",
        actor=_user(actor),
    )
    start_deadline(
        order,
        rules.FOLLOW_UP_RULE,
        order.due_on,
        amount=rules.follow_up_working_days(),
        title=f"整改复查（回头看）：{entity}（{order.number}）",
        actor=_user(actor),
    )


def reschedule_rectification(order: RectificationOrder, *, actor: Any = None) -> None:
    """An order's 下达日期 or 整改期限 was changed: its open clocks follow (the 整改期限 to the
    new date, the 回头看 from it)."""
    from core.deadlines import deadlines_for, move_deadline

    for d in deadlines_for(order).filter(
        rule_id__in=[rules.RECTIFICATION_RULE, rules.FOLLOW_UP_RULE]
    ):
        if d.rule_id == rules.RECTIFICATION_RULE:
            move_deadline(d, start_on=order.issued_on, due_on=order.due_on, actor=_user(actor))
        else:
            move_deadline(d, start_on=order.due_on, actor=_user(actor))


def start_result_publication_deadline(inspection: Inspection, *, actor: Any = None):
    """登记检查：its result is to be published within 20 working days (RULES §2.1); a 双随机
    result goes with its plan's 公示 instead."""
    from core.deadlines import start_deadline

    if inspection.kind == InspectionKind.RANDOM or inspection.published_on:
        return None
    return start_deadline(
        inspection,
        rules.RESULT_PUBLICATION_RULE,
        inspection.inspected_on,
        title=f"公示检查结果：{inspection.entity.name}（{inspection.inspected_on:%Y-%m-%d}）",
        actor=_user(actor),
    )


def start_publication_deadline(plan: SamplingPlan, *, actor: Any = None):
    """Start the 公示 clock (RULES §4): N working days after the check period ends."""
    from core.deadlines import start_deadline

    return start_deadline(
        plan,
        rules.PUBLICATION_RULE,
        plan.check_ends_on,
        title=f"{plan.name}：公示抽查结果",
        actor=actor if getattr(actor, "pk", None) else None,
        amount=rules.publication_working_days(),
    )


def publication_deadline(plan: SamplingPlan):
    from core.deadlines import deadlines_for

    return deadlines_for(plan).filter(rule_id=rules.PUBLICATION_RULE).first()


def publish_plan(plan: SamplingPlan, *, on: datetime.date, actor: Any) -> None:
    """公示：计划、抽取结果和检查结果在同一天公示；公示期限随之办结。"""
    from core.deadlines import complete_deadline
    from core.models.deadlines import DeadlineStatus

    if plan.status not in (PlanStatus.DRAWN, PlanStatus.PUBLISHED):
        raise ValidationError({"status": "计划尚未抽取，不能公示。"})
    # 公示日期 is a date of work done: not after today, not before the draw, and only the
    # results checked by then are published with it (never a 公示日期 before the 检查日期).
    try:
        NotInFuture("公示日期")(on)
    except ValidationError as exc:
        raise ValidationError({"published_on": exc.messages}) from exc
    if plan.drawn_at and (msg := date_order_error("公示日期", on, "抽取时间", plan.drawn_at)):
        raise ValidationError({"published_on": msg})
    with transaction.atomic():
        deadline = publication_deadline(plan)
        if deadline is not None and deadline.status == DeadlineStatus.OPEN:
            # Published before the check period ended: on time; core counts from the start day.
            complete_deadline(deadline, max(on, deadline.start_on), actor=actor)
        plan.published_on = plan.published_on or on
        plan.status = PlanStatus.PUBLISHED
        plan.save(update_fields=["published_on", "status", "updated_at"])
        Task.objects.filter(plan=plan, published_on__isnull=True, inspected_on__lte=on).update(
            published_on=on
        )
        Inspection.objects.filter(
            task__plan=plan, published_on__isnull=True, inspected_on__lte=on
        ).update(published_on=on)
        _audit("publish", plan, actor, {"published_on": on.isoformat()})


# --- 日常监督检查结果公示 (RULES §2.1 事后: 执法机关、对象、类别、结论, ≤20 working days) ---------


def publishable_inspections(user: Any):
    """The user's inspections whose result is still to be published: every kind but 双随机
    (published with its plan), in the agencies the user may change."""
    return (
        Inspection.objects.editable_by(user)
        .filter(published_on__isnull=True)
        .exclude(kind=InspectionKind.RANDOM)
    )


def publish_inspections(
    inspections, *, on: datetime.date, actor: Any, today: datetime.date | None = None
) -> int:
    """公示检查结果：publish the results of ``inspections`` (those ``publishable_inspections``
    of ``actor`` holds, inspected on or before ``on``) on the day ``on``; returns how many.

    One audit event per call names every inspection published. A publication date in the
    future, or before the inspection, is refused (``ValidationError`` on ``published_on``)."""
    today = today or timezone.localdate()
    if on > today:
        raise ValidationError(
            {
                "published_on": f"公示日期不能晚于今天（{today:%Y-%m-%d}）："
                "已完成的工作不能填写将来的日期。"
            }
        )
    allowed = publishable_inspections(actor).filter(inspected_on__lte=on)
    with transaction.atomic():
        ids = list(
            allowed.filter(pk__in=inspections.values("pk"))
            .select_for_update(of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        Inspection.objects.filter(pk__in=ids, published_on__isnull=True).update(published_on=on)
        close_deadlines(Inspection, [rules.RESULT_PUBLICATION_RULE], ids, on)
        _audit(
            "publish",
            user_agency(actor),
            actor,
            {"published_on": on.isoformat(), "count": len(ids), "inspections": ids},
        )
    return len(ids)


# --- 更正公示: published means published -----------------------------------------------------


def correct_inspection(
    inspection: Inspection, changes: dict[str, Any], *, reason: str, actor: Any
) -> Any:
    """更正已公示的检查结果：a new version with a reason (``core.publication.correct``).

    A 双随机 inspection's task carries the published result and date (the portal prints the
    task): they follow the correction in the same transaction.
    """
    from core.publication import correct

    with transaction.atomic():
        row = correct(inspection, changes, reason=reason, actor=actor)
        inspection.refresh_from_db()
        if inspection.task_id and inspection.kind == InspectionKind.RANDOM:
            Task.objects.filter(pk=inspection.task_id, published_on__isnull=False).update(
                result=inspection.result, inspected_on=inspection.inspected_on
            )
    return row


def correct_plan(plan: SamplingPlan, changes: dict[str, Any], *, reason: str, actor: Any) -> Any:
    """更正已公示的抽查计划（名称、年度、任务来源、联合抽查部门）, with a reason."""
    from core.publication import correct

    return correct(plan, changes, reason=reason, actor=actor)


def requirements_from_findings(inspection: Inspection) -> str:
    """整改要求 as the 卫生监督意见书 would first read: one numbered line per 检查要点 found not met
    (不符合), with what was found, for the inspector to complete. Empty without such findings."""
    failed = (
        inspection.items.filter(compliant=False)
        .select_related("point")
        .order_by("point__order", "pk")
    )
    lines = []
    for number, finding in enumerate(failed, start=1):
        text = finding.point.text if finding.point_id else "检查发现"
        note = f"：{finding.note}" if finding.note else ""
        lines.append(f"{number}. {text}{note}")
    return "\n".join(lines)


def record_findings(inspection: Inspection, rows: list[dict], *, actor: Any) -> int:
    """逐项检查结论: replace the inspection's findings with ``rows`` (``point``, ``compliant``,
    ``note``), the page and the API alike, with one audit event holding the findings before and
    after — the rows themselves are rewritten in bulk, which the audit receivers do not see."""

    def summary(findings) -> list[dict]:
        return [
            {"point": f.point_id, "compliant": f.compliant, "note": f.note}
            for f in sorted(findings, key=lambda f: f.point_id or 0)
        ]

    with transaction.atomic():
        before = summary(inspection.items.all())
        inspection.items.all().delete()
        made = Finding.objects.bulk_create([Finding(inspection=inspection, **r) for r in rows])
        _audit(
            "checklist",
            inspection,
            actor,
            {
                "points": len(made),
                "failed": sum(not f.compliant for f in made),
                "previous": before,
                "results": summary(made),
            },
        )
    return len(made)


# --- Clocks of records written in bulk (demo, data migration) --------------------------------


def backfill_deadlines(agency_ids: list[int] | None = None) -> dict[str, int]:
    """Start the clocks that records written without the services lack, and complete the ones
    whose work is done, as the services would have: each task's 检查截止日期 (done when
    inspected or written off), each inspection's 公示 (every kind but 双随机; done when
    published), each order's 整改期限 (done when rectified) and 回头看 (done on its follow-up),
    each drawn plan's 公示 (done when published). Idempotent: a record that has a clock of a
    rule keeps it. For the demo (``core.bulk`` rows) and the data migration of existing
    records; one statement per clock and step, so a city's records take seconds.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Exists, OuterRef, Subquery

    from core.deadlines import start_deadlines
    from core.models.deadlines import Deadline

    def scoped(qs):
        return qs if agency_ids is None else qs.filter(agency_id__in=agency_ids)

    def lacking(qs, rule_id):
        has = Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(qs.model),
            rule_id=rule_id,
            object_id=OuterRef("pk"),
        )
        return scoped(qs).filter(~Exists(has))

    def done_on(model, field):
        return Subquery(model.objects.filter(pk=OuterRef("object_id")).values(field)[:1])

    started = {}
    tasks = lacking(Task.objects.exclude(plan__status=PlanStatus.DRAFT), rules.TASK_RULE)
    rows = tasks.values_list(
        "agency_id", "pk", "plan__planned_on", "entity__name", "plan__name", "plan__check_ends_on"
    )
    started["tasks"] = start_deadlines(
        Task,
        rules.TASK_RULE,
        (
            (a, pk, start, f"双随机抽查：{name}（{plan}）", due)
            for a, pk, start, name, plan, due in rows.iterator(chunk_size=20_000)
        ),
    )
    close_deadlines(
        Task,
        [rules.TASK_RULE],
        scoped(Task.objects.filter(inspected_on__isnull=False)).values("pk"),
        done_on(Task, "inspected_on"),
    )
    visits = lacking(
        Inspection.objects.exclude(kind=InspectionKind.RANDOM), rules.RESULT_PUBLICATION_RULE
    )
    rows = visits.values_list("agency_id", "pk", "inspected_on", "entity__name")
    started["inspections"] = start_deadlines(
        Inspection,
        rules.RESULT_PUBLICATION_RULE,
        (
            (a, pk, day, f"公示检查结果：{name}（{day:%Y-%m-%d}）", None)
            for a, pk, day, name in rows.iterator(chunk_size=20_000)
        ),
    )
    close_deadlines(
        Inspection,
        [rules.RESULT_PUBLICATION_RULE],
        scoped(Inspection.objects.filter(published_on__isnull=False)).values("pk"),
        done_on(Inspection, "published_on"),
    )
    orders = RectificationOrder.objects.all()
    fields = ("agency_id", "pk", "issued_on", "due_on", "inspection__entity__name", "number")
    rows = lacking(orders, rules.RECTIFICATION_RULE).values_list(*fields)
    started["rectifications"] = start_deadlines(
        RectificationOrder,
        rules.RECTIFICATION_RULE,
        (
            (a, pk, issued, f"整改期限：{name}（{number}）", due)
            for a, pk, issued, due, name, number in rows.iterator(chunk_size=20_000)
        ),
    )
    rows = lacking(orders, rules.FOLLOW_UP_RULE).values_list(*fields)
    start_deadlines(
        RectificationOrder,
        rules.FOLLOW_UP_RULE,
        (
            (a, pk, due, f"整改复查（回头看）：{name}（{number}）", None)
            for a, pk, issued, due, name, number in rows.iterator(chunk_size=20_000)
        ),
        amount=rules.follow_up_working_days(),
    )
    close_deadlines(
        RectificationOrder,
        [rules.RECTIFICATION_RULE],
        scoped(orders.filter(status=RectificationStatus.COMPLETED)).values("pk"),
        done_on(RectificationOrder, "completed_on"),
    )
    close_deadlines(
        RectificationOrder,
        [rules.FOLLOW_UP_RULE],
        scoped(orders.filter(follow_up__isnull=False)).values("pk"),
        done_on(RectificationOrder, "follow_up__inspected_on"),
    )
    plans = lacking(SamplingPlan.objects.exclude(status=PlanStatus.DRAFT), rules.PUBLICATION_RULE)
    for plan in plans:
        start_publication_deadline(plan)
    close_deadlines(
        SamplingPlan,
        [rules.PUBLICATION_RULE],
        scoped(SamplingPlan.objects.filter(published_on__isnull=False)).values("pk"),
        done_on(SamplingPlan, "published_on"),
    )
    return started
