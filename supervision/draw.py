"""双随机抽取算法 — the random draw of targets and inspectors, as a pure function.

No Django import: plain values in, plain values out, so the draw can be re-run anywhere from the
recorded inputs and seed (``draw_verify``) and must give the identical result.

Algorithm ``fazhi-draw/1``:

* Targets. Entities are grouped by stratum. For each stratum (in sorted key order) a Mersenne
  Twister is seeded with the integer SHA-256(seed ‖ "|T|" ‖ stratum) and a partial Fisher–Yates
  shuffle over the stratum's entity ids sorted ascending picks ``k`` of them, where ``k`` is
  ``ceil(n × proportion)`` or ``min(count, n)``. Only ``Random.random()`` is used: Python
  guarantees its sequence for a given integer seed across versions.
* Inspectors. A deck of all inspector ids (or one deck per 片区 when the plan restricts
  inspectors to the entity's 片区) is shuffled with SHA-256(seed ‖ "|I|" ‖ deck). Targets are
  served in draw order; each takes the first ``per_target`` inspectors of its deck that are not in
  conflict with it (回避) and below the workload cap, and those go to the back of the deck. Dealing
  round-robin keeps every inspector's load within one of the others' (workload balance).

RULES §4: ≥2 inspectors per target (第42条), conflicts excluded (回避, 第43条), the seed and the
algorithm recorded. When a target cannot get enough inspectors the draw stops with ``DrawError``
naming the stratum and the reason; nothing is returned, so nothing is saved.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections import defaultdict, deque
from dataclasses import dataclass, field
from decimal import Decimal

ALGORITHM_VERSION = "fazhi-draw/1"


class DrawError(Exception):
    """The draw cannot be completed; ``stratum`` and ``reason`` say why (in Chinese)."""

    def __init__(self, stratum: str, reason: str) -> None:
        self.stratum = stratum
        self.reason = reason
        super().__init__(f"分层“{stratum}”：{reason}")


@dataclass
class DrawInput:
    """Everything the draw depends on. Lists are canonicalised (sorted) by ``canonical()``."""

    seed: str
    #: (entity id, stratum key, 片区 id or None)
    entities: list[tuple[int, str, int | None]]
    #: stratum key or "*" → ("proportion", "0.05") or ("count", "10")
    quotas: dict[str, tuple[str, str]]
    #: (inspector id, tuple of 片区 ids the inspector covers)
    inspectors: list[tuple[int, tuple[int, ...]]]
    #: (inspector id, entity id) pairs that must not meet (回避, previous inspector)
    conflicts: list[tuple[int, int]] = field(default_factory=list)
    per_target: int = 2
    cap: int | None = None
    region_restricted: bool = False

    def canonical(self) -> dict:
        return {
            "algorithm": ALGORITHM_VERSION,
            "seed": self.seed,
            "entities": sorted([int(i), str(s), r] for i, s, r in self.entities),
            "quotas": {k: list(v) for k, v in sorted(self.quotas.items())},
            "inspectors": sorted([int(i), sorted(r)] for i, r in self.inspectors),
            "conflicts": sorted([int(p), int(e)] for p, e in set(self.conflicts)),
            "per_target": self.per_target,
            "cap": self.cap,
            "region_restricted": self.region_restricted,
        }

    def to_bytes(self) -> bytes:
        return json.dumps(self.canonical(), separators=(",", ":"), ensure_ascii=False).encode()

    def digest(self) -> str:
        return hashlib.sha256(self.to_bytes()).hexdigest()

    @classmethod
    def from_bytes(cls, raw: bytes) -> DrawInput:
        d = json.loads(raw)
        if d["algorithm"] != ALGORITHM_VERSION:
            raise ValueError(f"unsupported draw algorithm {d['algorithm']!r}")
        return cls(
            seed=d["seed"],
            entities=[(i, s, r) for i, s, r in d["entities"]],
            quotas={k: (v[0], v[1]) for k, v in d["quotas"].items()},
            inspectors=[(i, tuple(r)) for i, r in d["inspectors"]],
            conflicts=[(p, e) for p, e in d["conflicts"]],
            per_target=d["per_target"],
            cap=d["cap"],
            region_restricted=d["region_restricted"],
        )


@dataclass
class Drawn:
    entity_id: int
    stratum: str
    inspector_ids: tuple[int, ...]


@dataclass
class DrawResult:
    targets: list[Drawn]
    input_digest: str
    stratum_sizes: dict[str, tuple[int, int]]  # stratum → (population, drawn)

    def digest(self) -> str:
        return result_digest((t.entity_id, t.inspector_ids) for t in self.targets)


def result_digest(pairs) -> str:
    """SHA-256 over (entity id, inspector ids) in draw order — also computable from saved rows."""
    h = hashlib.sha256()
    for entity_id, inspector_ids in pairs:
        h.update(f"{entity_id}:{','.join(map(str, inspector_ids))};".encode())
    return h.hexdigest()


def _rng(seed: str, salt: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(f"{seed}|{salt}".encode()).digest(), "big"))


def _quota(n: int, quota: tuple[str, str]) -> int:
    mode, value = quota
    if mode == "count":
        return min(int(value), n)
    return min(n, math.ceil(Decimal(n) * Decimal(value) - Decimal("1e-9")))


def _pick(ids: list[int], k: int, rng: random.Random) -> list[int]:
    """Partial Fisher–Yates: the first ``k`` of a uniform shuffle of ``ids``."""
    a = list(ids)
    n = len(a)
    for i in range(k):
        j = i + int(rng.random() * (n - i))
        a[i], a[j] = a[j], a[i]
    return a[:k]


def run(inp: DrawInput, input_digest: str | None = None) -> DrawResult:
    """Draw targets per stratum, then ≥2 inspectors per target. Raises ``DrawError``.

    ``input_digest`` may be passed when the caller has already serialised the inputs.
    """
    canonical_digest = input_digest or inp.digest()
    if inp.per_target < 2:
        raise DrawError("全部", "每个检查对象至少须抽取2名执法人员（行政处罚法第42条）。")
    by_stratum: dict[str, list[int]] = defaultdict(list)
    region_of: dict[int, int | None] = {}
    for eid, stratum, region in inp.entities:
        by_stratum[stratum].append(eid)
        region_of[eid] = region
    targets: list[tuple[int, str]] = []
    sizes: dict[str, tuple[int, int]] = {}
    for stratum in sorted(by_stratum):
        quota = inp.quotas.get(stratum) or inp.quotas.get("*")
        if quota is None:
            continue
        ids = sorted(by_stratum[stratum])
        k = _quota(len(ids), quota)
        sizes[stratum] = (len(ids), k)
        targets.extend((eid, stratum) for eid in _pick(ids, k, _rng(inp.seed, "T|" + stratum)))

    conflicts: dict[int, set[int]] = defaultdict(set)
    for pid, eid in inp.conflicts:
        conflicts[eid].add(pid)
    inspectors = sorted(inp.inspectors)
    decks: dict[object, deque[int]] = {}

    def deck_for(region: int | None) -> deque[int]:
        key = region if inp.region_restricted else "*"
        if key not in decks:
            members = [
                pid for pid, regions in inspectors if not inp.region_restricted or region in regions
            ]
            members = _pick(members, len(members), _rng(inp.seed, f"I|{key}"))
            decks[key] = deque(members)
        return decks[key]

    load: dict[int, int] = defaultdict(int)
    cap = inp.cap
    drawn: list[Drawn] = []
    for eid, stratum in targets:
        deck = deck_for(region_of[eid])
        blocked = conflicts.get(eid, ())
        chosen: list[int] = []
        skipped: list[int] = []
        n_conflict = 0
        while deck and len(chosen) < inp.per_target:
            pid = deck.popleft()
            if pid in blocked:
                n_conflict += 1
                skipped.append(pid)
            else:
                chosen.append(pid)
        deck.extendleft(reversed(skipped))
        if len(chosen) < inp.per_target:
            available = len(deck) + len(chosen)
            scope = "本片区" if inp.region_restricted else "名录库"
            raise DrawError(
                stratum,
                f"监管对象（ID {eid}）无法抽取{inp.per_target}名执法人员："
                f"{scope}可用持证执法人员{available}人，其中需回避{n_conflict}人"
                + (f"，工作量上限为每人{cap}户" if cap else "")
                + "。请补充执法人员、调整回避或工作量上限。",
            )
        for pid in chosen:
            load[pid] += 1
            if cap is None or load[pid] < cap:
                deck.append(pid)
        drawn.append(Drawn(eid, stratum, tuple(sorted(chosen))))
    return DrawResult(drawn, canonical_digest, sizes)
