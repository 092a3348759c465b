"""The 双随机 draw algorithm: reproducible, verifiable, balanced, with 回避 and a clear error."""

import random
from collections import Counter

import pytest

from supervision.draw import DrawError, Inspector, Quota, Target, draw


def world(n_targets=1000, n_inspectors=20, strata=("medical", "public_place", "water")):
    rng = random.Random(1)
    targets = [Target(i, strata[i % len(strata)], region_id=i % 4) for i in range(1, n_targets + 1)]
    inspectors = [
        Inspector(100_000 + j, frozenset({j % 4, (j + 1) % 4})) for j in range(n_inspectors)
    ]
    rng.shuffle(targets)
    return targets, inspectors


QUOTAS = {
    "medical": Quota(proportion=0.05),
    "public_place": Quota(count=10),
    "water": Quota(proportion=1.0),
}


def test_same_seed_same_result_whatever_the_input_order():
    targets, inspectors = world()
    a = draw("2025-批次1-种子", targets, inspectors, QUOTAS)
    b = draw("2025-批次1-种子", list(reversed(targets)), list(reversed(inspectors)), QUOTAS)
    assert a.as_pairs() == b.as_pairs() and a.input_digest == b.input_digest
    c = draw("another seed", targets, inspectors, QUOTAS)
    assert {t for t, _ in c.as_pairs()} != {t for t, _ in a.as_pairs()}


def test_quota_sizes_and_strata():
    targets, inspectors = world()
    result = draw("s", targets, inspectors, QUOTAS)
    by = Counter(next(t.stratum for t in targets if t.id == tid) for tid, _ in result.as_pairs())
    # 334 medical × 5% = 16.7 → 17 (rounded up); 10 public places; all 333 water units.
    assert by == {"medical": 17, "public_place": 10, "water": 333}


def test_changed_input_changes_the_digest():
    targets, inspectors = world()
    a = draw("s", targets, inspectors, QUOTAS)
    b = draw("s", targets[:-1], inspectors, QUOTAS)
    assert a.input_digest != b.input_digest


def test_two_inspectors_each_with_conflicts_and_previous_inspectors_excluded():
    targets, inspectors = world(200, 6)
    first = targets[0]
    prev = (inspectors[0].id, inspectors[1].id)
    targets[0] = Target(first.id, first.stratum, first.region_id, previous_inspectors=prev)
    conflicts = {(inspectors[2].id, first.id)}
    quotas = {s: Quota(proportion=1.0) for s in ("medical", "public_place", "water")}
    result = draw("s", targets, inspectors, quotas, conflicts=conflicts)
    teams = dict(result.as_pairs())
    assert all(len(team) == 2 and len(set(team)) == 2 for team in teams.values())
    assert not set(teams[first.id]) & {*prev, inspectors[2].id}


def test_workload_is_balanced_and_capped():
    targets, inspectors = world(600, 20)
    quotas = {s: Quota(proportion=0.5) for s in ("medical", "public_place", "water")}
    result = draw("s", targets, inspectors, quotas)
    load = Counter(pid for _, team in result.as_pairs() for pid in team)
    assert max(load.values()) - min(load.values()) <= 1
    with pytest.raises(DrawError):
        draw("s", targets, inspectors, quotas, max_load=10)  # 300 targets × 2 > 20 × 10


def test_region_restriction():
    targets, inspectors = world(120, 8)
    quotas = {s: Quota(proportion=1.0) for s in ("medical", "public_place", "water")}
    result = draw("s", targets, inspectors, quotas, restrict_region=True)
    regions = {i.id: i.region_ids for i in inspectors}
    region_of = {t.id: t.region_id for t in targets}
    assert all(region_of[t] in regions[p] for t, team in result.as_pairs() for p in team)


def test_not_enough_inspectors_names_the_stratum_and_reason():
    targets = [Target(1, "water", region_id=9)]
    inspectors = [Inspector(7, frozenset({1})), Inspector(8, frozenset({9}))]
    with pytest.raises(DrawError) as exc:
        draw(
            "s",
            targets,
            inspectors,
            {"water": Quota(count=1)},
            restrict_region=True,
            stratum_labels={"water": "生活饮用水·集中式供水"},
        )
    message = str(exc.value)
    assert "生活饮用水·集中式供水" in message and "只有1名" in message
    assert "限定片区" in message and "未保存任何结果" in message


def test_fewer_than_two_per_target_is_refused():
    with pytest.raises(DrawError, match="至少应抽取2名"):
        draw("s", [], [], {}, per_target=1)
