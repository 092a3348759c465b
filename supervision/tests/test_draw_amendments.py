"""抽取更正: a drawn result is corrected only by a recorded amendment, never edited in place.

An entity found closed after the draw, or an inspector who must recuse (回避), is dealt with by a
``DrawAmendment`` with a reason: the replacement is the next of the draw's own order, the original
draw still verifies, and ``fazhi draw verify`` lists and re-derives every correction.
"""

import io
import zlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from core.models import AuditEvent
from core.models.deadlines import Deadline, DeadlineStatus
from registry.tests.factories import entity
from supervision import draw as algo
from supervision import services
from supervision.models import (
    AmendmentKind,
    Conflict,
    DrawAmendment,
    Task,
    TaskStatus,
)
from supervision.tests.factories import draw, inspection, inspector, legal_officer, plan

TASKS = "/api/supervision/tasks/"


@pytest.fixture
def drawn(world):
    """County A: 20 units in two strata, 6 inspectors; half of each stratum drawn."""
    for i in range(20):
        entity(world.county_a, subcategory="lodging" if i % 2 else "bathing")
    for _ in range(6):
        inspector(world.county_a)
    p = plan(world.county_a, quota_value="0.5")
    draw(p, seed="amend")
    return p


@pytest.fixture
def legal(world):
    return legal_officer(world.county_a, name="吴法规")


def _snapshot(p):
    return algo.DrawInput.from_bytes(zlib.decompress(bytes(p.draw_inputs)))


def _first_task(p):
    return Task.objects.filter(plan=p).order_by("seq").first()


def test_closed_entity_is_replaced_by_the_next_of_its_stratum_and_the_draw_still_verifies(
    world, drawn, legal
):
    task = _first_task(drawn)
    task.entity.status = "closed"
    task.entity.save()
    drawn_ids = set(Task.objects.filter(plan=drawn).values_list("entity_id", flat=True))
    reserve = [e for e in algo.entity_order(_snapshot(drawn), task.stratum) if e not in drawn_ids]
    # The first unit of the reserve has closed too: passed over and recorded.
    from registry.models import SupervisedEntity

    SupervisedEntity.objects.filter(pk=reserve[0]).update(status="cancelled")

    a = services.amend_draw(
        task, AmendmentKind.REPLACE_TARGET, reason="该单位已于2026-04-20歇业关闭", actor=legal
    )

    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED and task.entity_id not in (reserve[1],)
    new = a.new_task
    assert new.entity_id == reserve[1] and new.stratum == task.stratum and new.seq == 11
    assert new.status == TaskStatus.ASSIGNED
    assert a.detail["skipped_entities"] == [[reserve[0], "not_supervised"]]
    assert a.number == 1 and a.created_by == legal and a.reason.startswith("该单位")
    # The original draw and the correction verify; the command lists the correction.
    check = services.verify_draw(drawn)
    assert check.ok, check.messages
    out = io.StringIO()
    call_command("draw_verify", drawn.pk, stdout=out)
    text = out.getvalue()
    assert "复核一致" in text and "抽取更正1条" in text
    assert "更正1" in text and "替换检查对象" in text and "歇业关闭" in text
    assert "可按记录复现" in text
    # Audited in the chain, with what changed.
    event = AuditEvent.objects.filter(action="draw_amend").get()
    assert event.changes["entity_after"] == reserve[1] and event.changes["reason"] == a.reason
    # The new task has its 检查截止日期 clock; the cancelled one's is cancelled.
    assert Deadline.objects.filter(object_id=new.pk, status=DeadlineStatus.OPEN).exists()
    assert Deadline.objects.filter(object_id=task.pk, status=DeadlineStatus.CANCELLED).exists()


def test_inspector_who_must_recuse_is_replaced_in_the_recorded_order(world, drawn, legal):
    task = _first_task(drawn)
    team = sorted(task.inspectors.values_list("pk", flat=True))
    out_person = task.inspectors.get(pk=team[0])
    others_with_team = list(
        Task.objects.filter(plan=drawn, team_id=task.team_id).exclude(pk=task.pk)
    )
    order = [p for p in algo.inspector_order(_snapshot(drawn), task.entity_id, 1) if p not in team]
    # The first candidate declared a conflict with the unit after the draw: passed over.
    Conflict.objects.create(
        agency=world.county_a, person_id=order[0], entity=task.entity, reason="近亲属"
    )

    a = services.amend_draw(
        task,
        AmendmentKind.REPLACE_INSPECTOR,
        person=out_person,
        reason="执法人员与该单位负责人系同学，申请回避",
        actor=legal,
    )

    task.refresh_from_db()
    now = sorted(task.inspectors.values_list("pk", flat=True))
    assert now == sorted([team[1], order[1]])
    assert a.detail["skipped_people"] == [[order[0], "conflict"]]
    assert a.person_out == out_person and task.status == TaskStatus.ASSIGNED
    # Tasks that shared the team keep it.
    for other in others_with_team:
        other.refresh_from_db()
        assert other.team_id != task.team_id
        assert sorted(other.inspectors.values_list("pk", flat=True)) == team
    check = services.verify_draw(drawn)
    assert check.ok, check.messages
    assert any("更换执法人员" in m and "可按记录复现" in m for m in check.messages)


def test_task_cancelled_with_a_reason_is_kept_and_not_counted(world, drawn, legal):
    from core.periods import Period
    from supervision.indicators import _tasks

    task = _first_task(drawn)
    services.amend_draw(
        task, AmendmentKind.CANCEL_TASK, reason="该单位已迁出本区，不再属本局监管", actor=legal
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    assert Task.objects.filter(plan=drawn).count() == 10
    period = Period.year(2026)
    assert _tasks(world.county_a, period).count() == 9
    assert services.verify_draw(drawn).ok


def test_a_correction_needs_a_reason_and_an_uninspected_task_and_writes_nothing_otherwise(
    world, drawn, legal
):
    task = _first_task(drawn)
    with pytest.raises(ValidationError) as exc:
        services.amend_draw(task, AmendmentKind.CANCEL_TASK, reason="  ", actor=legal)
    assert "须填写更正理由" in exc.value.message_dict["reason"][0]
    with pytest.raises(ValidationError) as exc:
        services.amend_draw(task, AmendmentKind.REPLACE_INSPECTOR, reason="回避", actor=legal)
    assert "换下的执法人员" in exc.value.message_dict["person"][0]
    inspection(
        world.county_a, task.entity, list(task.inspectors.all()), task=task, day=drawn.planned_on
    )
    services.inspect_task(task.inspections.get(), actor=world.officer_a)
    with pytest.raises(ValidationError) as exc:
        services.amend_draw(task, AmendmentKind.CANCEL_TASK, reason="已关闭", actor=legal)
    assert "只有尚未检查（已分派）的任务可以更正" in exc.value.messages[0]
    assert not DrawAmendment.objects.exists()
    task.refresh_from_db()
    assert task.status == TaskStatus.INSPECTED


def test_silent_edits_after_a_correction_fail_the_verification(world, drawn, legal):
    task = _first_task(drawn)
    original_team = task.team_id
    services.amend_draw(
        task,
        AmendmentKind.REPLACE_INSPECTOR,
        person=task.inspectors.first(),
        reason="回避",
        actor=legal,
    )
    assert services.verify_draw(drawn).ok
    Task.objects.filter(pk=task.pk).update(team_id=original_team)  # the edit nobody recorded
    check = services.verify_draw(drawn)
    assert not check.ok and any("已被改动" in m for m in check.messages)


def test_a_correction_whose_replacement_was_chosen_by_hand_fails_the_verification(
    world, drawn, legal
):
    task = _first_task(drawn)
    a = services.amend_draw(task, AmendmentKind.REPLACE_TARGET, reason="已关闭", actor=legal)
    drawn_ids = set(Task.objects.filter(plan=drawn).values_list("entity_id", flat=True))
    other = (
        Task.objects.model.entity.field.related_model.objects.filter(
            agency=world.county_a, subcategory=task.entity.subcategory
        )
        .exclude(pk__in=drawn_ids)
        .first()
    )
    Task.objects.filter(pk=a.new_task_id).update(entity=other)
    DrawAmendment.objects.filter(pk=a.pk).update(detail={**a.detail, "entity_after": other.pk})
    check = services.verify_draw(drawn)
    assert not check.ok
    assert any("不是按抽取顺序应得的下一户" in m for m in check.messages)


# --- who may correct ----------------------------------------------------------------------------


def test_only_the_legal_office_of_the_plans_agency_corrects(
    world, drawn, legal, client_for, api_for
):
    task = _first_task(drawn)
    with pytest.raises(PermissionDenied) as exc:
        services.amend_draw(task, AmendmentKind.CANCEL_TASK, reason="x", actor=world.officer_a)
    assert "无权更正抽取结果" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.amend_draw(task, AmendmentKind.CANCEL_TASK, reason="x", actor=world.city_officer)
    url = f"/supervision/tasks/{task.pk}/amend/"
    assert client_for(world.officer_a).get(url).status_code == 403
    body = {"kind": "cancel_task", "reason": "已关闭"}
    assert api_for(world.officer_a).post(f"{TASKS}{task.pk}/amend/", body).status_code == 403
    # Another county's 法规科 and the city's do not find the task to correct.
    legal_b = legal_officer(world.county_b)
    assert client_for(legal_b).get(url).status_code == 404
    assert api_for(legal_b).post(f"{TASKS}{task.pk}/amend/", body).status_code == 404
    assert client_for(world.city_officer).post(url, {**body, "confirm": "1"}).status_code == 404
    assert not DrawAmendment.objects.exists()
    # The inspector sees no button on the task page; 法规科 does.
    assert "更正抽取结果" not in client_for(world.officer_a).get(task.get_absolute_url()).text
    assert "更正抽取结果" in client_for(legal).get(task.get_absolute_url()).text


def test_page_asks_for_confirmation_and_a_reason_then_the_plan_page_shows_the_correction(
    world, drawn, legal, client_for
):
    task = _first_task(drawn)
    c = client_for(legal)
    url = f"/supervision/tasks/{task.pk}/amend/"
    page = c.get(url).text
    assert "替换检查对象" in page and "更换执法人员（回避）" in page and "取消任务" in page
    refused = c.post(url, {"kind": "replace_target", "reason": "已关闭"})
    assert refused.status_code == 400 and "请勾选确认" in refused.text
    refused = c.post(url, {"kind": "replace_target", "reason": "", "confirm": "1"})
    assert refused.status_code == 400 and "须填写更正理由" in refused.text
    assert not DrawAmendment.objects.exists()
    done = c.post(url, {"kind": "replace_target", "reason": "现场核实已关闭", "confirm": "1"})
    assert done.status_code == 302 and done.url == drawn.get_absolute_url()
    a = DrawAmendment.objects.get()
    plan_page = c.get(drawn.get_absolute_url()).text
    assert "抽取更正记录" in plan_page and "现场核实已关闭" in plan_page
    assert f"{task.entity.name} → {a.new_task.entity.name}" in plan_page
    assert "已取消（抽取更正）" in plan_page and "抽中11户（其中1户经更正取消）" in plan_page
    # The plans export counts the tasks assigned: 10, the cancelled one left out.
    from supervision.io import plan_rows
    from supervision.models import SamplingPlan

    (row,) = plan_rows(SamplingPlan.objects.filter(pk=drawn.pk))
    assert 10 in row and 11 not in row


def test_api_corrects_and_lists_the_corrections(world, drawn, legal, api_for):
    task = _first_task(drawn)
    person = task.inspectors.first()
    api = api_for(legal)
    bad = api.post(f"{TASKS}{task.pk}/amend/", {"kind": "replace_inspector", "reason": ""})
    assert bad.status_code == 400 and "须填写更正理由" in bad.json()["reason"][0]
    resp = api.post(
        f"{TASKS}{task.pk}/amend/",
        {"kind": "replace_inspector", "reason": "回避", "person": person.pk},
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    assert resp.json()["number"] == 1 and resp.json()["person_out"] == person.pk
    listed = api.get(f"/api/supervision/plans/{drawn.pk}/amendments/").json()
    assert [a["kind"] for a in listed] == ["replace_inspector"]
    verify = api.get(f"/api/supervision/plans/{drawn.pk}/verify/").json()
    assert verify["ok"] and any("更正1" in m for m in verify["messages"])
    # Another county does not see the plan's corrections.
    other = api_for(legal_officer(world.county_b))
    assert other.get(f"/api/supervision/plans/{drawn.pk}/amendments/").status_code == 404
