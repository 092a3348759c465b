"""Dates that cannot be true are refused, by the page, the API and the services alike.

“Today” is the local date of ``settings.TIME_ZONE`` (Asia/Shanghai): between 16:00 and 24:00 UTC
it is already the next day in Beijing. The clock is set with time-machine around those hours.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from registry.tests.factories import entity
from supervision import services, workflow
from supervision.forms import PlanForm
from supervision.models import Inspection, RectificationOrder, SamplingPlan, Task
from supervision.tests.factories import draw, inspector, plan

UTC = datetime.UTC
DAY = datetime.date(2026, 5, 10)
INSPECTIONS = "/api/supervision/inspections/"


def utc(*args):
    """A moment given in UTC, held still (``tick=False``) while the test runs."""
    return time_machine.travel(datetime.datetime(*args, tzinfo=UTC), tick=False)


@pytest.fixture
def tasks(world):
    """Two drawn county-A tasks, inspected by officer_a and another certified inspector."""
    entity(world.county_a)
    entity(world.county_a)
    inspector(world.county_a)
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="2")
    draw(p, seed="dates")
    return list(p.tasks.order_by("seq"))


def _page_inspection(client, task, day):
    return client.post(
        f"/supervision/inspections/add/?task={task.pk}",
        {
            "entity": task.entity.uscc,
            "kind": "random",
            "inspected_on": day.isoformat(),
            "inspectors": [p.pk for p in task.inspectors.all()],
            "task": task.pk,
            "result": "passed",
        },
    )


def _api_inspection(task, day, **extra):
    return {
        "entity": task.entity_id,
        "kind": "random",
        "inspected_on": day.isoformat(),
        "inspectors": [p.pk for p in task.inspectors.all()],
        "task": task.pk,
        "result": "passed",
        **extra,
    }


def test_page_takes_today_in_beijing_and_refuses_tomorrow(world, tasks, client_for):
    c = client_for(world.officer_a)
    with utc(2026, 5, 10, 16, 30):  # 2026-05-11 00:30 in Beijing, still the 10th in UTC
        resp = _page_inspection(c, tasks[0], datetime.date(2026, 5, 11))
        assert resp.status_code == 302, resp.content.decode()[:3000]
        resp = _page_inspection(c, tasks[1], datetime.date(2026, 5, 12))
    assert resp.status_code == 200
    assert "检查日期不能晚于今天（2026-05-11）：已完成的工作不能填写将来的日期。" in (
        resp.content.decode()
    )
    assert Inspection.objects.count() == 1


def test_api_refuses_an_inspection_dated_after_today_in_beijing(world, tasks, api_for):
    api = api_for(world.officer_a)
    with utc(2026, 5, 10, 15, 59):  # 23:59 in Beijing: the 11th is tomorrow
        resp = api.post(INSPECTIONS, _api_inspection(tasks[0], DAY + datetime.timedelta(1)))
    assert resp.status_code == 400
    assert resp.json()["inspected_on"] == [
        "检查日期不能晚于今天（2026-05-10）：已完成的工作不能填写将来的日期。"
    ]
    assert not Inspection.objects.exists()
    assert Task.objects.get(pk=tasks[0].pk).status == "assigned"


def test_api_refuses_a_year_typed_with_two_digits(world, tasks, api_for):
    api = api_for(world.officer_a)
    resp = api.post(INSPECTIONS, _api_inspection(tasks[0], datetime.date(26, 5, 10)))
    assert resp.status_code == 400
    assert "检查日期的年份须为四位年份（1900–2100）" in resp.json()["inspected_on"][0]


def test_order_issued_in_the_future_is_refused(world, tasks, api_for):
    api = api_for(world.officer_a)
    insp = api.post(INSPECTIONS, _api_inspection(tasks[0], DAY), format="json").json()
    with utc(2026, 5, 11, 2, 0):  # 10:00 on the 11th in Beijing
        resp = api.post(
            "/api/supervision/rectifications/",
            {
                "inspection": insp["id"],
                "issued_on": "2026-05-12",
                "due_on": "2026-05-30",
                "requirements": "整改",
            },
            format="json",
        )
    assert resp.status_code == 400
    assert "下达日期不能晚于今天（2026-05-11）" in resp.json()["issued_on"][0]
    assert not RectificationOrder.objects.exists()


def test_follow_up_cannot_be_moved_before_the_order_it_closed(world, tasks, api_for):
    api = api_for(world.officer_a)
    first = api.post(INSPECTIONS, _api_inspection(tasks[0], DAY), format="json").json()
    order = api.post(
        "/api/supervision/rectifications/",
        {
            "inspection": first["id"],
            "issued_on": "2026-05-12",
            "due_on": "2026-05-30",
            "requirements": "整改",
        },
        format="json",
    ).json()
    follow = api.post(
        INSPECTIONS,
        _api_inspection(tasks[0], datetime.date(2026, 5, 20), kind="follow_up"),
        format="json",
    ).json()
    closed = api.post(
        f"/api/supervision/rectifications/{order['id']}/follow-up/",
        {"follow_up": follow["id"], "rectified": True},
        format="json",
    )
    assert closed.status_code == 200
    # Moving the 回头看 before the order it closed is refused, naming the order.
    moved = api.patch(f"{INSPECTIONS}{follow['id']}/", {"inspected_on": "2026-05-11"})
    assert moved.status_code == 400
    assert "回头看的检查日期不能早于所复查整改令" in moved.json()["inspected_on"][0]
    # So is moving the original inspection after the order it issued.
    later = api.patch(f"{INSPECTIONS}{first['id']}/", {"inspected_on": "2026-05-13"})
    assert later.status_code == 400
    assert "不能晚于本次检查下达的整改令" in later.json()["inspected_on"][0]
    assert Inspection.objects.get(pk=follow["id"]).inspected_on == datetime.date(2026, 5, 20)
    order = RectificationOrder.objects.get()
    assert order.completed_on == datetime.date(2026, 5, 20) and order.full_clean() is None


def test_plan_year_is_four_digits_and_the_year_of_its_period(world, api_for, legal_a):
    api = api_for(legal_a)
    body = {
        "name": "年度计划",
        "year": 26,
        "source": "county",
        "quota_mode": "count",
        "quota_value": "1",
        "planned_on": "2026-05-01",
        "check_ends_on": "2026-06-30",
    }
    resp = api.post("/api/supervision/plans/", body, format="json")
    assert resp.status_code == 400
    assert resp.json()["year"] == ["年度须为四位年份（2000–2100），如2026；“26”不是。"]
    resp = api.post("/api/supervision/plans/", {**body, "year": 2025}, format="json")
    assert resp.status_code == 400
    assert "年度2025与检查期间不一致" in resp.json()["year"][0]
    resp = api.post(
        "/api/supervision/plans/", {**body, "year": 2026, "check_ends_on": "2027-02-01"}
    )
    assert "不在年度2026内" in resp.json()["check_ends_on"][0]
    assert not SamplingPlan.objects.exists()
    form = PlanForm(
        data={
            **body,
            "quota_value": "1",
            "inspectors_per_target": 2,
            "exclude_inspected_months": 0,
        },
        instance=SamplingPlan(agency=world.county_a),
    )
    assert not form.is_valid()
    assert "四位年份" in form.errors["year"][0]


def test_plan_results_are_published_on_or_after_their_check_only(world, tasks, legal_a):
    p = tasks[0].plan
    Task.objects.filter(pk=tasks[0].pk).update(
        status="inspected", result="passed", inspected_on=DAY
    )
    Task.objects.filter(pk=tasks[1].pk).update(
        status="inspected", result="passed", inspected_on=datetime.date(2026, 5, 25)
    )
    services.publish_plan(p, on=datetime.date(2026, 5, 20), actor=legal_a)
    published = dict(Task.objects.filter(plan=p).values_list("pk", "published_on"))
    assert published == {tasks[0].pk: datetime.date(2026, 5, 20), tasks[1].pk: None}
    for task in Task.objects.filter(plan=p, published_on__isnull=False):
        assert task.published_on >= task.inspected_on
        task.full_clean()


def test_plan_publication_date_is_not_in_the_future_nor_before_the_draw(world, tasks, legal_a):
    p = tasks[0].plan
    with utc(2026, 5, 20, 16, 0), pytest.raises(ValidationError) as exc:  # 00:00 on the 21st
        services.publish_plan(p, on=datetime.date(2026, 5, 22), actor=legal_a)
    assert exc.value.message_dict["published_on"] == [
        "公示日期不能晚于今天（2026-05-21）：已完成的工作不能填写将来的日期。"
    ]
    with pytest.raises(ValidationError) as exc:
        services.publish_plan(p, on=datetime.date(2026, 4, 1), actor=legal_a)
    assert exc.value.message_dict["published_on"] == ["公示日期不能早于抽取时间（2026-04-30）。"]
    assert SamplingPlan.objects.get(pk=p.pk).status == "drawn"


def test_task_stamps_are_beijing_days_and_close_after_the_check(world, tasks):
    task = tasks[0]
    with utc(2026, 5, 10, 16, 30):  # 00:30 on the 11th in Beijing
        workflow.transition(
            task, "unable", actor=world.officer_a, reason="suspended", evidence="停业公告"
        )
    assert Task.objects.get(pk=task.pk).inspected_on == datetime.date(2026, 5, 11)
    with pytest.raises(ValidationError) as exc:
        workflow.transition(task, "closed", actor=world.officer_a, on=datetime.date(2026, 5, 9))
    assert exc.value.message_dict["closed_on"] == ["完结日期不能早于检查日期（2026-05-11）。"]
    assert Task.objects.get(pk=task.pk).status == "unable"
