"""Data migrations of supervision records."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registry.tests.factories import entity
from supervision.tests.factories import inspector

BEFORE = [("supervision", "0005_inspection_tallies")]
AFTER = [("supervision", "0007_remove_task_inspectors")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_task_inspectors_become_one_team_per_set_of_inspectors_in_draw_order(world):
    ents = [entity(world.county_a) for _ in range(4)]
    people = [inspector(world.county_a).pk for _ in range(3)]
    try:
        apps = _migrate(BEFORE)
        plan = apps.get_model("supervision", "SamplingPlan").objects.create(
            agency_id=world.county_a.pk,
            name="迁移前的计划",
            year=2026,
            source="county",
            quota_value="1",
            planned_on=datetime.date(2026, 5, 1),
            check_ends_on=datetime.date(2026, 6, 30),
        )
        Task = apps.get_model("supervision", "Task")
        TaskInspector = apps.get_model("supervision", "TaskInspector")
        # seq 1 and 3 had the same two inspectors, seq 2 others, seq 4 none (not yet drawn).
        dealt = {1: people[:2], 2: people[1:], 3: people[1::-1], 4: []}
        for seq, ids in dealt.items():
            task = Task.objects.create(
                agency_id=world.county_a.pk,
                plan=plan,
                entity_id=ents[seq - 1].pk,
                stratum="*",
                seq=seq,
            )
            for pid in ids:
                TaskInspector.objects.create(task=task, person_id=pid)

        apps = _migrate(AFTER)
        Task = apps.get_model("supervision", "Task")
        teams = {
            t.seq: (t.team.number, sorted(t.team.members.values_list("pk", flat=True)))
            for t in Task.objects.filter(plan_id=plan.pk).exclude(team=None)
        }
        assert teams == {
            1: (1, sorted(people[:2])),
            2: (2, sorted(people[1:])),
            3: (1, sorted(people[:2])),
        }
        assert Task.objects.get(plan_id=plan.pk, seq=4).team is None

        apps = _migrate(BEFORE)  # and back: one row per task and inspector again
        rows = apps.get_model("supervision", "TaskInspector").objects.filter(task__plan_id=plan.pk)
        got = sorted(rows.values_list("task__seq", "person_id"))
        assert got == sorted((seq, pid) for seq, ids in dealt.items() for pid in ids)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_published_results_count_routine_inspections_from_0009_and_all_before(world):
    """0009 re-installs the 公示检查结果 count without 双随机 inspections, and back."""
    from core import tallies
    from supervision.models import Inspection
    from supervision.tests.factories import inspection

    people = [inspector(world.county_a), inspector(world.county_a)]
    day = datetime.date(2026, 3, 2)
    for kind in ("routine", "random"):
        visit = inspection(world.county_a, entity(world.county_a), people, kind=kind, day=day)
        Inspection.objects.filter(pk=visit.pk).update(published_on=day)

    def published():
        month = day.replace(day=1)  # kept by month
        return sum(
            tallies.counts(
                "supervision.inspections_published", world.county_a, month, month
            ).values()
        )

    try:
        assert published() == 1
        _migrate([("supervision", "0008_document_numbers")])
        assert published() == 2
        _migrate([("supervision", "0009_routine_results_published")])
        assert published() == 1
        assert tallies.verify(tallies.registered()) == []
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_records_get_their_clocks_forward_and_lose_them_backward(world):
    """0012: records written before the clocks were Deadline rows get them, done work
    completed; backwards they go, and forward again gives the same rows."""
    from core.models import Deadline, DeadlineStatus
    from supervision.models import RectificationOrder
    from supervision.tests.factories import inspection

    people = [inspector(world.county_a), inspector(world.county_a)]
    visit = inspection(world.county_a, entity(world.county_a), people, kind="routine")
    # As the records were before: written without the services that now start the clocks.
    order = RectificationOrder.objects.create(
        agency=world.county_a,
        inspection=visit,
        number="迁移整改1号",
        issued_on=visit.inspected_on,
        due_on=datetime.date(2026, 5, 25),
        requirements="整改",
    )
    Deadline.objects.all().delete()
    try:
        _migrate([("supervision", "0011_witness_is_a_person")])
        assert not Deadline.objects.exists()
        _migrate([("supervision", "0012_deadlines_of_existing_records")])
        rows = {d.rule_id: d for d in Deadline.objects.all()}
        assert set(rows) == {
            "supervision.result_publication",
            "supervision.rectification",
            "supervision.follow_up",
        }
        fixed = rows["supervision.rectification"]
        assert (fixed.object_id, fixed.due_on, fixed.status) == (
            order.pk,
            order.due_on,
            DeadlineStatus.OPEN,
        )
        before = sorted(Deadline.objects.values_list("rule_id", "object_id", "due_on"))
        _migrate([("supervision", "0011_witness_is_a_person")])
        assert not Deadline.objects.exists()
        _migrate([("supervision", "0012_deadlines_of_existing_records")])
        after = sorted(Deadline.objects.values_list("rule_id", "object_id", "due_on"))
        assert after == before
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
