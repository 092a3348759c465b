import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from registry.tests.factories import entity
from supervision import services
from supervision.models import Conflict, InspectorTeam, PlanStatus, Task, TeamMember
from supervision.tests.factories import draw, inspection, inspector, plan


@pytest.fixture
def county(world):
    ents = [
        entity(world.county_a, subcategory="lodging" if i % 2 else "bathing") for i in range(20)
    ]
    people = [inspector(world.county_a) for _ in range(6)]
    return ents, people


def test_draw_saves_tasks_with_two_inspectors_and_records_seed(world, county):
    p = plan(world.county_a)
    res = draw(p, seed="s1")
    p.refresh_from_db()
    assert p.status == PlanStatus.DRAWN and p.seed == "s1" and p.algorithm_version
    assert Task.objects.filter(plan=p).count() == len(res.targets) == 10
    assert all(t.inspectors.count() == 2 for t in Task.objects.filter(plan=p))


def test_closed_and_recently_inspected_entities_are_excluded_unless_high_risk(world, county):
    ents, people = county
    ents[0].status = "closed"
    ents[0].save()
    inspection(world.county_a, ents[1], people[:2], day=datetime.date(2026, 3, 1), kind="routine")
    inspection(world.county_a, ents[2], people[:2], day=datetime.date(2026, 3, 1), kind="routine")
    ents[2].risk_grade = "high"
    ents[2].save()
    p = plan(world.county_a, quota_value="1", exclude_inspected_months=6)
    draw(p, seed="s")
    drawn = set(Task.objects.filter(plan=p).values_list("entity_id", flat=True))
    assert ents[0].pk not in drawn and ents[1].pk not in drawn and ents[2].pk in drawn
    assert len(drawn) == 18


def test_previous_random_inspector_and_declared_conflict_are_avoided(world, county):
    ents, people = county
    inspection(world.county_a, ents[3], people[:2], day=datetime.date(2025, 5, 1))
    Conflict.objects.create(agency=world.county_a, person=people[2], entity=ents[3], reason="亲属")
    p = plan(world.county_a, quota_value="1")
    draw(p, seed="s")
    task = Task.objects.get(plan=p, entity=ents[3])
    assert not set(task.inspectors.values_list("pk", flat=True)) & {
        people[0].pk,
        people[1].pk,
        people[2].pk,
    }


def test_expired_certificate_holders_are_not_drawn(world, county):
    _, people = county
    for p in [*people[1:], world.officer_a.person]:
        p.certificate_valid_until = datetime.date(2026, 4, 30)
        p.save()
    p = plan(world.county_a)
    with pytest.raises(ValidationError) as exc:
        draw(p, seed="s")
    assert "分层" in exc.value.messages[0] and "可用持证执法人员" in exc.value.messages[0]
    assert not Task.objects.exists()
    p.refresh_from_db()
    assert p.status == PlanStatus.DRAFT


def test_verify_command_reproduces_the_draw_and_detects_tampering(world, county, capsys):
    p = plan(world.county_a, restrict_to_region=False, workload_cap=10)
    draw(p)
    call_command("draw_verify", str(p.pk))
    assert "复核一致" in capsys.readouterr().out
    member = TeamMember.objects.filter(team__plan=p).first()
    other = next(
        x for x in county[1] if not TeamMember.objects.filter(team=member.team, person=x).exists()
    )
    member.person = other
    member.save()
    with pytest.raises(CommandError):
        call_command("draw_verify", str(p.pk))
    assert "已被改动" in capsys.readouterr().out


def test_verify_still_holds_after_entities_change(world, county):
    ents, _ = county
    p = plan(world.county_a)
    draw(p, seed="s")
    ents[0].status = "closed"
    ents[0].save()
    assert services.verify_draw(p).ok


def test_plan_drawn_with_version_1_still_verifies(world, county):
    import hashlib
    import zlib

    from supervision import draw as algo

    p = plan(world.county_a)
    draw(p, seed="s")
    assert p.algorithm_version == "fazhi-draw/4"
    # Record it as a fazhi-draw/1 plan did: one JSON snapshot and its digest. That version
    # recorded no excluded people (the drawer and the witness hold no 执法证 here: same draw).
    inp = algo.DrawInput.from_bytes(zlib.decompress(bytes(p.draw_inputs)))
    assert {reason for _, reason in inp.excluded} == {"drawer", "witness", "legal_reviewer"}
    inp.algorithm, inp.excluded = "fazhi-draw/1", []
    inp.excluded_entities, inp.pool_rules = {}, {}  # recorded since fazhi-draw/4
    raw = inp.to_bytes()
    p.draw_inputs = zlib.compress(raw)
    p.input_digest = hashlib.sha256(raw).hexdigest()
    p.algorithm_version = "fazhi-draw/1"
    p.save()
    result = services.verify_draw(p)
    assert result.ok, result.messages
    p.algorithm_version = "fazhi-draw/2"
    assert not services.verify_draw(p).ok


@pytest.mark.parametrize("version", ["fazhi-draw/2", "fazhi-draw/3"])
def test_plan_drawn_with_versions_2_and_3_still_verifies(world, county, version):
    import hashlib
    import zlib

    from supervision import draw as algo

    p = plan(world.county_a, exclude_inspected_months=6)
    draw(p, seed="s")
    inp = algo.DrawInput.from_bytes(zlib.decompress(bytes(p.draw_inputs)))
    # Recorded as those versions did: without the pool's exclusions (and /2 without people).
    inp.algorithm, inp.excluded_entities, inp.pool_rules = version, {}, {}
    if version == "fazhi-draw/2":
        inp.excluded = []
    raw = inp.to_bytes()
    assert raw.startswith(version.encode() + b"\n")
    p.draw_inputs = zlib.compress(raw)
    p.input_digest = hashlib.sha256(raw).hexdigest()
    p.algorithm_version = version
    p.save()
    result = services.verify_draw(p)
    assert result.ok, result.messages
    assert f"算法{version}" in result.messages[0]


def test_second_draw_of_same_plan_is_refused(world, county):
    p = plan(world.county_a)
    draw(p)
    with pytest.raises(ValidationError):
        draw(p)


def test_check_in_mismatch_is_refused_and_kept(world, county):
    ents, people = county
    insp = inspection(world.county_a, ents[0], people[:2])
    with pytest.raises(ValidationError) as exc:
        services.check_in(
            insp,
            entity_code=ents[1].uscc,
            person_code=people[0].certificate_number,
            actor=world.officer_a,
        )
    assert "企业码与检查对象不符" in exc.value.messages[0]
    assert insp.check_ins.get().accepted is False
    row = services.check_in(
        insp,
        entity_code=ents[0].uscc.lower(),
        person_code=people[1].certificate_number,
        actor=world.officer_a,
    )
    assert row.accepted
    insp.refresh_from_db()
    assert insp.checked_in_at is not None


def test_plan_without_strata_draws_from_one_stratum(world, county):
    p = plan(world.county_a, strata_by=[], quota_value="0.5")
    result = draw(p, seed="s")
    assert result.stratum_sizes == {"*": (20, 10)}
    assert services.verify_draw(p).ok


@pytest.mark.parametrize(
    "strata_by",
    [[], ["category"], ["region"], ["category", "region"], ["credit_grade", "subcategory"]],
)
@pytest.mark.parametrize("restricted", [False, True])
def test_draw_input_groups_every_entity_in_scope_into_the_plans_strata(
    world, strata_by, restricted
):
    from core.models import Region
    from registry.models import SupervisedEntity

    kinds = [("public_place", "lodging"), ("public_place", "bathing"), ("medical", "clinic")]
    for agency in (world.county_a, world.county_b):
        regions = [Region.objects.create(agency=agency, name=f"片区{i}") for i in range(2)]
        for i in range(24):
            category, subcategory = kinds[i % 3]
            entity(
                agency,
                category=category,
                subcategory=subcategory,
                region=regions[i % 2] if i % 5 else None,
                credit_grade="AB"[i % 4 // 3],
                status="closed" if i == 7 else "open",
            )
    p = plan(world.city, strata_by=strata_by, restrict_to_region=restricted)
    inp = services.build_draw_input(p, "s")

    expected: dict[str, list[tuple[int, int | None]]] = {}
    rows = SupervisedEntity.objects.exclude(status="closed").values_list(
        "id", "category", "subcategory", "region_id", "credit_grade"
    )
    for eid, category, subcategory, region, credit in rows:
        fields = {
            "category": category,
            "subcategory": subcategory,
            "region": region,
            "credit_grade": credit,
        }
        key = "|".join("" if fields[f] is None else str(fields[f]) for f in strata_by) or "*"
        expected.setdefault(key, []).append((eid, region))
    got = {
        key: list(zip(ids, regions or [None] * len(ids), strict=True))
        for key, (ids, regions) in inp.strata().items()
    }
    assert got == {
        key: sorted((e, r if restricted else None) for e, r in pairs)
        for key, pairs in expected.items()
    }


def test_tasks_dealt_the_same_inspectors_share_one_team(world, county):
    p = plan(world.county_a, quota_value="1", restrict_to_region=False)
    result = draw(p, seed="s")
    teams = InspectorTeam.objects.filter(plan=p)
    # 20 targets dealt round-robin from 7 inspectors (6 and the officer): fewer teams than tasks.
    assert 1 < teams.count() < len(result.targets) == 20
    assert sorted(teams.values_list("number", flat=True)) == list(range(1, teams.count() + 1))
    for target in result.targets:
        task = Task.objects.get(plan=p, entity_id=target.entity_id)
        assert tuple(task.inspectors.order_by("pk").values_list("pk", flat=True)) == (
            target.inspector_ids
        )
    assert all(team.members.count() == 2 for team in teams)


def test_moving_a_task_to_another_team_is_detected(world, county):
    p = plan(world.county_a, quota_value="1", restrict_to_region=False)
    draw(p, seed="s")
    task = Task.objects.filter(plan=p).order_by("seq").first()
    task.team = InspectorTeam.objects.filter(plan=p).exclude(pk=task.team_id).first()
    task.save()
    result = services.verify_draw(p)
    assert not result.ok and any("已被改动" in m for m in result.messages)


def test_the_draw_pauses_the_cyclic_collector_and_restores_it(world, county, monkeypatch):
    import gc

    from supervision import draw as algo

    seen = []
    real_run = algo.run

    def run(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_run(*args, **kwargs)

    monkeypatch.setattr(services.algo, "run", run)
    assert gc.isenabled()
    draw(plan(world.county_a), seed="s")
    assert seen == [False] and gc.isenabled()
    with pytest.raises(ValidationError):  # a failed draw restores it too
        draw(plan(world.county_a, quota_value="0"), seed="s")
    assert gc.isenabled()
    gc.disable()
    try:
        draw(plan(world.county_a), seed="t")
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()
