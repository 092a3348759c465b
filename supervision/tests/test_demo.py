import random

from core.indicators import compute
from core.periods import Period
from registry import demo as registry_demo
from registry.models import SupervisedEntity
from supervision import demo, services
from supervision.models import Inspection, SamplingPlan, TeamMember


def _tiny_demo(monkeypatch, agencies, seed, entities, inspections):
    """The registry and supervision demo of ``agencies`` at a tiny scale, for 2025."""
    rng = random.Random(seed)
    monkeypatch.setitem(registry_demo.ENTITIES, "tiny", entities)
    monkeypatch.setitem(demo.INSPECTIONS, "tiny", inspections)
    built = registry_demo.build(agencies, "tiny", rng)
    return built, demo.build(agencies, "tiny", rng, year=2025)


def test_small_demo_builds_verifiable_draws_and_a_year_of_inspections(world, monkeypatch):
    built, counts = _tiny_demo(monkeypatch, [world.county_a, world.county_b], 7, 400, 600)
    assert built["entities"] == 400
    assert counts["plans"] == 2 and counts["inspections"] == 600
    assert SupervisedEntity.objects.count() == 400
    for plan in SamplingPlan.objects.all():
        assert services.verify_draw(plan).ok
    assert all(
        len(set(i.inspectors.values_list("pk", flat=True))) == 2
        for i in Inspection.objects.all()[:20]
    )
    m = compute("random_closure_rate", world.city, Period.year(2025))
    assert (m.numerator, m.denominator) == (m.records.count(), m.denominator_records.count())
    # The load counted once at its end (core.tallies.counted_once), and counts go on after it.
    from core import tallies

    assert tallies.verify(tallies.registered()) == []
    m = compute("inspections_count", world.city, Period.year(2025))
    assert m.value == 600 == m.records.count()


def test_demo_publications_are_on_time_and_reference_lists_filled(world, monkeypatch):
    from core.models.deadlines import Deadline
    from supervision.models import Campaign, Conflict, InspectionItem

    _tiny_demo(monkeypatch, [world.county_a], 3, 200, 300)
    deadlines = Deadline.objects.filter(rule_id="supervision.random_publication")
    assert deadlines.count() == 1 and all(d.met for d in deadlines)
    plan = SamplingPlan.objects.get()
    assert plan.items.count() == InspectionItem.objects.count() == len(demo.ITEMS)
    campaign = Campaign.objects.get()
    special = Inspection.objects.filter(kind="special")
    inside = special.filter(inspected_on__range=(campaign.starts_on, campaign.ends_on))
    assert inside.exists() and not inside.exclude(campaign=campaign).exists()
    # An inspection outside the 专项行动's period is not one of it (Inspection.clean says so).
    assert not Inspection.objects.filter(campaign=campaign).exclude(pk__in=inside).exists()
    assert Conflict.objects.exists()


def test_demo_tasks_and_orders_follow_their_inspections(world, monkeypatch):
    """Each task carries its inspection's result and date; an order rectified in time has its
    回头看 within the deadline, and a task is closed only when nothing is left to do."""
    from supervision.models import InspectionKind, RectificationOrder, Task, TaskStatus

    _, counts = _tiny_demo(monkeypatch, [world.county_a], 11, 1200, 900)
    assert Inspection.objects.count() == counts["inspections"] == 900

    tasks = Task.objects.select_related("entity").prefetch_related("inspections")
    assert tasks.count() > 40
    seen = set()
    for task in tasks:
        visits = list(task.inspections.all())
        if not visits:
            assert task.status == TaskStatus.CLOSED and task.unable_reason
            continue
        (visit,) = visits
        assert (task.result, task.inspected_on) == (visit.result, visit.inspected_on)
        orders = list(visit.rectifications.all())
        if visit.result == "rectify":
            (order,) = orders
            rectified = order.status == "completed"
            assert task.status == (TaskStatus.CLOSED if rectified else TaskStatus.REVIEWING)
            assert task.closed_on == (order.completed_on if rectified else None)
        else:
            assert not orders and task.status == TaskStatus.CLOSED
        seen.add((visit.result, task.status))
    assert ("passed", TaskStatus.CLOSED) in seen and ("rectify", TaskStatus.CLOSED) in seen

    orders = RectificationOrder.objects.select_related("inspection", "follow_up")
    assert orders.filter(status="completed").exists() and orders.filter(status="open").exists()
    for order in orders:
        if order.status == "completed":
            f = order.follow_up
            assert f.kind == InspectionKind.FOLLOW_UP and f.entity_id == order.inspection.entity_id
            assert order.issued_on <= f.inspected_on <= order.due_on
            assert order.completed_on == f.inspected_on
        else:
            assert order.follow_up is None and order.completed_on is None


def test_demo_findings_and_check_ins(world, monkeypatch):
    """Inspections that ordered rectification name the checklist points not met, their 回头看
    finds them met, and every 双随机 inspection was checked in on the day of the visit."""
    from zoneinfo import ZoneInfo

    from supervision.models import CheckIn, Finding, RectificationOrder

    _tiny_demo(monkeypatch, [world.county_a], 5, 800, 600)

    flagged = Inspection.objects.exclude(result="passed").exclude(kind="follow_up")
    assert flagged.count() > 20
    for visit in flagged.prefetch_related("items__point"):
        found = list(visit.items.all())
        assert 1 <= len(found) <= 2
        assert all(not f.compliant and f.point.category == visit.entity.category for f in found)
    assert not Finding.objects.filter(inspection__result="passed", compliant=False).exists()
    for order in RectificationOrder.objects.filter(status="completed").select_related(
        "inspection", "follow_up"
    ):
        before = set(order.inspection.items.values_list("point_id", flat=True))
        after = order.follow_up.items.all()
        assert before == {f.point_id for f in after} and all(f.compliant for f in after)

    beijing = ZoneInfo("Asia/Shanghai")
    random_visits = Inspection.objects.filter(kind="random")
    assert random_visits.exists()
    assert (
        CheckIn.objects.count()
        == random_visits.count()
        == CheckIn.objects.filter(accepted=True).count()
    )
    for check_in in CheckIn.objects.select_related("inspection__entity")[:50]:
        visit = check_in.inspection
        assert check_in.scanned_entity_code == visit.entity.uscc
        assert visit.inspectors.filter(certificate_number=check_in.scanned_person_code).exists()
        assert visit.checked_in_at.astimezone(beijing).date() == visit.inspected_on
        assert check_in.created_at == visit.checked_in_at
    assert (
        not Inspection.objects.exclude(kind="random").filter(checked_in_at__isnull=False).exists()
    )


def test_demo_documents_are_numbered_and_new_ones_continue_after_them(world, monkeypatch):
    from core.numbering import format_number
    from supervision.models import OPINION, RECORD, RectificationOrder

    _tiny_demo(monkeypatch, [world.county_a], 2, 300, 400)
    a = world.county_a

    visits = list(Inspection.objects.order_by("inspected_on", "pk"))
    assert [v.record_number for v in visits] == [
        format_number(a, RECORD, 2025, n) for n in range(1, len(visits) + 1)
    ]
    flagged = [v for v in visits if v.result != "passed"]
    assert [v.opinion_number for v in flagged] == [
        format_number(a, OPINION, 2025, n) for n in range(1, len(flagged) + 1)
    ]
    assert all(v.opinion_number == "" for v in visits if v.result == "passed")
    for order in RectificationOrder.objects.select_related("inspection"):
        assert order.number == order.inspection.opinion_number
    # The next numbers continue the demo's.
    assert RECORD.number(a, 2025) == format_number(a, RECORD, 2025, len(visits) + 1)
    assert OPINION.number(a, 2025) == format_number(a, OPINION, 2025, len(flagged) + 1)


def test_demo_draws_name_who_drew_and_who_witnessed(world, monkeypatch, client_for):
    """RULES §4: the draw record names its operator and witness; pages show people's names."""
    _tiny_demo(monkeypatch, [world.county_a], 3, 200, 100)
    plan = SamplingPlan.objects.select_related("drawn_by").get()
    assert plan.drawn_by is not None and plan.drawn_by.agency_id == world.county_a.pk
    # Separation of duties: 法规科 draws, another person witnesses, neither inspects.
    assert plan.drawn_by.role == "legal_office" and plan.witness_id != plan.drawn_by.person_id
    drawn = set(TeamMember.objects.filter(team__plan=plan).values_list("person_id", flat=True))
    assert not drawn & {plan.witness_id, plan.drawn_by.person_id}
    assert services.verify_draw(plan).ok
    html = client_for(world.officer_a).get(plan.get_absolute_url()).content.decode()
    assert f"{plan.drawn_by.display_name} / {plan.witness.name}" in html
    assert plan.drawn_by.username not in html.split("抽取人/见证人")[1].split("</dd>")[0]


def test_the_demo_records_carry_their_clocks_as_the_services_would(world, monkeypatch):
    """Every task, inspection result and order has its Deadline rows; done work completed them,
    and only the orders still open are overdue (the demo year is past)."""
    from core.models import Deadline, DeadlineStatus
    from supervision import rules
    from supervision.models import RectificationOrder, RectificationStatus, Task

    _tiny_demo(monkeypatch, [world.county_a], 11, 300, 400)
    by_rule = {
        rule: Deadline.objects.filter(rule_id=rule)
        for rule in (
            rules.TASK_RULE,
            rules.RESULT_PUBLICATION_RULE,
            rules.RECTIFICATION_RULE,
            rules.FOLLOW_UP_RULE,
            rules.PUBLICATION_RULE,
        )
    }
    orders = RectificationOrder.objects.all()
    assert by_rule[rules.TASK_RULE].count() == Task.objects.count() > 0
    routine = Inspection.objects.exclude(kind="random").count()
    assert by_rule[rules.RESULT_PUBLICATION_RULE].count() == routine > 0
    assert by_rule[rules.RECTIFICATION_RULE].count() == orders.count() > 0
    assert by_rule[rules.FOLLOW_UP_RULE].count() == orders.count()
    for rule in (rules.TASK_RULE, rules.RESULT_PUBLICATION_RULE, rules.PUBLICATION_RULE):
        assert not by_rule[rule].exclude(status=DeadlineStatus.DONE).exists(), rule
    still_open = orders.exclude(status=RectificationStatus.COMPLETED)
    assert set(
        by_rule[rules.RECTIFICATION_RULE]
        .filter(status=DeadlineStatus.OPEN)
        .values_list("object_id", flat=True)
    ) == set(still_open.values_list("pk", flat=True))
    overdue = orders.filter(rules.overdue(RectificationOrder))
    assert set(overdue) == set(still_open) and overdue.exists()
    assert services.backfill_deadlines() == {"tasks": 0, "inspections": 0, "rectifications": 0}
