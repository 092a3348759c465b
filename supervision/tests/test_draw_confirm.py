"""The draw is confirmed before it runs, uses the plan's witness, and draws the plan's pool.

RULES §4: filter the targets, stratify (here by 片区), draw with a recorded seed, log operator and
witness. The confirmation page states what will be drawn, the quota and the witness and that it
cannot be undone; the entities the plan's "inspected within N months" rule leaves out are
recorded in the snapshot (``fazhi-draw/4``) and listed by the verification.
"""

import datetime
import zlib

import pytest

from core.models import Region
from registry.tests.factories import entity
from supervision import draw as algo
from supervision import services
from supervision.models import PlanStatus, SamplingPlan, Task
from supervision.tests.factories import inspection, inspector, legal_officer, plan, witness


@pytest.fixture
def regions(world):
    """County A in two 片区: 东湖片区 with 4 units, 西岸片区 with 8; 5 inspectors."""
    east = Region.objects.create(agency=world.county_a, name="东湖片区")
    west = Region.objects.create(agency=world.county_a, name="西岸片区")
    units = {
        "east": [entity(world.county_a, region=east) for _ in range(4)],
        "west": [entity(world.county_a, region=west) for _ in range(8)],
    }
    for _ in range(5):
        inspector(world.county_a)
    return east, west, units


@pytest.fixture
def legal(world):
    return legal_officer(world.county_a, name="吴法规")


def test_confirmation_page_states_what_will_be_drawn_and_nothing_is_drawn_without_the_tick(
    world, regions, legal, client_for
):
    east, _, _ = regions
    w = witness(world.county_a, name="纪检组")
    p = plan(world.county_a, strata_by=["region"], quota_value="0.25", witness=w)
    p.stratum_quotas = {str(east.pk): "1"}
    p.save()
    c = client_for(legal)
    page = c.get(f"/supervision/plans/{p.pk}/draw/").text
    assert "抽取不可撤销" in page and "确认抽取（不可撤销）" in page
    assert "按比例 25%" in page and "东湖片区 100%" in page
    # Per 片区: the pool and the number the quota draws (4 of 4; ceil(8 × 25%) = 2).
    assert '<td>东湖片区</td><td class="text-end">4</td><td class="text-end">4</td>' in page
    assert '<td>西岸片区</td><td class="text-end">8</td><td class="text-end">2</td>' in page
    assert "<strong>6户</strong>" in page
    # The plan's witness is chosen already.
    assert f'<option value="{w.pk}" selected>' in page
    refused = c.post(f"/supervision/plans/{p.pk}/draw/", {"witness": w.pk})
    assert refused.status_code == 400 and "请勾选确认：抽取不可撤销" in refused.text
    p.refresh_from_db()
    assert p.status == PlanStatus.DRAFT and not Task.objects.exists() and not p.seed


def test_the_witness_entered_on_the_plan_is_the_witness_of_the_draw(
    world, regions, legal, client_for
):
    w = witness(world.county_a, name="纪检组")
    p = plan(world.county_a, strata_by=["region"], quota_value="0.5", witness=w)
    c = client_for(legal)
    assert "计划中已指定，抽取时沿用" in c.get(p.get_absolute_url()).text
    # Confirmed without choosing anyone: the plan's witness is used, not typed again.
    resp = c.post(f"/supervision/plans/{p.pk}/draw/", {"confirm": "on"})
    assert resp.status_code == 302
    p.refresh_from_db()
    assert p.status == PlanStatus.DRAWN and p.witness == w and p.drawn_by == legal
    inp = algo.DrawInput.from_bytes(zlib.decompress(bytes(p.draw_inputs)))
    assert (w.pk, "witness") in inp.excluded


def test_confirmation_is_for_the_legal_office_of_the_agency_and_only_before_the_draw(
    world, regions, legal, client_for
):
    p = plan(world.county_a, strata_by=["region"], quota_value="0.5")
    url = f"/supervision/plans/{p.pk}/draw/"
    assert client_for(world.officer_a).get(url).status_code == 403
    assert client_for(legal_officer(world.county_b)).get(url).status_code == 404
    assert client_for(world.city_officer).get(url).status_code == 404
    w = witness(world.county_a)
    assert client_for(legal).post(url, {"witness": w.pk, "confirm": "1"}).status_code == 302
    again = client_for(legal).get(url, follow=True)
    assert "该计划已抽取，不能重复抽取" in again.text


def test_region_strata_from_the_plan_page_to_the_verified_draw(world, regions, legal, client_for):
    east, west, units = regions
    w = witness(world.county_a)
    c = client_for(legal)
    resp = c.post(
        "/supervision/plans/add/",
        {
            "name": "2026年分片区双随机抽查",
            "year": 2026,
            "source": "county",
            "strata_by": ["region"],
            "quota_mode": "proportion",
            "quota_value": "25",
            "stratum_quotas": "东湖片区 = 100%",
            "exclude_inspected_months": "0",
            "inspectors_per_target": "2",
            "planned_on": "2026-05-01",
            "check_ends_on": "2026-06-30",
            "witness": w.pk,
        },
    )
    assert resp.status_code == 302, resp.text
    p = SamplingPlan.objects.get(name="2026年分片区双随机抽查")
    assert p.strata_by == ["region"] and p.stratum_quotas == {str(east.pk): "1"}
    assert c.post(f"/supervision/plans/{p.pk}/draw/", {"confirm": "1"}).status_code == 302
    tasks = Task.objects.filter(plan=p)
    by_stratum = {}
    for t in tasks:
        by_stratum.setdefault(t.stratum, set()).add(t.entity_id)
    assert by_stratum[str(east.pk)] == {e.pk for e in units["east"]}  # 100% of 东湖片区
    assert len(by_stratum[str(west.pk)]) == 2 and by_stratum[str(west.pk)] <= {
        e.pk for e in units["west"]
    }
    page = c.get(p.get_absolute_url()).text
    assert "按片区分层" in page and "西岸片区" in page
    p.refresh_from_db()
    assert services.verify_draw(p).ok


def test_recently_inspected_units_are_left_out_unless_high_risk_and_recorded(world, regions, legal):
    from core.models import Person

    _, _, units = regions
    people = list(Person.objects.filter(agency=world.county_a).exclude(certificate_number=""))[:2]
    recent, risky, old = units["west"][0], units["west"][1], units["west"][2]
    inspection(world.county_a, recent, people, day=datetime.date(2026, 3, 1), kind="routine")
    inspection(world.county_a, risky, people, day=datetime.date(2026, 3, 1), kind="routine")
    inspection(world.county_a, old, people, day=datetime.date(2025, 9, 1), kind="routine")
    risky.risk_grade = "high"
    risky.save()
    p = plan(world.county_a, strata_by=["region"], quota_value="1", exclude_inspected_months=6)
    preview = services.draw_preview(p)
    assert preview.left_out == 1 and preview.pool == 11 and preview.to_draw == 11
    from supervision.tests.factories import draw

    draw(p, seed="recent", drawer=legal)
    p.refresh_from_db()
    drawn = set(Task.objects.filter(plan=p).values_list("entity_id", flat=True))
    assert recent.pk not in drawn and risky.pk in drawn and old.pk in drawn
    inp = algo.DrawInput.from_bytes(zlib.decompress(bytes(p.draw_inputs)))
    assert p.algorithm_version == inp.algorithm == "fazhi-draw/4"
    assert inp.excluded_entities == {"recently_inspected": [recent.pk]}
    assert inp.pool_rules == {
        "exclude_inspected_months": 6,
        "inspected_from": "2025-11-01",
        "inspected_before": "2026-05-01",
    }
    check = services.verify_draw(p)
    assert check.ok, check.messages
    assert any(
        "抽取范围排除1户：6个月内（2025-11-01至2026-05-01前）已检查且非高风险" in m
        for m in check.messages
    )


def test_tampered_exclusions_fail_the_verification(world, regions, legal):
    import hashlib

    p = plan(world.county_a, strata_by=["region"], quota_value="1", exclude_inspected_months=6)
    from supervision.tests.factories import draw

    draw(p, seed="x", drawer=legal)
    p.refresh_from_db()
    inp = algo.DrawInput.from_bytes(zlib.decompress(bytes(p.draw_inputs)))
    one_drawn = Task.objects.filter(plan=p).values_list("entity_id", flat=True).first()
    inp.excluded_entities = {"recently_inspected": [one_drawn]}
    raw = inp.to_bytes()
    SamplingPlan.objects.filter(pk=p.pk).update(
        draw_inputs=zlib.compress(raw), input_digest=hashlib.sha256(raw).hexdigest()
    )
    p.refresh_from_db()
    check = services.verify_draw(p)
    assert not check.ok and any("被排除的对象" in m for m in check.messages)


# --- 检查日期 and the plan's first day --------------------------------------------------------


def test_an_inspection_on_the_day_the_plan_starts_is_allowed_the_day_before_is_not(
    world, regions, legal, client_for, api_for
):
    import time_machine
    from django.utils import timezone

    from supervision.tests.factories import draw

    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="3")
    # Drawn on the morning of its first day, inspected the same day.
    draw(p, seed="day", drawer=legal, on=p.planned_on)
    first, second, third = Task.objects.filter(plan=p).order_by("seq")
    moment = timezone.make_aware(datetime.datetime(2026, 5, 1, 15, 0))
    day, before = p.planned_on, p.planned_on - datetime.timedelta(days=1)

    def page_body(task, on):
        return {
            "entity": task.entity.uscc,
            "kind": "random",
            "inspected_on": on.isoformat(),
            "inspectors": [x.pk for x in task.inspectors.all()],
            "task": task.pk,
            "result": "passed",
        }

    def api_body(task, on):
        return {**page_body(task, on), "entity": task.entity_id}

    with time_machine.travel(moment, tick=False):
        c = client_for(world.officer_a)
        refused = c.post(f"/supervision/inspections/add/?task={first.pk}", page_body(first, before))
        assert refused.status_code in (200, 400)
        assert "检查日期早于抽查计划的计划检查日期（2026-05-01）" in refused.text
        ok = c.post(f"/supervision/inspections/add/?task={first.pk}", page_body(first, day))
        assert ok.status_code == 302
        api = api_for(world.officer_a)
        bad = api.post("/api/supervision/inspections/", api_body(second, before), format="json")
        assert bad.status_code == 400 and "计划检查日期" in bad.json()["inspected_on"][0]
        good = api.post("/api/supervision/inspections/", api_body(second, day), format="json")
        assert good.status_code == 201, good.json()
        moved = api.post(
            f"/api/supervision/tasks/{third.pk}/transition/",
            {"to": "unable", "reason": "closed", "evidence": "现场已拆除"},
            format="json",
        )
        assert moved.status_code == 200, moved.json()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == "inspected" and first.inspected_on == day
