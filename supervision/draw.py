"""The 双随机 draw (随机抽取检查对象和执法检查人员): pure Python, reproducible, verifiable.

Plain values in, plain values out; no Django. Given the same seed and the same inputs, the
result is identical on any machine, so ``fazhi draw verify`` can re-run a recorded draw.

Targets: within each stratum, eligible targets are ordered by a keyed hash of (seed, target id)
— BLAKE2b keyed with the seed — and the first k are drawn, k = the stratum's count, or
ceil(proportion × eligible). Ordering by a keyed hash is a uniform random permutation that does
not depend on input order, and costs O(n log k) (``heapq.nsmallest``).

Inspectors: for each drawn target, in draw order, at least two inspectors (行政处罚法 第42条)
are chosen among the eligible — holding a valid 执法证 on the planned date (the caller passes only
those), not declared in conflict with the entity (回避, 第43条), not the inspectors of the entity's
previous random inspection, in the target's 片区 when the plan restricts it, below the workload
cap — preferring the least loaded, ties broken by a keyed hash of (seed, target, inspector).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ALGORITHM = "fazhi-draw/1 blake2b-keyed-order, least-loaded inspectors"


@dataclass(frozen=True)
class Target:
    id: int
    stratum: str
    region_id: int | None = None
    previous_inspectors: tuple[int, ...] = ()


@dataclass(frozen=True)
class Inspector:
    id: int
    region_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Quota:
    """Per stratum: ``count`` targets, or ``proportion`` (0–1] of the eligible, rounded up."""

    count: int | None = None
    proportion: float | None = None

    def size(self, available: int) -> int:
        if self.count is not None:
            return min(self.count, available)
        return min(available, math.ceil((self.proportion or 0) * available - 1e-9))


@dataclass
class Assignment:
    target_id: int
    inspector_ids: tuple[int, ...]


@dataclass
class DrawResult:
    seed: str
    algorithm: str
    input_digest: str
    assignments: list[Assignment] = field(default_factory=list)

    def as_pairs(self) -> list[tuple[int, tuple[int, ...]]]:
        return [(a.target_id, a.inspector_ids) for a in self.assignments]


class DrawError(ValueError):
    """The draw cannot be made; the message names the stratum and the reason, in Chinese."""


def _key(seed: bytes, *parts: int) -> int:
    h = hashlib.blake2b(digest_size=8, key=seed[:64])
    h.update(b"|".join(str(p).encode() for p in parts))
    return int.from_bytes(h.digest(), "big")


def input_digest(
    seed: str,
    targets: Iterable[Target],
    inspectors: Iterable[Inspector],
    quotas: Mapping[str, Quota],
    conflicts: Iterable[tuple[int, int]],
    per_target: int,
    max_load: int | None,
    restrict_region: bool,
) -> str:
    """SHA-256 of the canonical inputs: a changed input gives a different digest."""
    h = hashlib.sha256()
    h.update(
        json.dumps(
            {
                "seed": seed,
                "per_target": per_target,
                "max_load": max_load,
                "restrict_region": restrict_region,
                "algorithm": ALGORITHM,
                "quotas": {k: [q.count, q.proportion] for k, q in sorted(quotas.items())},
            },
            sort_keys=True,
        ).encode()
    )
    for t in sorted(targets, key=lambda t: t.id):
        h.update(f"T{t.id},{t.stratum},{t.region_id},{sorted(t.previous_inspectors)};".encode())
    for i in sorted(inspectors, key=lambda i: i.id):
        h.update(f"I{i.id},{sorted(i.region_ids)};".encode())
    for p, e in sorted(conflicts):
        h.update(f"C{p},{e};".encode())
    return h.hexdigest()


def draw(
    seed: str,
    targets: list[Target],
    inspectors: list[Inspector],
    quotas: Mapping[str, Quota],
    *,
    conflicts: Iterable[tuple[int, int]] = (),
    per_target: int = 2,
    max_load: int | None = None,
    restrict_region: bool = False,
    stratum_labels: Mapping[str, str] | None = None,
) -> DrawResult:
    """Draw targets per stratum, then ``per_target`` inspectors for each drawn target."""
    if per_target < 2:
        raise DrawError("每个检查对象至少应抽取2名执法人员（行政处罚法第四十二条）。")
    conflicts = set(conflicts)
    labels = stratum_labels or {}
    key = seed.encode()
    digest = input_digest(
        seed, targets, inspectors, quotas, conflicts, per_target, max_load, restrict_region
    )
    by_stratum: dict[str, list[Target]] = {}
    for t in targets:
        by_stratum.setdefault(t.stratum, []).append(t)
    drawn: list[tuple[str, Target]] = []
    for stratum in sorted(quotas):
        pool = by_stratum.get(stratum, [])
        k = quotas[stratum].size(len(pool))
        chosen = heapq.nsmallest(k, pool, key=lambda t: _key(key, t.id))
        drawn += [(stratum, t) for t in chosen]

    conflicted: dict[int, set[int]] = {}
    for person, entity in conflicts:
        conflicted.setdefault(entity, set()).add(person)
    result = DrawResult(seed, ALGORITHM, digest)
    team_picker = _TeamPicker(key, inspectors, per_target, max_load, restrict_region)
    for stratum, t in drawn:
        excluded = conflicted.get(t.id, set()) | set(t.previous_inspectors)
        team = team_picker.pick(t, excluded)
        if len(team) < per_target:
            reasons = []
            if restrict_region:
                reasons.append("限定片区内持证执法人员不足")
            if max_load is not None:
                reasons.append(f"其余人员已达工作量上限{max_load}户")
            if excluded:
                reasons.append(f"需回避或上次已检查的人员{len(excluded)}名")
            raise DrawError(
                f"抽取失败：层“{labels.get(stratum, stratum)}”中的检查对象（编号{t.id}）"
                f"只有{len(team)}名符合条件的执法人员，至少需要{per_target}名"
                f"（{'；'.join(reasons) or '持证执法人员不足'}）。未保存任何结果。"
            )
        result.assignments.append(Assignment(t.id, tuple(sorted(team))))
    return result


class _TeamPicker:
    """Least-loaded eligible inspectors, ties broken by a keyed hash, in O(log n) per pick.

    One lazy min-heap per pool (each 片区 when the plan restricts to it, else one pool) of
    (load, tie-break, inspector, version); an entry whose version is stale is skipped when
    popped. A new tie-break is drawn for each assignment, so teams do not repeat in fixed pairs.
    """

    def __init__(
        self,
        key: bytes,
        inspectors: list[Inspector],
        per_target: int,
        max_load: int | None,
        restrict_region: bool,
    ) -> None:
        self.key, self.per_target, self.max_load = key, per_target, max_load
        self.restrict_region = restrict_region
        self.load = {i.id: 0 for i in inspectors}
        self.version = {i.id: 0 for i in inspectors}
        self.pools_of: dict[int, list] = {}
        self.pools: dict[object, list] = {}
        for i in sorted(inspectors, key=lambda i: i.id):
            names = sorted(i.region_ids) if restrict_region else ["*"]
            self.pools_of[i.id] = names
            for name in names:
                self.pools.setdefault(name, []).append((0, _key(key, 0, i.id), i.id, 0))
        for heap in self.pools.values():
            heapq.heapify(heap)

    def pick(self, target: Target, excluded: set[int]) -> list[int]:
        heap = self.pools.get(target.region_id if self.restrict_region else "*", [])
        chosen: list[int] = []
        put_back = []
        while heap and len(chosen) < self.per_target:
            entry = heapq.heappop(heap)
            _load, _tb, pid, ver = entry
            if ver != self.version[pid] or pid in chosen:
                continue  # stale entry, or already on this team through another pool
            if self.max_load is not None and self.load[pid] >= self.max_load:
                continue  # loads only grow: this inspector is done for the draw
            if pid in excluded:
                put_back.append(entry)
                continue
            chosen.append(pid)
        for entry in put_back:
            heapq.heappush(heap, entry)
        if len(chosen) < self.per_target:
            for pid in chosen:  # not used: restore their entries
                heapq.heappush(
                    heap, (self.load[pid], _key(self.key, 0, pid), pid, self.version[pid])
                )
            return chosen
        for pid in chosen:
            self.load[pid] += 1
            self.version[pid] += 1
            tb = _key(self.key, target.id, pid)
            for name in self.pools_of[pid]:
                heapq.heappush(self.pools[name], (self.load[pid], tb, pid, self.version[pid]))
        return chosen
