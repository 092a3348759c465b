"""Running, recording and verifying a draw against the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import AuditAction, AuditEvent, Person
from registry.models import EntityStatus
from registry.tests.factories import entity
from supervision.models import Conflict, PlanStratum, SamplingPlan, Task
from supervision.services import run_draw, verify_draw

pytestmark = pytest.mark.django_db
PLANNED = datetime.date(2026, 6, 1)


@pytest.fixture
def county(world):
    for i in range(6):
        Person.objects.create(
            agency=world.county_a,
            name=f"执法员{i}",
            certificate_number=f"ZF{i:04d}",
            certificate_valid_until=datetime.date(2027, 1, 1),
        )
    Person.objects.create(
        agency=world.county_a,
        name="证已过期",
        certificate_number="ZF9999",
        certificate_valid_until=datetime.date(2026, 1, 1),
    )
    lodging = [
        entity(world.county_a, category="public_place", subcategory="lodging") for _ in range(20)
    ]
    clinics = [entity(world.county_a, category="medical", subcategory="clinic") for _ in range(10)]
    closed = entity(
        world.county_a, category="medical", subcategory="clinic", status=EntityStatus.CLOSED
    )
    return world, lodging, clinics, closed


def make_plan(world, **kw):
    plan = SamplingPlan.objects.create(
        agency=world.county_a,
        name="2026年公共场所双随机",
        year=2026,
        source="national",
        planned_on=PLANNED,
        **kw,
    )
    PlanStratum.objects.create(plan=plan, category="public_place", proportion=25)
    PlanStratum.objects.create(plan=plan, category="medical", count=100)
    return plan


def test_draw_saves_tasks_record_and_audit_then_verifies(county):
    world, _lodging, _clinics, closed = county
    plan = make_plan(world)
    result = run_draw(plan, actor=world.officer_a, seed="fixed-seed", witness="纪检组 王某")
    plan.refresh_from_db()
    tasks = Task.objects.filter(plan=plan)
    assert tasks.filter(entity__category="public_place").count() == 5  # 25% of 20
    assert tasks.filter(entity__category="medical").count() == 10  # all open clinics
    assert not tasks.filter(entity=closed).exists()
    expired = Person.objects.get(name="证已过期")
    for task in tasks.prefetch_related("inspectors"):
        team = list(task.inspectors.all())
        assert len(team) == 2 and expired not in team
    assert (plan.status, plan.seed, plan.input_digest) == (
        "drawn",
        "fixed-seed",
        result.input_digest,
    )
    event = AuditEvent.objects.get(action=AuditAction.DRAW)
    assert event.changes["seed"] == "fixed-seed" and event.changes["witness"] == "纪检组 王某"
    assert verify_draw(plan).ok
    call_command("draw_verify", str(plan.pk))


def test_verify_detects_a_changed_task(county):
    world, *_ = county
    plan = make_plan(world)
    run_draw(plan, actor=world.officer_a, seed="s1")
    task = Task.objects.filter(plan=plan).first()
    other = (
        Person.objects.exclude(pk__in=task.inspectors.values("pk"))
        .filter(agency=world.county_a, certificate_number__startswith="ZF0")
        .first()
    )
    through = Task.inspectors.through
    through.objects.filter(task=task).first().delete()
    through.objects.create(task=task, person=other)
    outcome = verify_draw(plan)
    assert not outcome.ok and "复核不一致" in outcome.message
    with pytest.raises(CommandError, match="复核不一致"):
        call_command("draw_verify", str(plan.pk))


def test_conflicts_and_previous_inspectors_are_avoided(county):
    world, _lodging, clinics, _ = county
    people = list(
        Person.objects.filter(agency=world.county_a, certificate_number__startswith="ZF0")
    )
    for c in clinics:
        Conflict.objects.create(agency=world.county_a, person=people[0], entity=c, reason="亲属")
    first = make_plan(world)
    run_draw(first, actor=world.officer_a, seed="a")
    assert not Task.objects.filter(plan=first, entity__in=clinics, inspectors=people[0]).exists()
    second = SamplingPlan.objects.create(
        agency=world.county_a, name="复查", year=2026, source="county", planned_on=PLANNED
    )
    PlanStratum.objects.create(plan=second, category="medical", count=100)
    run_draw(second, actor=world.officer_a, seed="b")
    for task in Task.objects.filter(plan=second).prefetch_related("inspectors"):
        before = Task.objects.get(plan=first, entity=task.entity)
        assert not set(task.inspectors.all()) & set(before.inspectors.all())


def test_not_enough_inspectors_saves_nothing(county):
    world, *_ = county
    plan = make_plan(world)
    Person.objects.filter(agency=world.county_a).exclude(name="执法员0").update(
        certificate_valid_until=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        run_draw(plan, actor=world.officer_a)
    message = str(exc.value)
    assert "至少需要2名" in message and ("公共场所" in message or "医疗卫生机构" in message)
    plan.refresh_from_db()
    assert plan.status == "draft" and not Task.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DRAW).exists()


def test_a_plan_is_drawn_once(county):
    world, *_ = county
    plan = make_plan(world)
    run_draw(plan, actor=world.officer_a)
    with pytest.raises(ValidationError, match="不能重复抽取"):
        run_draw(plan, actor=world.officer_a)


def test_stratum_needs_exactly_one_of_proportion_or_count(world):
    plan = SamplingPlan.objects.create(
        agency=world.county_a, name="x", year=2026, source="county", planned_on=PLANNED
    )
    with pytest.raises(ValidationError, match="只填写一项"):
        PlanStratum(plan=plan, category="water", proportion=10, count=3).full_clean()
    with pytest.raises(ValidationError, match="子类与类别不符"):
        PlanStratum(plan=plan, category="water", subcategory="clinic", count=3).full_clean()
