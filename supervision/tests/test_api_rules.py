"""The API refuses what the pages refuse and writes what they write: inspectors (行政处罚法第42条),
the 双随机 task of an inspection, 回头看 and 责令整改."""

import datetime

import pytest

from core.models import AuditEvent
from registry.models import SupervisedEntity
from registry.tests.factories import entity
from supervision import services
from supervision.models import Inspection, RectificationOrder, Task
from supervision.tests.factories import draw, inspection, inspector, plan

DAY = datetime.date(2026, 5, 10)
INSPECTIONS = "/api/supervision/inspections/"
ORDERS = "/api/supervision/rectifications/"


@pytest.fixture
def tasks(world):
    """Two drawn county-A tasks whose inspectors are officer_a and another certified inspector."""
    entity(world.county_a)
    entity(world.county_a)
    inspector(world.county_a)
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="2")
    draw(p, seed="api-rules")
    return list(p.tasks.order_by("seq"))


def _inspection_data(of, **extra):
    """An inspection of task ``of`` by its drawn inspectors (``extra`` overrides fields)."""
    data = {
        "entity": of.entity_id if of else None,
        "kind": "random",
        "inspected_on": DAY.isoformat(),
        "inspectors": [p.pk for p in of.inspectors.all()] if of else [],
        "task": of.pk if of else None,
        "result": "passed",
    }
    data.update(extra)
    return data


def _order_data(inspection_id, **extra):
    data = {
        "inspection": inspection_id,
        "number": "ZG-API-1",
        "issued_on": DAY.isoformat(),
        "due_on": "2026-05-25",
        "requirements": "布草一客一换",
    }
    data.update(extra)
    return data


def _state(task):
    task.refresh_from_db()
    return task.status, task.result


# --- 执法人员：至少2名、有效执法证、本机构（行政处罚法第42条） ---


def test_api_inspection_by_one_inspector_is_refused(world, tasks, api_for):
    task = tasks[0]
    one = [task.inspectors.first().pk]
    resp = api_for(world.officer_a).post(
        INSPECTIONS, _inspection_data(task, inspectors=one), format="json"
    )
    assert resp.status_code == 400
    (message,) = resp.json()["inspectors"]
    assert "至少2名执法人员" in message and "行政处罚法第42条" in message
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("kind", ["routine", "random"])
def test_api_inspection_by_one_inspector_named_twice_is_refused(world, tasks, api_for, kind):
    task = tasks[0]
    twice = [task.inspectors.first().pk] * 2
    data = _inspection_data(task, inspectors=twice, kind=kind)
    if kind == "routine":
        data["task"] = None
    resp = api_for(world.officer_a).post(INSPECTIONS, data, format="json")
    assert resp.status_code == 400
    assert "至少2名执法人员" in resp.json()["inspectors"][0]
    assert not Inspection.objects.exists()


def test_api_inspection_in_another_countys_campaign_is_refused(world, tasks, api_for):
    from supervision.models import Campaign

    theirs = Campaign.objects.create(
        agency=world.county_b,
        name="西山游泳场所专项",
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 9, 30),
    )
    data = _inspection_data(tasks[0], kind="special", task=None, campaign=theirs.pk)
    resp = api_for(world.officer_a).post(INSPECTIONS, data, format="json")
    assert resp.status_code == 400
    # As a campaign that does not exist: nothing tells that county B has it.
    assert resp.json()["campaign"] == [f"专项行动：编号为“{theirs.pk}”的记录不存在。"]
    assert not Inspection.objects.exists()


def test_api_inspection_by_other_county_and_uncertified_inspectors_is_refused(
    world, tasks, api_for
):
    uncertified = inspector(world.county_a, name="无证人员", certificate_number="")
    foreign = world.officer_b.person.pk
    api = api_for(world.officer_a)
    resp = api.post(
        INSPECTIONS, _inspection_data(tasks[0], inspectors=[foreign, uncertified.pk]), format="json"
    )
    # Another county's inspector is refused as one that does not exist, and not named.
    assert resp.status_code == 400
    assert resp.json()["inspectors"] == [f"执法人员：编号为“{foreign}”的记录不存在。"]
    assert world.officer_b.person.name not in str(resp.json())
    people = [world.officer_a.person.pk, uncertified.pk]
    resp = api.post(INSPECTIONS, _inspection_data(tasks[0], inspectors=people), format="json")
    assert resp.status_code == 400
    messages = resp.json()["inspectors"]
    assert any("无证人员在检查日期无有效执法证" in m and "第42条" in m for m in messages)
    assert not Inspection.objects.exists()


def test_expired_certificate_is_refused_alike_by_page_and_api(world, tasks, api_for, client_for):
    task = tasks[0]
    expired = inspector(world.county_a, name="过期人员", certificate_valid_until=DAY.replace(day=9))
    people = [world.officer_a.person.pk, expired.pk]
    api = api_for(world.officer_a).post(
        INSPECTIONS, _inspection_data(task, inspectors=people), format="json"
    )
    page = client_for(world.officer_a).post(
        f"/supervision/inspections/add/?task={task.pk}",
        {**_inspection_data(task, inspectors=people), "entity": task.entity.uscc},
    )
    message = "过期人员在检查日期无有效执法证，不能实施执法检查（行政处罚法第42条）。"
    assert api.status_code == 400 and api.json() == {"inspectors": [message]}
    assert page.status_code == 200 and message in page.content.decode()
    assert not Inspection.objects.exists()
    assert _state(task) == ("assigned", "")


def test_api_moving_an_inspection_past_a_certificate_is_refused(world, tasks, api_for):
    task = tasks[0]
    expiring = inspector(world.county_a, name="将到期人员", certificate_valid_until=DAY)
    people = [world.officer_a.person.pk, expiring.pk]
    api = api_for(world.officer_a)
    created = api.post(INSPECTIONS, _inspection_data(task, inspectors=people), format="json")
    assert created.status_code == 201, created.json()
    moved = api.patch(
        f"{INSPECTIONS}{created.json()['id']}/", {"inspected_on": "2026-05-11"}, format="json"
    )
    assert moved.status_code == 400 and "将到期人员在检查日期无有效执法证" in str(moved.json())
    assert Inspection.objects.get().inspected_on == DAY


# --- The 双随机 task of an inspection: the agency's own, of the same entity, moved to 已检查 ---


def _written(task):
    """What a refused inspection must leave as it was: inspections, transitions, the task."""
    task.refresh_from_db()
    return (
        Inspection.objects.count(),
        AuditEvent.objects.filter(action="transition").count(),
        task.status,
        task.result,
        task.inspected_on,
    )


def _task_of_page_and_api(client, api, page_task, api_task, **extra):
    page = client.post(
        f"/supervision/inspections/add/?task={page_task.pk}",
        {**_inspection_data(page_task, **extra), "entity": page_task.entity.uscc},
    )
    assert page.status_code == 302, page.context["form"].errors
    created = api.post(INSPECTIONS, _inspection_data(api_task, **extra), format="json")
    assert created.status_code == 201, created.json()
    page_task.refresh_from_db()
    api_task.refresh_from_db()
    fields = ("status", "result", "inspected_on", "unable_reason", "closed_on")
    return [tuple(getattr(t, f) for f in fields) for t in (page_task, api_task)]


def test_api_inspection_moves_its_task_as_the_page_does(world, tasks, api_for, client_for):
    page, api = _task_of_page_and_api(
        client_for(world.officer_a), api_for(world.officer_a), *tasks, result="rectify"
    )
    assert page == api == ("inspected", "rectify", DAY, "", None)
    for task in tasks:
        (event,) = AuditEvent.objects.filter(action="transition", object_id=str(task.pk))
        assert event.changes == {"from": "assigned", "to": "inspected"}
        assert event.actor_id == world.officer_a.pk


def test_inspection_whose_task_may_not_move_is_refused_alike_and_saves_nothing(
    world, tasks, api_for, client_for
):
    """A 法制审核员 granted 登记检查 alone may not move tasks (workflow roles): both refuse."""
    from django.contrib.auth.models import Permission

    user = world.reviewer_a
    user.user_permissions.add(Permission.objects.get(codename="add_inspection"))
    task = tasks[0]
    before = _written(task)
    api = api_for(user).post(INSPECTIONS, _inspection_data(task), format="json")
    page = client_for(user).post(
        f"/supervision/inspections/add/?task={task.pk}",
        {**_inspection_data(task), "entity": task.entity.uscc},
    )
    assert api.status_code == page.status_code == 403
    assert "您的角色无权执行该操作" in api.json()["detail"]
    assert _written(task) == before


def test_explicit_transition_still_moves_a_task_whose_inspection_was_edited_onto_it(
    world, tasks, api_for
):
    task = tasks[0]
    api = api_for(world.officer_a)
    created = api.post(INSPECTIONS, _inspection_data(task, task=None), format="json")
    assert created.status_code == 201, created.json()
    edited = api.patch(f"{INSPECTIONS}{created.json()['id']}/", {"task": task.pk}, format="json")
    assert edited.status_code == 200, edited.json()
    assert _state(task) == ("assigned", "")  # an edit leaves the task, as the edit page does
    moved = api.post(f"/api/supervision/tasks/{task.pk}/transition/", {"to": "inspected"})
    assert moved.status_code == 200 and moved.json()["status"] == "inspected"
    again = api.post(f"/api/supervision/tasks/{task.pk}/transition/", {"to": "inspected"})
    assert again.status_code == 400 and "不允许从“已检查”变更为“已检查”" in str(again.json())


def test_inspection_of_another_entity_than_its_task_is_refused_alike(
    world, tasks, api_for, client_for
):
    task, other = tasks
    data = _inspection_data(task, entity=other.entity_id)
    before = _written(task)
    api = api_for(world.officer_a).post(INSPECTIONS, data, format="json")
    page = client_for(world.officer_a).post(
        f"/supervision/inspections/add/?task={task.pk}", {**data, "entity": other.entity.uscc}
    )
    message = "抽查任务的检查对象与本次检查不一致。"
    assert api.status_code == 400 and api.json() == {"task": [message]}
    assert page.status_code == 200 and page.context["form"].errors["task"] == [message]
    assert _written(task) == before


def test_api_editing_an_inspection_onto_another_entitys_task_is_refused(world, tasks, api_for):
    task, other = tasks
    api = api_for(world.officer_a)
    created = api.post(INSPECTIONS, _inspection_data(task), format="json").json()
    resp = api.patch(f"{INSPECTIONS}{created['id']}/", {"task": other.pk}, format="json")
    assert resp.status_code == 400
    assert resp.json() == {"task": ["抽查任务的检查对象与本次检查不一致。"]}
    assert Inspection.objects.get().task_id == task.pk
    assert _state(other) == ("assigned", "")


@pytest.fixture
def county_b_inspection(world):
    """An inspection county B may record: its entity, officer_b and another of its inspectors."""
    target = entity(world.county_b)
    people = [world.officer_b.person.pk, inspector(world.county_b).pk]
    return {**_inspection_data(None, task=None), "entity": target.pk, "inspectors": people}


def test_inspection_on_another_countys_task_is_refused(
    world, tasks, county_b_inspection, api_for, client_for
):
    task = tasks[0]
    before = _written(task)
    data = {**county_b_inspection, "task": task.pk}
    api = api_for(world.officer_b).post(INSPECTIONS, data, format="json")
    assert api.status_code == 400
    # County A's task is refused as a task that does not exist.
    assert api.json() == {"task": [f"抽查任务：编号为“{task.pk}”的记录不存在。"]}
    entity_code = SupervisedEntity.objects.get(pk=data["entity"]).uscc
    page = client_for(world.officer_b).post(
        "/supervision/inspections/add/", {**data, "entity": entity_code}
    )
    assert page.status_code == 200 and "task" in page.context["form"].errors
    assert _written(task) == before


def test_api_editing_an_inspection_onto_another_countys_task_is_refused(
    world, tasks, county_b_inspection, api_for
):
    api = api_for(world.officer_b)
    created = api.post(INSPECTIONS, county_b_inspection, format="json")
    assert created.status_code == 201, created.json()
    before = _written(tasks[0])
    resp = api.patch(f"{INSPECTIONS}{created.json()['id']}/", {"task": tasks[0].pk}, format="json")
    assert resp.status_code == 400
    assert resp.json()["task"] == [f"抽查任务：编号为“{tasks[0].pk}”的记录不存在。"]
    assert Inspection.objects.get(pk=created.json()["id"]).task_id is None
    assert _written(tasks[0]) == before


def test_city_inspection_may_choose_county_inspectors_on_the_page_as_through_the_api(
    world, api_for, client_for
):
    target = entity(world.county_a)
    people = [world.officer_a.person, inspector(world.county_a)]
    outside_scope = inspector(world.county_b, certificate_number="")
    client = client_for(world.city_officer)
    form_page = client.get(f"/supervision/inspections/add/?entity={target.pk}")
    choices = set(form_page.context["form"].fields["inspectors"].queryset)
    assert "陈立（临江市东湖区卫生健康局）" in form_page.content.decode()  # named with the agency
    assert set(people) <= choices and world.officer_b.person in choices
    assert outside_scope not in choices  # no 执法证: not offered, as before
    data = {
        **_inspection_data(None, task="", kind="routine"),
        "entity": target.uscc,
        "inspectors": [p.pk for p in people],
    }
    page = client.post("/supervision/inspections/add/", data)
    assert page.status_code == 302, page.context["form"].errors
    api = api_for(world.city_officer).post(
        INSPECTIONS, {**data, "entity": target.pk, "task": None}, format="json"
    )
    assert api.status_code == 201, api.json()
    for insp in Inspection.objects.all():
        assert insp.agency == world.city and set(insp.inspectors.all()) == set(people)


# --- 下达责令整改 and 回头看 through the API leave the task as the pages do ---


def _page_path(client, task):
    """Inspection (合格) → 责令整改 → 回头看, through the pages; the task's state after each."""
    data = {**_inspection_data(task), "entity": task.entity.uscc}
    assert client.post(f"/supervision/inspections/add/?task={task.pk}", data).status_code == 302
    insp = Inspection.objects.get(task=task)
    client.post(
        f"/supervision/inspections/{insp.pk}/rectification/",
        {k: v for k, v in _order_data(insp.pk, number="ZG-PAGE").items() if k != "inspection"},
    )
    order = RectificationOrder.objects.get(inspection=insp)
    insp.refresh_from_db()
    after_order = (*_state(task), insp.result)
    resp = client.post(
        f"/supervision/inspections/add/?follow_up={order.pk}",
        {
            **data,
            "kind": "follow_up",
            "inspected_on": "2026-05-26",
            "findings": "已整改",
            "rectified": "1",
        },
    )
    assert resp.status_code == 302
    order.refresh_from_db()
    return after_order, (*_state(task), order.status, order.completed_on, task.closed_on)


def _api_path(api, task):
    """The same work through the API."""
    insp = api.post(INSPECTIONS, _inspection_data(task), format="json").json()
    assert _state(task) == ("inspected", "passed")  # moved by the inspection, as on the page
    created = api.post(ORDERS, _order_data(insp["id"]), format="json")
    assert created.status_code == 201, created.json()
    after_order = (*_state(task), Inspection.objects.get(pk=insp["id"]).result)
    follow = api.post(
        INSPECTIONS,
        _inspection_data(task, kind="follow_up", inspected_on="2026-05-26", task=None),
        format="json",
    ).json()
    resp = api.post(
        f"{ORDERS}{created.json()['id']}/follow-up/",
        {"follow_up": follow["id"], "rectified": True},
        format="json",
    )
    assert resp.status_code == 200 and resp.json()["status"] == "completed"
    order = RectificationOrder.objects.get(pk=created.json()["id"])
    return after_order, (*_state(task), order.status, order.completed_on, task.closed_on)


def test_api_order_and_follow_up_leave_the_task_as_the_pages_do(world, tasks, api_for, client_for):
    page = _page_path(client_for(world.officer_a), tasks[0])
    api = _api_path(api_for(world.officer_a), tasks[1])
    follow_up_on = datetime.date(2026, 5, 26)
    assert page[0] == api[0] == ("reviewing", "rectify", "rectify")
    assert page[1] == api[1] == ("closed", "rectify", "completed", follow_up_on, follow_up_on)


def test_api_order_shows_on_the_portal_as_rectification_not_passed(world, tasks, api_for):
    api = api_for(world.officer_a)
    task = tasks[0]
    insp = api.post(INSPECTIONS, _inspection_data(task), format="json").json()
    assert api.post(ORDERS, _order_data(insp["id"]), format="json").status_code == 201
    services.publish_plan(task.plan, on=datetime.date(2026, 7, 1), actor=world.officer_a)
    html = api.get("/portal/random-checks/").content.decode()
    assert "责令整改（整改中）" in html and "合格（整改中）" not in html


def test_order_on_a_passed_inspection_changes_its_conclusion_in_the_audit_chain(
    world, tasks, api_for
):
    api = api_for(world.officer_a)
    insp = api.post(INSPECTIONS, _inspection_data(tasks[0]), format="json").json()
    assert api.post(ORDERS, _order_data(insp["id"]), format="json").status_code == 201
    saved = Inspection.objects.get(pk=insp["id"])
    assert saved.result == "rectify" and not saved.case_requested
    from django.contrib.contenttypes.models import ContentType

    change = AuditEvent.objects.filter(
        action="change",
        content_type=ContentType.objects.get_for_model(Inspection),
        object_id=str(saved.pk),
        changes__after__result="rectify",
    ).get()
    assert change.changes["before"]["result"] == "passed"
    assert change.actor_id == world.officer_a.pk


def test_order_on_a_case_inspection_keeps_the_case(world, tasks, api_for):
    api = api_for(world.officer_a)
    task = tasks[0]
    insp = api.post(INSPECTIONS, _inspection_data(task, result="case"), format="json").json()
    assert Inspection.objects.get(pk=insp["id"]).case_requested
    assert api.post(ORDERS, _order_data(insp["id"]), format="json").status_code == 201
    saved = Inspection.objects.get(pk=insp["id"])
    assert (saved.result, saved.case_requested) == ("case", True)
    assert _state(task) == ("inspected", "case")


def test_api_order_on_another_countys_inspection_is_refused(world, tasks, api_for):
    task = tasks[0]
    api_a = api_for(world.officer_a)
    insp = api_a.post(INSPECTIONS, _inspection_data(task), format="json").json()
    resp = api_for(world.officer_b).post(ORDERS, _order_data(insp["id"]), format="json")
    # Refused as an inspection that does not exist: nothing tells it is county A's.
    assert resp.status_code == 400
    assert resp.json()["inspection"] == [f"检查：编号为“{insp['id']}”的记录不存在。"]
    assert not RectificationOrder.objects.exists()
    assert _state(task) == ("inspected", "passed")


@pytest.fixture
def ordered(world, tasks, api_for):
    """Task 1 inspected (责令整改) with an open order issued through the API on 2026-05-12."""
    api = api_for(world.officer_a)
    task = tasks[0]
    insp = api.post(INSPECTIONS, _inspection_data(task, result="rectify"), format="json").json()
    order = api.post(ORDERS, _order_data(insp["id"], issued_on="2026-05-12"), format="json")
    assert order.status_code == 201, order.json()
    assert _state(task) == ("reviewing", "rectify")
    return RectificationOrder.objects.get(pk=order.json()["id"]), task


def _completed_elsewhere(order, task, world):
    other = inspection(world.county_a, task.entity, list(task.inspectors.all()), kind="follow_up")
    RectificationOrder.objects.filter(pk=order.pk).update(
        status="completed", completed_on=DAY, follow_up=other
    )
    later = datetime.date(2026, 5, 26)
    return inspection(
        world.county_a, task.entity, list(task.inspectors.all()), kind="follow_up", day=later
    )


def _other_entity(task):
    return Task.objects.exclude(pk=task.pk).get(plan=task.plan).entity


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("own_inspection", "回头看须是另一次检查"),
        ("other_entity", "回头看的检查对象须与整改令的检查对象一致"),
        ("routine_kind", "检查类型须为“回头看”，不能为“日常”"),
        ("before_inspection", "复查日期不能早于原检查日期（2026-05-10）"),
        ("before_issue", "复查日期不能早于整改令下达日期（2026-05-12）"),
        ("already_completed", "整改令ZG-API-1已于2026-05-10整改完毕（已整改），不能再复查"),
    ],
)
def test_api_follow_up_breaking_a_rule_is_refused(world, ordered, api_for, case, message):
    order, task = ordered
    people = list(task.inspectors.all())
    later = datetime.date(2026, 5, 26)
    follow = {
        "own_inspection": lambda: order.inspection,
        "other_entity": lambda: inspection(
            world.county_a, _other_entity(task), people, kind="follow_up", day=later
        ),
        "routine_kind": lambda: inspection(
            world.county_a, task.entity, people, kind="routine", day=later
        ),
        "before_inspection": lambda: inspection(
            world.county_a, task.entity, people, kind="follow_up", day=DAY.replace(day=9)
        ),
        "before_issue": lambda: inspection(
            world.county_a, task.entity, people, kind="follow_up", day=DAY.replace(day=11)
        ),
        "already_completed": lambda: _completed_elsewhere(order, task, world),
    }[case]()
    before = RectificationOrder.objects.values().get(pk=order.pk)
    events = AuditEvent.objects.filter(action="rectification_follow_up").count()
    resp = api_for(world.officer_a).post(
        f"{ORDERS}{order.pk}/follow-up/", {"follow_up": follow.pk, "rectified": True}, format="json"
    )
    assert resp.status_code == 400
    assert any(message in m for m in resp.json()["follow_up"]), resp.json()
    assert RectificationOrder.objects.values().get(pk=order.pk) == before
    assert AuditEvent.objects.filter(action="rectification_follow_up").count() == events
    assert _state(task) == ("reviewing", "rectify")


def test_page_follow_up_of_another_kind_is_refused_on_the_kind_field(world, ordered, client_for):
    order, task = ordered
    resp = client_for(world.officer_a).post(
        f"/supervision/inspections/add/?follow_up={order.pk}",
        {
            **_inspection_data(task, kind="routine", inspected_on="2026-05-26", task=""),
            "entity": task.entity.uscc,
            "rectified": "1",
        },
    )
    assert resp.status_code == 200
    form = resp.context["form"]
    assert "检查类型须为“回头看”" in form.errors["kind"][0]
    assert Inspection.objects.count() == 1
    order.refresh_from_db()
    assert order.status == "open" and _state(task) == ("reviewing", "rectify")


def test_page_follow_up_of_a_completed_order_is_refused(world, ordered, client_for):
    order, task = ordered
    _completed_elsewhere(order, task, world)
    count = Inspection.objects.count()
    resp = client_for(world.officer_a).post(
        f"/supervision/inspections/add/?follow_up={order.pk}",
        {
            **_inspection_data(task, kind="follow_up", inspected_on="2026-05-26", task=""),
            "entity": task.entity.uscc,
            "rectified": "1",
        },
    )
    assert resp.status_code == 200 and "不能再复查" in resp.content.decode()
    assert Inspection.objects.count() == count
