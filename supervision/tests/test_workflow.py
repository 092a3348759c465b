import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from registry.tests.factories import entity
from supervision import services, workflow
from supervision.models import (
    InspectionResult,
    RectificationOrder,
    Task,
    TaskStatus,
)
from supervision.tests.factories import inspection, inspector, plan

S = TaskStatus


@pytest.fixture
def setup(world):
    e = entity(world.county_a)
    people = [inspector(world.county_a) for _ in range(2)]
    p = plan(world.county_a)
    task = Task.objects.create(agency=world.county_a, plan=p, entity=e, stratum="x", seq=1)
    return task, people


def put(task, status, result=""):
    Task.objects.filter(pk=task.pk).update(status=status, result=result)
    task.refresh_from_db()
    return task


def prepare(task, people, frm, to, world):
    """Satisfy the guards of (frm, to) so that only the table decides."""
    data = {}
    if (frm, to) == (S.ASSIGNED, S.INSPECTED):
        inspection(world.county_a, task.entity, people, task=task)
    if (frm, to) == (S.ASSIGNED, S.UNABLE):
        data = {"reason": "closed", "evidence": "现场照片：已关门歇业"}
    if frm == S.INSPECTED and to == S.REVIEWING:
        put(task, frm, InspectionResult.RECTIFY)
    if frm == S.REVIEWING:
        put(task, frm, InspectionResult.RECTIFY)
        insp = inspection(world.county_a, task.entity, people, task=task)
        RectificationOrder.objects.create(
            inspection=insp,
            number="整改001",
            issued_on=insp.inspected_on,
            due_on=insp.inspected_on + datetime.timedelta(days=10),
            requirements="x",
            status="completed",
        )
    return data


@pytest.mark.parametrize("frm,to", list(itertools.product(S.values, S.values)))
def test_transition_matrix(world, setup, frm, to):
    task, people = setup
    put(task, frm)
    data = prepare(task, people, frm, to, world)
    if (frm, to) in workflow.TRANSITIONS:
        workflow.transition(task, to, actor=world.officer_a, **data)
        assert Task.objects.get(pk=task.pk).status == to
    else:
        with pytest.raises(ValidationError):
            workflow.transition(task, to, actor=world.officer_a, **data)
        assert Task.objects.get(pk=task.pk).status == frm


def test_reviewer_role_may_not_move_tasks(world, setup):
    task, people = setup
    inspection(world.county_a, task.entity, people, task=task)
    with pytest.raises(PermissionDenied):
        workflow.transition(task, S.INSPECTED, actor=world.reviewer_a)


def test_inspection_needs_two_inspectors(world, setup):
    task, people = setup
    inspection(world.county_a, task.entity, people[:1], task=task)
    with pytest.raises(ValidationError) as exc:
        workflow.transition(task, S.INSPECTED, actor=world.officer_a)
    assert "至少2名" in exc.value.messages[0]


def test_unable_needs_reason_and_evidence(world, setup):
    task, _ = setup
    with pytest.raises(ValidationError):
        workflow.transition(task, S.UNABLE, actor=world.officer_a, reason="closed", evidence="")


def test_rectify_result_cannot_close_without_follow_up(world, setup):
    task, people = setup
    insp = inspection(
        world.county_a, task.entity, people, task=task, result=InspectionResult.RECTIFY
    )
    workflow.transition(task, S.INSPECTED, actor=world.officer_a)
    assert task.result == InspectionResult.RECTIFY
    with pytest.raises(ValidationError):
        workflow.transition(task, S.CLOSED, actor=world.officer_a)
    workflow.transition(task, S.REVIEWING, actor=world.officer_a)
    order = RectificationOrder.objects.create(
        inspection=insp,
        number="卫监整〔2026〕1号",
        issued_on=insp.inspected_on,
        due_on=datetime.date(2026, 5, 30),
        requirements="完善消毒记录",
    )
    with pytest.raises(ValidationError):
        workflow.transition(task, S.CLOSED, actor=world.officer_a)
    follow = inspection(
        world.county_a, task.entity, people, kind="follow_up", day=datetime.date(2026, 6, 1)
    )
    services.record_follow_up(order, follow, rectified=True, actor=world.officer_a)
    assert Task.objects.get(pk=task.pk).status == S.CLOSED  # the follow-up closes the task


def test_rectification_deadline_before_inspection_date_is_refused(world, setup):
    task, people = setup
    insp = inspection(world.county_a, task.entity, people)
    order = RectificationOrder(
        inspection=insp,
        agency=world.county_a,
        number="x",
        issued_on=insp.inspected_on,
        due_on=insp.inspected_on - datetime.timedelta(days=1),
        requirements="y",
    )
    with pytest.raises(ValidationError) as exc:
        order.full_clean()
    assert "整改期限不能早于检查日期" in exc.value.message_dict["due_on"][0]


def test_case_result_sets_the_case_flag(world, setup):
    task, people = setup
    insp = inspection(world.county_a, task.entity, people, result=InspectionResult.CASE)
    assert insp.case_requested is True
