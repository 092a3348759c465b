"""Two people acting on the same plan or task at once: one wins, the other is told, nothing is
written twice.

The races are real on PostgreSQL, where the two transactions overlap and the row locks decide.
SQLite runs write transactions one after the other (``transaction_mode`` IMMEDIATE), so there
these tests check the outcome of the second writer, not the locks: the draw and task tests also
fail on SQLite without their re-read of the row, the import test does not."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from core.models import AuditEvent
from registry.tests.factories import entity
from supervision import services, workflow
from supervision.models import InspectorTeam, PlanStatus, SamplingPlan, Task
from supervision.tests.factories import draw, inspection, inspector, legal_officer, plan, witness

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*targets):
    """Run ``targets`` in threads started together; return what each returned or raised."""
    start = threading.Barrier(len(targets))
    outcomes: list = [None] * len(targets)

    def run(i, target):
        try:
            start.wait(5)
            outcomes[i] = target()
        except Exception as exc:  # reported by the test
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


def test_two_draws_of_one_plan_at_once_save_one_draw(world):
    for _ in range(30):
        entity(world.county_a)
    for _ in range(4):
        inspector(world.county_a)
    p = plan(world.county_a, strata_by=[], quota_value="0.5")
    drawer, witness_person = legal_officer(world.county_a), witness(world.county_a)

    def drawing(seed):
        # Each person's page loaded the draft before either pressed the button; loading it in
        # the thread would let one draw finish before the other person had even read the plan.
        mine = SamplingPlan.objects.get(pk=p.pk)

        def go():
            return services.run_draw(mine, actor=drawer, seed=seed, witness=witness_person)

        return go

    outcomes = _at_once(drawing("first"), drawing("second"))
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    drawn = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(drawn) == 1 and len(refused) == 1, outcomes
    assert "已由他人抽取" in refused[0].messages[0]
    p.refresh_from_db()
    assert p.status == PlanStatus.DRAWN and p.result_digest == drawn[0].digest()
    assert Task.objects.filter(plan=p).count() == len(drawn[0].targets) == 15
    teams = {t.inspector_ids for t in drawn[0].targets}
    assert InspectorTeam.objects.filter(plan=p).count() == len(teams)
    assert services.verify_draw(p).ok
    assert AuditEvent.objects.filter(action="draw", object_id=str(p.pk)).count() == 1


def test_two_people_moving_one_task_at_once_one_is_told(world):
    entity(world.county_a)
    people = [inspector(world.county_a) for _ in range(2)]
    p = plan(world.county_a, strata_by=[], quota_value="1")
    draw(p, seed="race")
    task = p.tasks.get()
    inspection(world.county_a, task.entity, people, task=task, result="passed")

    # Both people opened the task while it was still 待检查, then pressed their buttons.
    first, second = Task.objects.get(pk=task.pk), Task.objects.get(pk=task.pk)

    def inspected():
        return workflow.transition(first, "inspected", actor=world.officer_a)

    def unable():
        return workflow.transition(
            second, "unable", actor=world.officer_a, reason="suspended", evidence="停业公告"
        )

    outcomes = _at_once(inspected, unable)
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    moved = [o for o in outcomes if isinstance(o, Task)]
    assert len(moved) == 1 and len(refused) == 1, outcomes
    assert "已由他人变更为" in refused[0].messages[0]
    task.refresh_from_db()
    assert task.status == moved[0].status
    # Only the winner's fields were written: no 无法检查 reason on an inspected task, or the
    # reverse.
    if task.status == "inspected":
        assert task.unable_reason == "" and task.result == "passed"
    else:
        assert task.unable_reason == "suspended" and task.result == ""
    transitions = AuditEvent.objects.filter(action="transition", object_id=str(task.pk))
    assert transitions.count() == 1


def test_two_imports_of_one_file_at_once_import_it_once(world):
    """The second import waits for the first, then reports every row as already registered."""
    from registry.io import import_entities
    from registry.models import SupervisedEntity
    from registry.tests.factories import entity_row, workbook

    rows = [entity_row(i) for i in range(1, 6)]

    def load():
        return import_entities(workbook(rows), world.county_a, world.admin_a)

    outcomes = _at_once(load, load)
    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    ok = [o for o in outcomes if o.ok]
    refused = [o for o in outcomes if not o.ok]
    assert len(ok) == 1 and ok[0].created == 5 and len(refused) == 1
    assert refused[0].created == 0
    assert {e.row for e in refused[0].errors} == {2, 3, 4, 5, 6}
    assert all("已登记" in e.message for e in refused[0].errors)
    assert SupervisedEntity.objects.filter(agency=world.county_a).count() == 5


def test_an_import_racing_another_agencys_registration_reports_the_row(world):
    """Another agency registers one of the file's codes while the import runs: the import waits
    for it (writes are recorded one after the other in the audit chain), then reports the row
    as already registered and writes nothing."""
    import time

    from django.db import transaction

    from registry.io import import_entities
    from registry.models import SupervisedEntity
    from registry.tests.factories import entity_row, make_uscc, workbook

    book = workbook([entity_row(i) for i in range(1, 4)])
    inserted = threading.Event()

    def rival():
        with transaction.atomic():
            SupervisedEntity.objects.create(
                agency=world.county_b,
                name="他县同码单位",
                uscc=make_uscc(500002),
                address="西山路1号",
                category="public_place",
                subcategory="lodging",
            )
            inserted.set()
            time.sleep(1)

    def load():
        inserted.wait(5)
        return import_entities(book, world.county_a, world.admin_a)

    result = _at_once(rival, load)[1]
    assert not isinstance(result, Exception), result
    assert not result.ok and result.created == 0
    assert [e.row for e in result.errors] == [3]
    assert result.errors[0].message == "统一社会信用代码已被登记。"
    assert not SupervisedEntity.objects.filter(agency=world.county_a).exists()
