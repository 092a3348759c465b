"""待办: an inspector sees the random tasks of their team and the 回头看 their orders await."""

import datetime

from core.pending import pending_for
from registry.tests.factories import entity
from supervision import services
from supervision.models import RectificationOrder
from supervision.tests.factories import draw, inspection, inspector, plan

TODAY = datetime.date(2026, 5, 4)


def _titles(user):
    return {i.title: i for i in pending_for(user, today=TODAY)}


def test_an_inspector_sees_their_tasks_then_the_follow_up_their_order_awaits(world):
    me = world.officer_a.person
    me.certificate_number, me.certificate_valid_until = "T330102-ME", datetime.date(2030, 1, 1)
    me.save()
    colleague = inspector(world.county_a)
    unit = entity(world.county_a, name="待办测试宾馆")
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="1")
    draw(p, seed="pending")
    task = p.tasks.get()
    assert set(task.team.members.all()) == {me, colleague}

    item = _titles(world.officer_a)[f"双随机抽查：{unit.name}（{p.name}）"]
    assert item.due_on == p.check_ends_on and item.url == task.get_absolute_url()
    assert not any(unit.name in t for t in _titles(world.officer_b))  # another county's officer

    visit = inspection(world.county_a, unit, [me, colleague], task=task, day=TODAY)
    services.inspect_task(visit, actor=world.officer_a)
    order = services.issue_rectification(
        RectificationOrder(
            agency=world.county_a,
            inspection=visit,
            issued_on=TODAY,
            due_on=TODAY + datetime.timedelta(days=15),
            requirements="更换布草",
        ),
        actor=world.officer_a,
    )
    titles = _titles(world.officer_a)
    assert not any(t.startswith("双随机抽查：") for t in titles)  # inspected: no longer to do
    item = titles[f"整改期限：{unit.name}（{order.number}）"]
    assert item.due_on == order.due_on and item.rule_label == "整改期限"
    # The 回头看 is due 10 working days after the 整改期限 (05-19 → 06-02).
    item = titles[f"整改复查（回头看）：{unit.name}（{order.number}）"]
    assert item.due_on == datetime.date(2026, 6, 2) and item.rule_label == "10工作日"

    follow_up = inspection(
        world.county_a, unit, [me, colleague], kind="follow_up", day=order.due_on
    )
    services.record_follow_up(order, follow_up, rectified=True, actor=world.officer_a)
    # Nothing of the order is left; the 回头看's own result now waits for its 公示.
    left = [t for t in _titles(world.officer_a) if unit.name in t]
    assert left == [f"公示检查结果：{unit.name}（{order.due_on:%Y-%m-%d}）"]


def test_a_login_without_a_person_has_no_inspection_items(world):
    from core.models import Role, User

    login = User.objects.create(username="no_person", agency=world.county_a, role=Role.INSPECTOR)
    assert login.person_id is None
    assert pending_for(login, today=TODAY) == []
