"""Every supervision clock is a registered ``DeadlineRule`` stored as ``Deadline`` rows, and
逾期 is read from them: on the lists, the record's page, 我的待办 and the dashboard."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from core.deadlines import deadlines_for
from core.models import DeadlineStatus
from core.pending import pending_for
from registry.tests.factories import entity
from supervision import rules, services
from supervision.models import RectificationOrder
from supervision.tests.factories import draw, inspection, inspector, plan

D = datetime.date


def _at(day: datetime.date):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    return time_machine.travel(moment, tick=False)


def _me(world):
    me = world.officer_a.person
    me.certificate_number, me.certificate_valid_until = "T330102-ME", D(2030, 1, 1)
    me.save()
    return me


def _order(world, people, day, due, name="逾期整改宾馆"):
    visit = inspection(
        world.county_a, entity(world.county_a, name=name), people, kind="routine", day=day
    )
    return services.issue_rectification(
        RectificationOrder(
            agency=world.county_a, inspection=visit, issued_on=day, due_on=due, requirements="整改"
        ),
        actor=world.officer_a,
    )


@pytest.mark.parametrize(
    "day, due",
    [
        (D(2026, 1, 5), D(2026, 2, 2)),  # Monday + 20 working days, the day itself not counted
        # 02-14 and 02-28 are 调休 Saturdays, 02-15…02-23 the Spring Festival.
        (D(2026, 2, 13), D(2026, 3, 19)),
        (D(2025, 9, 26), D(2025, 10, 30)),  # across 国庆+中秋 and the 调休 days around it
    ],
)
def test_a_result_is_due_for_publication_twenty_working_days_after_the_inspection(world, day, due):
    """RULES §2.1 事后公示: ≤20 wd after the decision, on the State Council calendar."""
    people = [inspector(world.county_a), inspector(world.county_a)]
    visit = inspection(world.county_a, entity(world.county_a), people, kind="routine", day=day)
    d = deadlines_for(visit).get()
    assert (d.rule_id, d.unit, d.amount) == (rules.RESULT_PUBLICATION_RULE, "wd", 20)
    assert d.due_on == due and not d.provisional
    services.publish_inspections(
        type(visit).objects.filter(pk=visit.pk), on=due, actor=world.officer_a, today=due
    )
    d.refresh_from_db()
    assert d.status == DeadlineStatus.DONE and d.met is True


def test_the_plan_publication_period_is_configurable(world, settings):
    settings.FAZHI_RANDOM_PUBLICATION_WD = 5
    inspector(world.county_a), inspector(world.county_a)
    entity(world.county_a)
    p = plan(world.county_a, strata_by=[], check_ends_on=D(2026, 5, 8))
    draw(p, seed="wd5")
    d = services.publication_deadline(p)
    assert d.due_on == D(2026, 5, 14) and d.amount == 5  # 05-09 is a 调休 Saturday


def test_an_order_fifteen_months_past_due_is_overdue_everywhere(world, client_for):
    me = _me(world)
    people = [me, inspector(world.county_a)]
    late = _order(world, people, D(2025, 8, 1), D(2025, 8, 15), "逾期整改宾馆")
    also_late = _order(world, people, D(2025, 9, 1), D(2025, 9, 30), "逾期整改浴室")
    in_time = _order(world, people, D(2026, 11, 1), D(2026, 12, 15), "期限未到诊所")
    done = _order(world, people, D(2025, 8, 1), D(2025, 8, 20), "已整改游泳馆")
    review = inspection(
        world.county_a, done.inspection.entity, people, kind="follow_up", day=D(2025, 8, 18)
    )
    services.record_follow_up(done, review, rectified=True, actor=world.officer_a)

    with _at(D(2026, 11, 16)):  # 15 months after the first order's 整改期限
        c = client_for(world.officer_a)
        html = c.get("/supervision/rectifications/").content.decode()
        row = re.search(rf"{late.number}.*?</tr>", html, re.S)[0]
        assert "逾期未整改" in row and "整改中" not in row
        assert "逾期未整改" not in re.search(rf"{in_time.number}.*?</tr>", html, re.S)[0]

        listed = c.get("/supervision/rectifications/?overdue=true").content.decode()
        shown = {o.number for o in (late, also_late, in_time, done) if o.number in listed}
        assert shown == {late.number, also_late.number}
        failed = c.get("/supervision/rectifications/?status=failed").content.decode()
        assert late.number in failed and in_time.number not in failed
        open_ = c.get("/supervision/rectifications/?status=open").content.decode()
        assert in_time.number in open_ and late.number not in open_

        page = c.get(late.inspection.get_absolute_url()).content.decode()
        assert "逾期未整改" in page
        unit = c.get(late.inspection.entity.get_absolute_url()).content.decode()
        assert "逾期未整改 1份" in unit

        items = {i.title: i for i in pending_for(world.officer_a)}
        item = items[f"整改期限：逾期整改宾馆（{late.number}）"]
        assert item.state == "overdue" and item.due_on == D(2025, 8, 15)
        assert f"整改期限：期限未到诊所（{in_time.number}）" in items
        assert not any(
            t.startswith(("整改期限：已整改", "整改复查（回头看）：已整改")) for t in items
        )

        board = client_for(world.city_officer).get("/indicators/").content.decode()
        card = re.search(r'id="overdue-rectification" href="([^"]+)">(\d+)<', board)
        assert card[2] == "2"
        drill = client_for(world.city_officer).get(card[1].replace("&amp;", "&"))
        numbers = {o.number for o in (late, also_late, in_time, done)}
        assert {n for n in numbers if n in drill.content.decode()} == {
            late.number,
            also_late.number,
        }

    with _at(D(2025, 8, 10)):  # before its 整改期限 the same order is 整改中
        html = client_for(world.officer_a).get("/supervision/rectifications/").content.decode()
        row = re.search(rf"{late.number}.*?</tr>", html, re.S)[0]
        assert "整改中" in row and "逾期未整改" not in row and "text-bg-danger" not in row


def test_a_task_not_inspected_by_the_check_end_is_overdue(world, client_for):
    me = _me(world)
    inspector(world.county_a)
    unit = entity(world.county_a, name="逾期抽查宾馆")
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="1")
    draw(p, seed="late-task")
    task = p.tasks.get()
    d = deadlines_for(task).get()
    assert (d.rule_id, d.due_on) == (rules.TASK_RULE, p.check_ends_on)
    with _at(p.check_ends_on + datetime.timedelta(days=1)):
        c = client_for(world.officer_a)
        assert unit.name in c.get("/supervision/tasks/?overdue=true").content.decode()
        assert "逾期未检查" in c.get(task.get_absolute_url()).content.decode()
        # The entity page's flag links to that entity's overdue tasks, by its credit code.
        link = f"/supervision/tasks/?overdue=true&amp;entity={unit.uscc}"
        assert link in c.get(unit.get_absolute_url()).content.decode()
        listed = c.get("/supervision/tasks/", {"overdue": "true", "entity": unit.uscc.lower()})
        assert unit.name in listed.content.decode()
        other = c.get("/supervision/tasks/", {"overdue": "true", "entity": "91330102MA0000000X"})
        assert unit.name not in other.content.decode()
    visit = inspection(world.county_a, unit, [me, *task.inspectors.exclude(pk=me.pk)], task=task)
    services.inspect_task(visit, actor=world.officer_a)
    d.refresh_from_db()
    assert d.status == DeadlineStatus.DONE
    with _at(p.check_ends_on + datetime.timedelta(days=1)):
        html = client_for(world.officer_a).get("/supervision/tasks/?overdue=true").content
        assert unit.name not in html.decode()


def test_entering_the_calendar_year_recomputes_a_provisional_follow_up(world, client_for):
    """The 回头看 is due 10 working days after the 整改期限; into 2027, which the calendar does
    not know yet, it is 暂定 (weekends only) until the year's holidays are entered."""
    people = [inspector(world.county_a), inspector(world.county_a)]
    order = _order(world, people, D(2026, 12, 1), D(2026, 12, 24))
    follow = deadlines_for(order).get(rule_id=rules.FOLLOW_UP_RULE)
    assert follow.due_on == D(2027, 1, 7) and follow.provisional
    fixed = deadlines_for(order).get(rule_id=rules.RECTIFICATION_RULE)
    assert fixed.due_on == D(2026, 12, 24) and not fixed.provisional

    client_for(world.city_admin).post(
        "/calendar/2027/", {"date": "2027-01-01", "kind": "holiday", "name": "元旦"}
    )
    follow.refresh_from_db()
    assert follow.due_on == D(2027, 1, 8)  # 01-01 is a holiday: one working day later


def test_a_corrected_due_date_moves_the_orders_clocks(world, api_for):
    """Changing an order's 整改期限 through the API moves its 整改 and 回头看 clocks with it."""
    people = [inspector(world.county_a), inspector(world.county_a)]
    order = _order(world, people, D(2026, 5, 4), D(2026, 5, 19))
    resp = api_for(world.officer_a).patch(
        f"/api/supervision/rectifications/{order.pk}/", {"due_on": "2026-05-29"}, format="json"
    )
    assert resp.status_code == 200, resp.data
    clocks = {d.rule_id: d for d in deadlines_for(order)}
    assert clocks[rules.RECTIFICATION_RULE].due_on == D(2026, 5, 29)
    follow = clocks[rules.FOLLOW_UP_RULE]
    assert (follow.start_on, follow.due_on) == (D(2026, 5, 29), D(2026, 6, 12))


def test_a_draw_starts_one_clock_per_task_written_by_the_database(world):
    """The draw's task clocks come from one INSERT … SELECT: the same rows, on both databases."""
    from django.contrib.contenttypes.models import ContentType

    from core.deadlines import get_rule
    from core.models.deadlines import Deadline, DeadlineStatus
    from registry.tests.factories import entity
    from supervision.models import Task
    from supervision.tests.factories import draw, inspector, plan

    names = ["临江悦来宾馆", "东湖浴室\t（分店）", "宾" * 110]  # the last title passes 200
    for name in names:
        entity(world.county_a, name=name)
    inspector(world.county_a)
    p = plan(world.county_a, name="抽查" * 55, strata_by=[], quota_mode="count", quota_value="3")
    draw(p, seed="clocks")
    rule = get_rule(rules.TASK_RULE)
    ct = ContentType.objects.get_for_model(Task)
    for task in Task.objects.filter(plan=p).select_related("entity"):
        d = Deadline.objects.get(content_type=ct, object_id=task.pk)
        assert d.title == f"双随机抽查：{task.entity.name}（{p.name}）"[:200]
        assert len(d.title) <= 200
        assert (d.agency_id, d.rule_id, d.basis, d.start_event) == (
            task.agency_id,
            rule.id,
            rule.basis,
            rule.start_event,
        )
        assert (d.start_on, d.due_on, d.status, d.pauses, d.extension) == (
            p.planned_on,
            p.check_ends_on,
            DeadlineStatus.OPEN,
            [],
            0,
        )
        assert d.amount == (p.check_ends_on - p.planned_on).days and d.created_at is not None
        assert d.calendar_version and d.provisional is False
