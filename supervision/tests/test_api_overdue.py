"""逾期 in the API: ``is_overdue`` and ``?overdue=`` of tasks, inspections (公示) and orders, read
from the ``core.deadlines`` ``Deadline`` rows as the list pages read them."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from core.deadlines import start_deadline
from core.models.deadlines import Deadline, DeadlineStatus
from core.validators import local_today
from supervision import rules, services
from supervision.tests.factories import _inspection, _order, _task

pytestmark = pytest.mark.django_db


def _clock(obj, rule_id, *, due_on, status=DeadlineStatus.OPEN):
    """The record's clock of ``rule_id`` (started if it has none) due on ``due_on``."""
    ct = ContentType.objects.get_for_model(obj)
    rows = Deadline.objects.filter(content_type=ct, object_id=obj.pk, rule_id=rule_id)
    if not rows.exists():
        start = min(due_on, local_today()) - datetime.timedelta(days=30)
        start_deadline(obj, rule_id, start, due_on=due_on)
    rows.update(due_on=due_on, status=status)


def _rows(api, url):
    return api.get(url).json()["results"]


def _routine(agency):
    insp = _inspection(agency)
    insp.kind = "routine"
    insp.save()
    services.start_result_publication_deadline(insp)  # as the page and the API do
    return insp


CASES = [
    ("tasks", _task, rules.TASK_RULE),
    ("inspections", _routine, rules.RESULT_PUBLICATION_RULE),
    ("rectifications", _order, rules.RECTIFICATION_RULE),
]


@pytest.mark.parametrize(("path", "make", "rule_id"), CASES, ids=[c[0] for c in CASES])
def test_is_overdue_and_the_overdue_filter_follow_the_deadline_rows(
    world, api_for, path, make, rule_id
):
    today = local_today()
    late, on_time, done = (make(world.county_a) for _ in range(3))
    _clock(late, rule_id, due_on=today - datetime.timedelta(days=3))
    _clock(on_time, rule_id, due_on=today + datetime.timedelta(days=3))
    _clock(done, rule_id, due_on=today - datetime.timedelta(days=3), status=DeadlineStatus.DONE)
    foreign = make(world.county_b)
    _clock(foreign, rule_id, due_on=today - datetime.timedelta(days=3))
    api = api_for(world.officer_a)

    listed = {r["id"]: r["is_overdue"] for r in _rows(api, f"/api/supervision/{path}/")}
    assert listed[late.pk] is True
    assert listed[on_time.pk] is False
    assert listed[done.pk] is False
    assert foreign.pk not in listed

    detail = api.get(f"/api/supervision/{path}/{late.pk}/").json()
    assert detail["is_overdue"] is True
    assert api.get(f"/api/supervision/{path}/{on_time.pk}/").json()["is_overdue"] is False

    overdue = [r["id"] for r in _rows(api, f"/api/supervision/{path}/?overdue=true")]
    assert overdue == [late.pk]
    not_overdue = {r["id"] for r in _rows(api, f"/api/supervision/{path}/?overdue=false")}
    assert {on_time.pk, done.pk} <= not_overdue
    assert late.pk not in not_overdue

    # The clock completed (published, rectified, inspected): no longer overdue.
    Deadline.objects.filter(object_id=late.pk, rule_id=rule_id).update(status=DeadlineStatus.DONE)
    assert api.get(f"/api/supervision/{path}/{late.pk}/").json()["is_overdue"] is False
    assert _rows(api, f"/api/supervision/{path}/?overdue=true") == []


def test_the_schema_documents_is_overdue_and_the_overdue_filter(world, client_for):
    schema = client_for(world.officer_a).get("/api/schema/?format=json").json()
    for path in ("tasks", "inspections", "rectifications"):
        params = schema["paths"][f"/api/supervision/{path}/"]["get"]["parameters"]
        overdue = next(p for p in params if p["name"] == "overdue")
        assert overdue["schema"]["type"] == "boolean"
        assert "逾期" in overdue["description"]
    for name in ("Task", "Inspection", "Rectification"):
        field = schema["components"]["schemas"][name]["properties"]["is_overdue"]
        assert field["type"] == "boolean" and field["readOnly"] is True
