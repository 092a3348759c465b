"""Task transitions (whole from×to matrix) and the 双随机 figures rebuilt from seed 002."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.indicators import compute
from core.models import AuditAction, AuditEvent
from core.periods import Period
from registry.models import SupervisedEntity
from registry.tests.factories import make_uscc
from supervision.models import SamplingPlan, Task, TaskStatus
from supervision.workflow import TRANSITIONS, transition

pytestmark = pytest.mark.django_db
ON = datetime.date(2024, 6, 3)


def make_tasks(world, n, agency=None):
    agency = agency or world.county_a
    plan = SamplingPlan.objects.create(
        agency=agency,
        name="2024年国家双随机",
        year=2024,
        source="national",
        planned_on=datetime.date(2024, 5, 1),
        status="drawn",
    )
    start = SupervisedEntity.objects.count()
    entities = SupervisedEntity.objects.bulk_create(
        [
            SupervisedEntity(
                agency=agency,
                name=f"单位{start + i}",
                uscc=make_uscc(50_000 + start + i),
                address=f"路{start + i}号",
                category="public_place",
                subcategory="lodging",
                name_key=f"k{start + i}",
                address_key=f"a{start + i}",
            )
            for i in range(n)
        ]
    )
    return Task.objects.bulk_create(
        [Task(agency=agency, plan=plan, entity=e, stratum="公共场所") for e in entities]
    )


@pytest.mark.parametrize("start, to", list(itertools.product(TaskStatus.values, repeat=2)))
def test_transition_matrix(world, start, to):
    task = make_tasks(world, 1)[0]
    Task.objects.filter(pk=task.pk).update(status=start, result="compliant", inspected_on=ON)
    kwargs = {"on": ON, "result": "compliant", "reason": "closed", "evidence": "现场照片"}
    if (start, to) in TRANSITIONS:
        moved = transition(task, to, actor=world.officer_a, **kwargs)
        assert moved.status == to
        assert AuditEvent.objects.filter(
            action=AuditAction.TRANSITION, object_id=str(task.pk)
        ).exists()
    else:
        with pytest.raises(ValidationError, match="不能从"):
            transition(task, to, actor=world.officer_a, **kwargs)
        task.refresh_from_db()
        assert task.status == start


def test_guards_name_the_missing_field(world):
    task = make_tasks(world, 1)[0]
    with pytest.raises(ValidationError) as exc:
        transition(task, TaskStatus.UNABLE, actor=world.officer_a, on=ON, reason="closed")
    assert "证明材料" in str(exc.value)
    transition(task, TaskStatus.INSPECTED, actor=world.officer_a, on=ON, result="rectify")
    with pytest.raises(ValidationError, match="整改复查后完结"):
        transition(task, TaskStatus.CLOSED, actor=world.officer_a)
    transition(task, TaskStatus.CLOSED, actor=world.officer_a, evidence="复查已整改")


def test_seed_002_completion_and_closure_rates(world):
    """564 national tasks, 4 units closed or out of business: 完成率 99.29%, 完结率 100%."""
    tasks = make_tasks(world, 564)
    Task.objects.filter(pk__in=[t.pk for t in tasks[:560]]).update(
        status=TaskStatus.INSPECTED, result="compliant", inspected_on=ON
    )
    Task.objects.filter(pk__in=[t.pk for t in tasks[560:]]).update(
        status=TaskStatus.UNABLE, unable_reason="suspended", inspected_on=ON
    )
    make_tasks(world, 3, agency=world.county_b)  # another county: outside county A's scope
    year = Period.year(2024)
    assert compute("random_tasks", world.county_a, year).value == 564
    done = compute("random_completion_rate", world.county_a, year)
    assert (done.value, done.numerator, done.denominator) == (Decimal("99.29"), 560, 564)
    assert done.records.count() == 560
    closure = compute("random_closure_rate", world.county_a, year)
    assert closure.value == Decimal("100.00")
    assert compute("random_tasks", world.city, year).value == 567  # city sees its counties
    assert compute("random_tasks", world.county_a, Period.year(2025)).value == 0


def test_rate_without_tasks_is_no_data_not_zero(world):
    m = compute("random_completion_rate", world.county_a, Period.year(2024))
    assert m.value is None and m.denominator == 0
