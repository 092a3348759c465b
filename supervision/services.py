"""Running and verifying a 双随机 draw against the database."""

from __future__ import annotations

import gzip
import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.models import Person, Region
from core.models.audit import AuditAction
from registry.models import EntityStatus, SupervisedEntity
from supervision import draw as algorithm
from supervision.models import Conflict, PlanStatus, SamplingPlan, Task

EXCLUDED_STATUSES = (EntityStatus.CLOSED, EntityStatus.DEREGISTERED)


@dataclass
class Inputs:
    targets: list[algorithm.Target]
    inspectors: list[algorithm.Inspector]
    conflicts: set[tuple[int, int]]
    quotas: dict[str, algorithm.Quota]
    labels: dict[str, str]


def load_inputs(plan: SamplingPlan) -> Inputs:
    """Eligible targets per stratum, certified inspectors, declared conflicts — in a few queries."""
    strata = list(plan.strata.all())
    if not strata:
        raise ValidationError({"strata": "计划没有分层：请至少添加一个抽查类别及比例或户数。"})
    quotas, labels = {}, {}
    for s in strata:
        quotas[s.key] = (
            algorithm.Quota(count=s.count)
            if s.count is not None
            else algorithm.Quota(proportion=float(s.proportion) / 100)
        )
        labels[s.key] = s.label
    # Previous random inspectors of each entity: the team of its latest task in earlier plans.
    previous: dict[int, tuple[int, ...]] = {}
    latest = (
        Task.inspectors.through.objects.filter(task__agency=plan.agency)
        .exclude(task__plan=plan)
        .order_by("task__entity_id", "-task__plan_id")
        .values_list("task__entity_id", "task__plan_id", "person_id")
    )
    seen_plan: dict[int, int] = {}
    for entity_id, plan_id, person_id in latest.iterator(chunk_size=5000):
        if seen_plan.setdefault(entity_id, plan_id) == plan_id:
            previous[entity_id] = (*previous.get(entity_id, ()), person_id)
    rows = (
        SupervisedEntity.objects.filter(agency=plan.agency)
        .exclude(status__in=EXCLUDED_STATUSES)
        .values_list("id", "category", "subcategory", "credit_grade", "region_id")
    )
    targets = []
    for pk, cat, sub, credit, region in rows.iterator(chunk_size=10_000):
        for key in (f"{cat}|{sub}|{credit}", f"{cat}|{sub}|", f"{cat}||{credit}", f"{cat}||"):
            if key in quotas:
                targets.append(algorithm.Target(pk, key, region, previous.get(pk, ())))
                break
    region_ids: dict[int, set[int]] = {}
    for region_id, person_id in Region.inspectors.through.objects.filter(
        region__agency=plan.agency
    ).values_list("region_id", "person_id"):
        region_ids.setdefault(person_id, set()).add(region_id)
    inspectors = [
        algorithm.Inspector(pk, frozenset(region_ids.get(pk, ())))
        for pk in Person.objects.filter(agency=plan.agency)
        .certified_on(plan.planned_on)
        .values_list("id", flat=True)
    ]
    conflicts = set(
        Conflict.objects.filter(agency=plan.agency).values_list("person_id", "entity_id")
    )
    return Inputs(targets, inspectors, conflicts, quotas, labels)


def _snapshot(inputs: Inputs) -> bytes:
    data = {
        "targets": [
            [t.id, t.stratum, t.region_id, list(t.previous_inspectors)] for t in inputs.targets
        ],
        "inspectors": [[i.id, sorted(i.region_ids)] for i in inputs.inspectors],
        "conflicts": sorted(inputs.conflicts),
    }
    return gzip.compress(json.dumps(data, separators=(",", ":")).encode(), compresslevel=6)


def _from_snapshot(blob: bytes, plan: SamplingPlan) -> Inputs:
    data = json.loads(gzip.decompress(bytes(blob)))
    quotas, labels = {}, {}
    for s in plan.strata.all():
        quotas[s.key] = (
            algorithm.Quota(count=s.count)
            if s.count is not None
            else algorithm.Quota(proportion=float(s.proportion) / 100)
        )
        labels[s.key] = s.label
    return Inputs(
        [algorithm.Target(t[0], t[1], t[2], tuple(t[3])) for t in data["targets"]],
        [algorithm.Inspector(i[0], frozenset(i[1])) for i in data["inspectors"]],
        {tuple(c) for c in data["conflicts"]},
        quotas,
        labels,
    )


def _run(plan: SamplingPlan, inputs: Inputs, seed: str) -> algorithm.DrawResult:
    return algorithm.draw(
        seed,
        inputs.targets,
        inputs.inspectors,
        inputs.quotas,
        conflicts=inputs.conflicts,
        per_target=plan.per_target,
        max_load=plan.max_load,
        restrict_region=plan.restrict_region,
        stratum_labels=inputs.labels,
    )


def run_draw(
    plan: SamplingPlan, *, actor: Any, seed: str | None = None, witness: str = ""
) -> algorithm.DrawResult:
    """Draw targets and inspectors, save the tasks and the draw record, all or nothing."""
    with transaction.atomic():
        plan = SamplingPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PlanStatus.DRAFT:
            raise ValidationError({"status": "该计划已抽取，不能重复抽取；如需核对请使用复核。"})
        inputs = load_inputs(plan)
        seed = seed or secrets.token_hex(16)
        try:
            result = _run(plan, inputs, seed)
        except algorithm.DrawError as exc:
            raise ValidationError({"strata": str(exc)}) from exc
        stratum_of = {t.id: inputs.labels[t.stratum] for t in inputs.targets}
        tasks = [
            Task(
                agency=plan.agency,
                plan=plan,
                entity_id=a.target_id,
                stratum=stratum_of[a.target_id],
                created_by=actor,
            )
            for a in result.assignments
        ]
        tasks = audit.bulk_create(Task, tasks, actor=actor, note=f"抽查计划 {plan.pk}")
        through = Task.inspectors.through
        through.objects.bulk_create(
            [
                through(task_id=task.pk, person_id=pid)
                for task, a in zip(tasks, result.assignments, strict=True)
                for pid in a.inspector_ids
            ],
            batch_size=5000,
        )
        plan.status = PlanStatus.DRAWN
        plan.seed, plan.algorithm, plan.input_digest = seed, result.algorithm, result.input_digest
        plan.inputs_snapshot = _snapshot(inputs)
        plan.drawn_at = timezone.now()
        plan.witness = witness or plan.witness
        plan.updated_by = actor
        plan.save()
        audit.record(
            AuditAction.DRAW,
            plan,
            actor=actor,
            data={
                "seed": seed,
                "algorithm": result.algorithm,
                "input_digest": result.input_digest,
                "targets": len(result.assignments),
                "witness": plan.witness,
            },
        )
    return result


@dataclass
class Verification:
    ok: bool
    message: str


def verify_draw(plan: SamplingPlan) -> Verification:
    """Re-run the recorded draw on its recorded inputs; compare with the saved tasks."""
    plan = SamplingPlan.objects.get(pk=plan.pk)  # the record as stored, not a caller's copy
    if plan.status == PlanStatus.DRAFT or not plan.inputs_snapshot:
        return Verification(False, "该计划尚未抽取。")
    inputs = _from_snapshot(plan.inputs_snapshot, plan)
    result = _run(plan, inputs, plan.seed)
    if result.input_digest != plan.input_digest:
        return Verification(False, "输入快照与记录的输入摘要不符：抽取记录可能被改动。")
    saved = {}
    for task_id, entity_id in Task.objects.filter(plan=plan).values_list("id", "entity_id"):
        saved[task_id] = [entity_id, []]
    for task_id, person_id in Task.inspectors.through.objects.filter(task__plan=plan).values_list(
        "task_id", "person_id"
    ):
        saved[task_id][1].append(person_id)
    got = sorted((e, tuple(sorted(p))) for e, p in saved.values())
    expected = sorted(result.as_pairs())
    if got != expected:
        missing = len(set(expected) - set(got))
        extra = len(set(got) - set(expected))
        return Verification(
            False, f"复核不一致：重新抽取与保存的任务不同（缺少{missing}条，多出{extra}条）。"
        )
    return Verification(
        True,
        f"复核一致：{len(expected)}户检查对象及其执法人员与重新抽取的结果完全相同"
        f"（种子 {plan.seed}，{plan.algorithm}）。",
    )
