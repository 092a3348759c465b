"""双随机抽取算法 — the random draw of targets and inspectors, as a pure function.

No Django import: plain values in, plain values out, so the draw can be re-run anywhere from the
recorded inputs and seed (``draw_verify``) and must give the identical result.

Algorithm ``fazhi-draw/2`` (the draw is the same as in ``fazhi-draw/1``):

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

Versions. ``fazhi-draw/1`` recorded the inputs as one JSON document (tens of megabytes for a
million entities); ``fazhi-draw/2`` records the same inputs as a JSON header and the entity ids
grouped by stratum as a binary array (``DrawInput.to_bytes``), so the input digest differs while
the targets and inspectors drawn for the same inputs and seed are identical. ``fazhi-draw/3``
adds to the header the people kept out of the draw and why (``excluded``: the drawer, the
witness, the 法制审核员 — separation of duties): they stay in the recorded pool of inspectors and
the algorithm leaves them out of every deck, so a re-run from the snapshot shows they could not
be drawn. Without exclusions it draws what ``fazhi-draw/2`` draws. ``fazhi-draw/4`` records the
pool as well as what is in it: the header adds the entities the plan's rules left out of the pool
(``excluded_entities``: reason → ids, e.g. inspected within the plan's N months and not 高风险)
and the rules themselves (``pool_rules``), so a re-run shows who could not be drawn and why. The
targets and inspectors drawn are those ``fazhi-draw/3`` draws. Plans keep the version they were
drawn with and every version verifies.

Corrections after the draw (抽取更正) never re-draw: a replacement target is the next entity of
the target's stratum in the order of the draw's own shuffle (``entity_order``), a replacement
inspector the next of a shuffle of the recorded pool seeded with the plan's seed and the
correction's number (``inspector_order``). Both are computed from the recorded snapshot, so they
are reproducible for plans drawn with any version.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sys
from array import array
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

#: Version recorded with every new draw. ``VERSIONS`` lists every version that still verifies.
ALGORITHM_VERSION = "fazhi-draw/4"
VERSION_1 = "fazhi-draw/1"
VERSION_2 = "fazhi-draw/2"
VERSION_3 = "fazhi-draw/3"
VERSIONS = (VERSION_1, VERSION_2, VERSION_3, ALGORITHM_VERSION)
#: Versions recorded as a JSON header and binary ids (``fazhi-draw/3`` adds ``excluded``,
#: ``fazhi-draw/4`` adds ``excluded_entities`` and ``pool_rules``).
BINARY_VERSIONS = (VERSION_2, VERSION_3, ALGORITHM_VERSION)
#: Versions that record the people kept out of the draw (``excluded``).
EXCLUDING_VERSIONS = (VERSION_3, ALGORITHM_VERSION)

#: Why a person is kept out of the inspectors drawn (separation of duties, ``fazhi-draw/3``).
EXCLUDED_REASONS = {
    "drawer": "抽取人",
    "witness": "见证人",
    "legal_reviewer": "法制审核员",
}

#: Why an entity is left out of the pool (``fazhi-draw/4``).
EXCLUDED_ENTITY_REASONS = {
    "recently_inspected": "近期已检查（非高风险）",
}

#: 片区 of an entity without one, in the ``fazhi-draw/2`` snapshot
NO_REGION = -(2**63)

#: stratum → (entity ids ascending, their 片区 in the same order, or None when not recorded)
Strata = dict[str, tuple[list[int], list[int | None] | None]]


class DrawError(Exception):
    """The draw cannot be completed; ``stratum`` and ``reason`` say why (in Chinese)."""

    def __init__(self, stratum: str, reason: str) -> None:
        self.stratum = stratum
        self.reason = reason
        super().__init__(f"分层“{stratum}”：{reason}")


@dataclass
class DrawInput:
    """Everything the draw depends on. Lists are canonicalised (sorted) when serialised.

    Entities are given either as ``entities`` tuples or, for large directories, already grouped by
    stratum with ``from_strata`` (no per-entity tuple is built then).
    """

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
    #: (person id, reason in ``EXCLUDED_REASONS``): never drawn (``fazhi-draw/3``)
    excluded: list[tuple[int, str]] = field(default_factory=list)
    #: reason in ``EXCLUDED_ENTITY_REASONS`` → ids of entities left out of the pool (``/4``)
    excluded_entities: dict[str, list[int]] = field(default_factory=dict)
    #: the rules that made the pool, as recorded (``fazhi-draw/4``), e.g. the months
    pool_rules: dict = field(default_factory=dict)
    #: the version whose snapshot format and digest ``to_bytes``/``digest`` use
    algorithm: str = ALGORITHM_VERSION

    @classmethod
    def from_strata(cls, seed: str, strata: Strata, **kw) -> DrawInput:
        """Build from entity ids grouped by stratum; lists are sorted in place."""
        inp = cls(seed=seed, entities=[], **kw)
        for ids, regions in strata.values():
            if regions is None:
                ids.sort()
            else:
                pairs = sorted(zip(ids, regions, strict=True))
                ids[:] = [p[0] for p in pairs]
                regions[:] = [p[1] for p in pairs]
        inp._strata = strata
        return inp

    def strata(self) -> Strata:
        """Entity ids per stratum, ascending, with their 片区 when known (computed once)."""
        cached = self.__dict__.get("_strata")
        if cached is None:
            by: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
            for eid, stratum, region in self.entities:
                by[str(stratum)].append((int(eid), region))
            cached = {}
            for key, rows in by.items():
                rows.sort()
                cached[key] = ([r[0] for r in rows], [r[1] for r in rows])
            self._strata = cached
        return cached

    def canonical(self) -> dict:
        """The ``fazhi-draw/1`` snapshot: one JSON object (kept to verify draws recorded so)."""
        entities = sorted(
            [eid, key, regions[i] if regions is not None else None]
            for key, (ids, regions) in self.strata().items()
            for i, eid in enumerate(ids)
        )
        return {
            "algorithm": VERSION_1,
            "seed": self.seed,
            "entities": entities,
            **self._header(),
        }

    def _header(self) -> dict:
        head = {
            "quotas": {k: list(v) for k, v in sorted(self.quotas.items())},
            "inspectors": sorted([int(i), sorted(r)] for i, r in self.inspectors),
            "conflicts": sorted([int(p), int(e)] for p, e in set(self.conflicts)),
            "per_target": self.per_target,
            "cap": self.cap,
            "region_restricted": self.region_restricted,
        }
        if self.algorithm in EXCLUDING_VERSIONS:
            head["excluded"] = sorted([int(p), str(r)] for p, r in set(self.excluded))
        elif self.excluded:
            raise ValueError(f"{self.algorithm} cannot record excluded people")
        if self.algorithm == ALGORITHM_VERSION:
            head["excluded_entities"] = {
                str(reason): sorted({int(i) for i in ids})
                for reason, ids in sorted(self.excluded_entities.items())
            }
            head["pool_rules"] = dict(sorted(self.pool_rules.items()))
        elif self.excluded_entities or self.pool_rules:
            raise ValueError(f"{self.algorithm} cannot record the entities left out of the pool")
        return head

    def to_bytes(self) -> bytes:
        """The canonical snapshot in the format of ``self.algorithm``; its SHA-256 is the digest.

        ``fazhi-draw/2``: the version line; one JSON line with the seed, quotas, inspectors,
        conflicts, options and the strata in sorted key order with their sizes; then the entity
        ids of every stratum in that order, ascending within a stratum, as little-endian signed
        64-bit integers; when inspectors are restricted to 片区, each entity's 片区 id follows in
        the same layout (the smallest 64-bit integer for none). A million ids take 8 MB before
        compression and are written and read without a per-id Python step.
        """
        if self.algorithm == VERSION_1:
            return json.dumps(self.canonical(), separators=(",", ":"), ensure_ascii=False).encode()
        if self.algorithm not in BINARY_VERSIONS:
            raise ValueError(f"unsupported draw algorithm {self.algorithm!r}")
        strata = self.strata()
        keys = sorted(strata)
        head = {
            "seed": self.seed,
            **self._header(),
            "strata": [[key, len(strata[key][0])] for key in keys],
        }
        ids = array("q")
        for key in keys:
            ids.extend(strata[key][0])
        parts = [
            self.algorithm.encode(),
            json.dumps(head, separators=(",", ":"), ensure_ascii=False).encode(),
            _little_endian(ids),
        ]
        if self.region_restricted:
            regions = array("q")
            for key in keys:
                known = strata[key][1]
                if known is None:
                    known = [None] * len(strata[key][0])
                regions.extend([NO_REGION if r is None else r for r in known])
            parts.append(_little_endian(regions))
        return b"\n".join(parts[:2]) + b"\n" + b"".join(parts[2:])

    def digest(self) -> str:
        return hashlib.sha256(self.to_bytes()).hexdigest()

    @classmethod
    def from_bytes(cls, raw: bytes) -> DrawInput:
        """Read a snapshot of any version in ``VERSIONS``."""
        if raw.startswith(b"{"):
            d = json.loads(raw)
            if d["algorithm"] != VERSION_1:
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
                algorithm=VERSION_1,
            )
        version, head_raw, payload = raw.split(b"\n", 2)
        if version.decode(errors="replace") not in BINARY_VERSIONS:
            raise ValueError(f"unsupported draw algorithm {version[:40]!r}")
        head = json.loads(head_raw)
        total = sum(n for _, n in head["strata"])
        width = 8 * total
        if len(payload) != width * (2 if head["region_restricted"] else 1):
            raise ValueError("draw snapshot: the ids do not match the strata sizes")
        ids = _from_little_endian(payload[:width])
        regions = _from_little_endian(payload[width:]) if head["region_restricted"] else None
        strata: Strata = {}
        start = 0
        for key, n in head["strata"]:
            stratum_regions = None
            if regions is not None:
                stratum_regions = [
                    None if r == NO_REGION else r for r in regions[start : start + n]
                ]
            strata[key] = (ids[start : start + n], stratum_regions)
            start += n
        inp = cls(
            seed=head["seed"],
            entities=[],
            quotas={k: (v[0], v[1]) for k, v in head["quotas"].items()},
            inspectors=[(i, tuple(r)) for i, r in head["inspectors"]],
            conflicts=[(p, e) for p, e in head["conflicts"]],
            per_target=head["per_target"],
            cap=head["cap"],
            region_restricted=head["region_restricted"],
            excluded=[(p, r) for p, r in head.get("excluded", [])],
            excluded_entities={k: list(v) for k, v in head.get("excluded_entities", {}).items()},
            pool_rules=dict(head.get("pool_rules", {})),
            algorithm=version.decode(),
        )
        inp._strata = strata
        return inp


def _little_endian(values: array) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_little_endian(raw: bytes) -> list[int]:
    values = array("q")
    values.frombytes(raw)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()


@dataclass(slots=True)
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
    h.update(
        "".join(f"{entity_id}:{','.join(map(str, ids))};" for entity_id, ids in pairs).encode()
    )
    return h.hexdigest()


def _rng(seed: str, salt: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(f"{seed}|{salt}".encode()).digest(), "big"))


def _quota(n: int, quota: tuple[str, str]) -> int:
    mode, value = quota
    if mode == "count":
        return min(int(value), n)
    return min(n, math.ceil(Decimal(n) * Decimal(value) - Decimal("1e-9")))


def quota_size(n: int, quota: tuple[str, str]) -> int:
    """How many of a stratum of ``n`` the quota draws (as ``run`` does)."""
    return _quota(n, quota)


def _pick(ids, k: int, rng: random.Random) -> list[int]:
    """Partial Fisher–Yates: the first ``k`` of a uniform shuffle of ``ids``."""
    a = list(ids)
    n = len(a)
    for i in range(k):
        j = i + int(rng.random() * (n - i))
        a[i], a[j] = a[j], a[i]
    return a[:k]


def _pick_indexes(n: int, k: int, rng: random.Random) -> list[int]:
    """``_pick(range(n), k, rng)`` without building the list of ``n`` indexes.

    The swaps are the same; only the positions a swap has touched are remembered, so a 5% draw
    from a stratum costs its ``k`` picks, not a copy of the whole stratum.
    """
    moved: dict[int, int] = {}
    picked = []
    for i in range(k):
        j = i + int(rng.random() * (n - i))
        picked.append(moved.get(j, j))
        moved[j] = moved.get(i, i)
    return picked


def run(inp: DrawInput, input_digest: str | None = None) -> DrawResult:
    """Draw targets per stratum, then ≥2 inspectors per target. Raises ``DrawError``.

    ``input_digest`` may be passed when the caller has already serialised the inputs.
    """
    canonical_digest = input_digest or inp.digest()
    if inp.per_target < 2:
        raise DrawError("全部", "每个检查对象至少须抽取2名执法人员（行政处罚法第42条）。")
    strata = inp.strata()
    targets: list[tuple[int, str, int | None]] = []
    sizes: dict[str, tuple[int, int]] = {}
    for stratum in sorted(strata):
        quota = inp.quotas.get(stratum) or inp.quotas.get("*")
        if quota is None:
            continue
        ids, regions = strata[stratum]
        k = _quota(len(ids), quota)
        sizes[stratum] = (len(ids), k)
        # Indexes instead of ids: the same swaps as over the ids, and the 片区 follows its entity.
        picked = _pick_indexes(len(ids), k, _rng(inp.seed, "T|" + stratum))
        if regions is None:
            targets.extend((ids[j], stratum, None) for j in picked)
        else:
            targets.extend((ids[j], stratum, regions[j]) for j in picked)

    conflicts: dict[int, set[int]] = defaultdict(set)
    for pid, eid in inp.conflicts:
        conflicts[eid].add(pid)
    # Separation of duties: the drawer, the witness and the 法制审核员 are never drawn.
    excluded = {int(pid) for pid, _ in inp.excluded}
    inspectors = sorted(i for i in inp.inspectors if int(i[0]) not in excluded)
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
    per_target = inp.per_target
    drawn: list[Drawn] = []
    for eid, stratum, region in targets:
        deck = deck_for(region)
        blocked = conflicts.get(eid)
        if blocked is None and len(deck) >= per_target:
            # Almost every target: no conflict, so the first inspectors of the deck.
            chosen = [deck.popleft() for _ in range(per_target)]
        else:
            chosen = []
            skipped: list[int] = []
            n_conflict = 0
            while deck and len(chosen) < per_target:
                pid = deck.popleft()
                if blocked and pid in blocked:
                    n_conflict += 1
                    skipped.append(pid)
                else:
                    chosen.append(pid)
            deck.extendleft(reversed(skipped))
            if len(chosen) < per_target:
                available = len(deck) + len(chosen)
                scope = "本片区" if inp.region_restricted else "名录库"
                raise DrawError(
                    stratum,
                    f"监管对象（ID {eid}）无法抽取{per_target}名执法人员："
                    f"{scope}可用持证执法人员{available}人，其中需回避{n_conflict}人"
                    + (f"，工作量上限为每人{cap}户" if cap else "")
                    + "。请补充执法人员、调整回避或工作量上限。",
                )
        if cap is None:
            deck.extend(chosen)
        else:
            for pid in chosen:
                load[pid] += 1
                if load[pid] < cap:
                    deck.append(pid)
        drawn.append(Drawn(eid, stratum, tuple(sorted(chosen))))
    return DrawResult(drawn, canonical_digest, sizes)


# --- 抽取更正: replacements after the draw, reproducible from the recorded snapshot ------------


def entity_order(inp: DrawInput, stratum: str) -> Iterator[int]:
    """The entities of ``stratum`` in the order of the draw's own shuffle, every one of them.

    The same swaps as ``run`` makes (seeded with the plan's seed and the stratum), continued
    past the quota: the first ``k`` are the targets drawn, in draw order; the next are the
    reserve a replacement target is taken from, in that order. Raises ``KeyError`` for a
    stratum that is not in the snapshot.
    """
    ids, _ = inp.strata()[stratum]
    rng = _rng(inp.seed, "T|" + stratum)
    n = len(ids)
    moved: dict[int, int] = {}
    for i in range(n):
        j = i + int(rng.random() * (n - i))
        yield ids[moved.get(j, j)]
        moved[j] = moved.get(i, i)


def entity_region(inp: DrawInput, entity_id: int) -> int | None:
    """The 片区 recorded for ``entity_id`` (None when unknown or not recorded)."""
    for ids, regions in inp.strata().values():
        if regions is None:
            continue
        for i, eid in enumerate(ids):
            if eid == entity_id:
                return regions[i]
    return None


def inspector_order(inp: DrawInput, entity_id: int, number: int) -> list[int]:
    """The recorded inspectors who may be dealt to ``entity_id`` in correction ``number``, in a
    shuffle seeded with the plan's seed, the correction's number and the entity.

    Left out, as in the draw: the people kept out of it (drawer, witness, 法制审核员), those
    recorded in conflict with the entity (回避), and, when the plan restricts inspectors to
    the entity's 片区, those who do not cover it. The caller takes the first who is not in the
    team already and is still available (skipping, and recording, those who are not).
    """
    excluded = {int(pid) for pid, _ in inp.excluded}
    blocked = {int(pid) for pid, eid in inp.conflicts if int(eid) == entity_id}
    region = entity_region(inp, entity_id) if inp.region_restricted else None
    members = sorted(
        int(pid)
        for pid, regions in inp.inspectors
        if int(pid) not in excluded
        and int(pid) not in blocked
        and (not inp.region_restricted or region in regions)
    )
    return _pick(members, len(members), _rng(inp.seed, f"A|{number}|{entity_id}"))
