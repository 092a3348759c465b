"""The task → inspection → rectification → 回头看 → 公示 flow through the pages and the API."""

import datetime

import pytest
import time_machine

from core.models import AuditEvent
from core.models.deadlines import Deadline, DeadlineStatus
from core.pending import pending_for
from core.tests.scoping import ScopedEndpoints, assert_scoped
from registry.models import EntityCategory
from registry.tests.factories import entity
from supervision import rules, services
from supervision.models import (
    Campaign,
    CheckIn,
    ChecklistPoint,
    Conflict,
    Finding,
    Inspection,
    InspectionItem,
    RectificationOrder,
    SamplingPlan,
    Task,
)
from supervision.tests.factories import draw, inspector, legal_officer, plan

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))

DAY = datetime.date(2026, 5, 10)


@pytest.fixture
def drawn(world):
    """A drawn county-A plan with one target and two inspectors (one of them officer_a)."""
    seed_checklist()
    entity(world.county_a)
    other = inspector(world.county_a)
    world.officer_a.person.certificate_valid_until = datetime.date(2030, 12, 31)
    world.officer_a.person.save()
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="1")
    draw(p, seed="flow")
    task = p.tasks.get()
    return p, task, other


def _record_inspection(client, task, **extra):
    data = {
        "entity": task.entity.uscc,
        "kind": "random",
        "inspected_on": DAY.isoformat(),
        "inspectors": [p.pk for p in task.inspectors.all()],
        "task": task.pk,
        "result": "rectify",
        "findings": "布草未一客一换",
        "record_number": "XCBL-2026-001",
        "opinion_number": "YJS-2026-001",
    }
    data.update(extra)
    return client.post(f"/supervision/inspections/add/?task={task.pk}", data)


def test_publication_deadline_is_a_core_deadline_in_pending(world, drawn):
    p, _, _ = drawn
    d = services.publication_deadline(p)
    assert d.rule_id == rules.PUBLICATION_RULE and d.start_on == p.check_ends_on
    assert d.due_on == datetime.date(2026, 7, 28)  # 06-30 + 20 wd on the real calendar
    titles = [i.title for i in pending_for(world.officer_a, today=datetime.date(2026, 7, 1))]
    assert any("公示抽查结果" in t for t in titles)
    services.publish_plan(p, on=datetime.date(2026, 7, 2), actor=world.officer_a)
    d.refresh_from_db()
    assert d.status == DeadlineStatus.DONE and d.met is True


def test_late_publication_is_recorded_as_missed(world, drawn):
    p, _, _ = drawn
    due = services.publication_deadline(p).due_on
    services.publish_plan(p, on=due + datetime.timedelta(days=1), actor=world.officer_a)
    assert Deadline.objects.get(object_id=p.pk, rule_id=rules.PUBLICATION_RULE).met is False


def test_configured_publication_period_is_stored(world, settings):
    settings.FAZHI_RANDOM_PUBLICATION_WD = 5
    entity(world.county_a)
    inspector(world.county_a)
    inspector(world.county_a)
    p = plan(world.county_a, strata_by=[], check_ends_on=datetime.date(2026, 1, 5))
    draw(p, seed="cfg")
    d = services.publication_deadline(p)
    assert d.amount == 5 and d.due_on == datetime.date(2026, 1, 12)


def test_inspection_from_task_then_rectification_then_follow_up(world, drawn, client_for, legal_a):
    p, task, _ = drawn
    c = client_for(world.officer_a)
    page = c.get(f"/supervision/inspections/add/?task={task.pk}").content.decode()
    assert task.entity.uscc in page  # prefilled from the task
    resp = _record_inspection(c, task)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    insp = Inspection.objects.get(task=task)
    task.refresh_from_db()
    assert task.status == "inspected" and task.result == "rectify"

    # A deadline before the inspection date is refused and nothing is written.
    resp = c.post(
        f"/supervision/inspections/{insp.pk}/rectification/",
        {"number": "ZG-1", "issued_on": "2026-05-10", "due_on": "2026-05-01", "requirements": "x"},
        follow=True,
    )
    assert "整改期限不能早于检查日期" in resp.content.decode()
    assert not RectificationOrder.objects.exists()

    c.post(
        f"/supervision/inspections/{insp.pk}/rectification/",
        {
            "number": "ZG-1",
            "issued_on": "2026-05-10",
            "due_on": "2026-05-25",
            "requirements": "布草一客一换",
        },
    )
    order = RectificationOrder.objects.get()
    task.refresh_from_db()
    assert task.status == "reviewing"

    # 回头看: the form is prefilled with the same entity and asks whether it was rectified.
    page = c.get(f"/supervision/inspections/add/?follow_up={order.pk}").content.decode()
    assert "整改是否到位" in page and task.entity.uscc in page
    resp = c.post(
        f"/supervision/inspections/add/?follow_up={order.pk}",
        {
            "entity": task.entity.uscc,
            "kind": "follow_up",
            "inspected_on": "2026-05-26",
            "inspectors": [pp.pk for pp in task.inspectors.all()],
            "task": task.pk,
            "result": "passed",
            "findings": "已整改",
            "rectified": "1",
        },
    )
    assert resp.status_code == 302
    order.refresh_from_db()
    task.refresh_from_db()
    assert order.status == "completed" and order.completed_on == datetime.date(2026, 5, 26)
    assert task.status == "closed"

    c = client_for(legal_a)  # 法规科 publishes
    c.post(f"/supervision/plans/{p.pk}/publish/", {"published_on": "2026-07-01"})
    html = c.get("/portal/random-checks/").content.decode()
    assert task.entity.name in html and "责令整改" in html


def test_follow_up_before_original_inspection_is_refused(world, drawn, client_for):
    _, task, _ = drawn
    c = client_for(world.officer_a)
    _record_inspection(c, task)
    insp = Inspection.objects.get(task=task)
    order = RectificationOrder.objects.create(
        inspection=insp,
        number="ZG-2",
        issued_on=DAY,
        due_on=DAY + datetime.timedelta(days=10),
        requirements="x",
    )
    resp = c.post(
        f"/supervision/inspections/add/?follow_up={order.pk}",
        {
            "entity": task.entity.uscc,
            "kind": "follow_up",
            "inspected_on": "2026-05-01",
            "inspectors": [pp.pk for pp in task.inspectors.all()],
            "result": "passed",
            "rectified": "1",
        },
    )
    assert resp.status_code == 200 and "复查日期不能早于原检查日期" in resp.content.decode()
    assert Inspection.objects.count() == 1
    order.refresh_from_db()
    assert order.status == "open"


def test_check_in_page_refuses_and_audits_a_mismatch(world, drawn, client_for):
    _, task, _ = drawn
    c = client_for(world.officer_a)
    _record_inspection(c, task)
    insp = Inspection.objects.get(task=task)
    resp = c.post(
        f"/supervision/inspections/{insp.pk}/check-in/",
        {"entity_code": "91330102MA0000000X", "person_code": "nobody"},
        follow=True,
    )
    assert "扫码核验未通过" in resp.content.decode()
    assert AuditEvent.objects.filter(action="check_in_refused").exists()
    insp.refresh_from_db()
    assert insp.checked_in_at is None
    c.post(
        f"/supervision/inspections/{insp.pk}/check-in/",
        {
            "entity_code": task.entity.uscc.lower(),
            "person_code": world.officer_a.person.certificate_number,
        },
    )
    insp.refresh_from_db()
    assert insp.checked_in_at is not None
    assert list(CheckIn.objects.values_list("accepted", flat=True).order_by("id")) == [False, True]


def seed_checklist():
    """Run the data migration's seed (transactional tests flush migration data)."""
    import importlib

    from django.apps import apps

    importlib.import_module("supervision.migrations.0002_standard_checklist").seed(apps, None)


def test_checklist_is_seeded_for_every_category(db):
    ChecklistPoint.objects.all().delete()
    seed_checklist()
    have = set(ChecklistPoint.objects.values_list("category", flat=True))
    assert have == {c for c in EntityCategory.values if c != "other"}
    assert not ChecklistPoint.objects.filter(basis="").exists()


def test_checklist_findings_need_a_note_when_not_compliant(world, drawn, client_for):
    _, task, _ = drawn
    c = client_for(world.officer_a)
    _record_inspection(c, task)
    insp = Inspection.objects.get(task=task)
    first, second = ChecklistPoint.objects.filter(category=task.entity.category)[:2]
    resp = c.post(
        f"/supervision/inspections/{insp.pk}/checklist/",
        {f"p{first.pk}": "1", f"p{second.pk}": "0", f"n{second.pk}": ""},
        follow=True,
    )
    assert "须写明情况说明" in resp.content.decode()
    assert not Finding.objects.exists()
    c.post(
        f"/supervision/inspections/{insp.pk}/checklist/",
        {f"p{first.pk}": "1", f"p{second.pk}": "0", f"n{second.pk}": "2人无健康证明"},
    )
    assert sorted(Finding.objects.values_list("compliant", flat=True)) == [False, True]
    page = c.get(f"/supervision/inspections/{insp.pk}/").content.decode()
    assert "2人无健康证明" in page and first.basis in page


def test_evidence_is_a_verified_attachment(world, drawn, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.attachments import attachments_for

    _, task, _ = drawn
    c = client_for(world.officer_a)
    _record_inspection(c, task)
    insp = Inspection.objects.get(task=task)
    page = c.get(f"/supervision/inspections/{insp.pk}/").content.decode()
    assert "证据材料" in page and 'enctype="multipart/form-data"' in page
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Inspection)
    c.post(
        f"/attachments/add/{ct.pk}/{insp.pk}/",
        {"file": SimpleUploadedFile("现场照片.jpg", b"\xff\xd8photo"), "description": "前台"},
    )
    assert [a.original_name for a in attachments_for(insp)] == ["现场照片.jpg"]


def test_task_buttons_speak_chinese(world, drawn, client_for):
    _, task, _ = drawn
    page = client_for(world.officer_a).get(f"/supervision/tasks/{task.pk}/").content.decode()
    assert "登记无法检查" in page and "→ unable" not in page and "登记检查结果" in page


def test_reader_role_cannot_draw_or_publish(world, drawn, api_for):
    p, _, _ = drawn
    api = api_for(world.reviewer_a)
    resp = api.post(f"/api/supervision/plans/{p.pk}/publish/", {"published_on": "2026-07-01"})
    assert resp.status_code == 403
    assert SamplingPlan.objects.get(pk=p.pk).status == "drawn"


def test_api_draw_verify_transition_check_in_findings_follow_up(world, api_for, legal_a, witness_a):
    seed_checklist()
    api = api_for(world.officer_a)
    legal = api_for(legal_a)  # plans are made and drawn by 法规科
    target = entity(world.county_a)
    inspector(world.county_a)
    inspector(world.county_a)
    created = legal.post(
        "/api/supervision/plans/",
        {
            "name": "API计划",
            "year": 2026,
            "source": "county",
            "quota_mode": "count",
            "quota_value": "1",
            "planned_on": "2026-05-01",
            "check_ends_on": "2026-06-30",
        },
        format="json",
    ).json()
    pid = created["id"]
    with time_machine.travel(datetime.datetime(2026, 4, 30, 10, tzinfo=SHANGHAI), tick=False):
        drawn = legal.post(
            f"/api/supervision/plans/{pid}/draw/", {"witness": witness_a.pk}, format="json"
        )
    assert drawn.status_code == 200 and drawn.json()["targets"] == 1
    again = legal.post(f"/api/supervision/plans/{pid}/draw/", {}, format="json")
    assert again.status_code == 400 and "不能重复抽取" in str(again.json())
    assert api.get(f"/api/supervision/plans/{pid}/verify/").json()["ok"] is True

    task = Task.objects.get(plan_id=pid)
    people = list(task.inspectors.values_list("pk", flat=True))
    refused = api.post(
        f"/api/supervision/tasks/{task.pk}/transition/", {"to": "inspected"}, format="json"
    )
    assert refused.status_code == 400 and "尚无检查记录" in str(refused.json())
    insp = api.post(
        "/api/supervision/inspections/",
        {
            "entity": target.pk,
            "kind": "random",
            "inspected_on": "2026-05-10",
            "inspectors": people,
            "task": task.pk,
            "result": "rectify",
        },
        format="json",
    ).json()
    # The 双随机 inspection moved its task to 已检查, as the page does: no transition is left.
    assert api.get(f"/api/supervision/tasks/{task.pk}/").json()["status"] == "inspected"
    again = api.post(
        f"/api/supervision/tasks/{task.pk}/transition/", {"to": "inspected"}, format="json"
    )
    assert again.status_code == 400 and "不允许从“已检查”变更为“已检查”" in str(again.json())

    bad = api.post(
        f"/api/supervision/inspections/{insp['id']}/check-in/",
        {"entity_code": "X", "person_code": "Y"},
        format="json",
    )
    assert bad.status_code == 400 and "扫码核验未通过" in str(bad.json())

    point = ChecklistPoint.objects.filter(category=target.category).first()
    wrong = ChecklistPoint.objects.exclude(category=target.category).first()
    resp = api.put(
        f"/api/supervision/inspections/{insp['id']}/findings/",
        [{"point": wrong.pk, "compliant": True, "note": ""}],
        format="json",
    )
    assert resp.status_code == 400
    resp = api.put(
        f"/api/supervision/inspections/{insp['id']}/findings/",
        [{"point": point.pk, "compliant": False, "note": "无健康证明"}],
        format="json",
    )
    assert resp.status_code == 200 and len(resp.json()) == 1

    order = api.post(
        "/api/supervision/rectifications/",
        {
            "inspection": insp["id"],
            "number": "ZG-API",
            "issued_on": "2026-05-10",
            "due_on": "2026-05-20",
            "requirements": "办理健康证明",
        },
        format="json",
    ).json()
    follow = api.post(
        "/api/supervision/inspections/",
        {
            "entity": target.pk,
            "kind": "follow_up",
            "inspected_on": "2026-05-21",
            "inspectors": people,
            "result": "passed",
        },
        format="json",
    ).json()
    closed = api.post(
        f"/api/supervision/rectifications/{order['id']}/follow-up/",
        {"follow_up": follow["id"], "rectified": True},
        format="json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "completed"
    pub = legal.post(
        f"/api/supervision/plans/{pid}/publish/", {"published_on": "2026-07-01"}, format="json"
    )
    assert pub.status_code == 200 and pub.json()["status"] == "published"


def _campaign(agency):
    return Campaign.objects.create(
        agency=agency,
        name=f"{agency.name}游泳场所专项",
        starts_on=datetime.date(2026, 6, 1),
        ends_on=datetime.date(2026, 8, 31),
    )


def _item(agency):
    return InspectionItem.objects.create(
        agency=agency,
        name=f"{agency.name}公共场所卫生监督抽查",
        category="public_place",
        basis="《公共场所卫生管理条例》",
        level="county",
    )


def _conflict(agency):
    return Conflict.objects.create(
        agency=agency,
        person=inspector(agency, name=f"{agency.name}回避人"),
        entity=entity(agency),
        reason="近亲属担任负责人",
    )


@pytest.mark.parametrize(
    "endpoints",
    [
        ScopedEndpoints(
            make=_campaign,
            list_url="supervision:campaign_list",
            detail_url="supervision:campaign_detail",
            edit_url="supervision:campaign_edit",
            api_basename="supervision-api:campaign",
            county_user="officer_a",
        ),
        ScopedEndpoints(
            make=_item,
            list_url="supervision:inspectionitem_list",
            edit_url="supervision:inspectionitem_edit",
            api_basename="supervision-api:inspectionitem",
            county_user="officer_a",
        ),
        ScopedEndpoints(
            make=_conflict,
            list_url="supervision:conflict_list",
            edit_url="supervision:conflict_edit",
            api_basename="supervision-api:conflict",
            label=lambda c: str(c.person),
            county_user="officer_a",
        ),
    ],
    ids=["campaign", "item", "conflict"],
)
def test_reference_lists_are_scoped(world, client_for, api_for, endpoints):
    assert_scoped(world, client_for, api_for, endpoints)


def test_conflict_form_takes_the_credit_code(world, client_for):
    e = entity(world.county_a)
    person = inspector(world.county_a)
    c = client_for(world.officer_a)
    resp = c.post(
        "/supervision/conflicts/add/",
        {"person": person.pk, "entity": "91330102MA99999997", "reason": "亲属"},
    )
    assert resp.status_code == 200 and "未找到该统一社会信用代码" in resp.content.decode()
    c.post("/supervision/conflicts/add/", {"person": person.pk, "entity": e.uscc, "reason": "亲属"})
    assert Conflict.objects.filter(person=person, entity=e).exists()


def test_only_administrators_edit_the_checklist(world, client_for):
    assert client_for(world.officer_a).get("/supervision/checklist/add/").status_code == 403
    assert client_for(world.officer_a).get("/supervision/checklist/").status_code == 200
    # Shared by every agency: the top-level 系统管理员 (core/tests/test_shared_data.py).
    resp = client_for(world.city_admin).post(
        "/supervision/checklist/add/",
        {"category": "school", "order": 9, "text": "教室人均面积", "basis": "GB/T 18205"},
    )
    assert resp.status_code == 302
    assert ChecklistPoint.objects.filter(text="教室人均面积").exists()


def test_plan_page_reads_each_task_s_team_without_a_query_per_task(world, client_for):
    """The task table names every task's inspectors through its 检查组: prefetched, so the
    page's queries do not grow with the number of tasks."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(12):
        entity(world.county_a)
    for _ in range(3):
        inspector(world.county_a)
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="12")
    draw(p, seed="teams")
    assert p.tasks.count() == 12
    client = client_for(world.officer_a)
    client.get(p.get_absolute_url())  # warm the session
    with CaptureQueriesContext(connection) as queries:
        resp = client.get(p.get_absolute_url())
    assert resp.status_code == 200
    sql = [q["sql"] for q in queries]
    # One query each for the tasks, their teams and the teams' members, whatever their number.
    assert sum('"supervision_teammember"' in q for q in sql) == 1
    assert sum('FROM "supervision_inspectorteam"' in q for q in sql) == 1
    assert sum('FROM "supervision_task"' in q and "COUNT" not in q for q in sql) == 1
    page = resp.content.decode()
    for task in p.tasks.all():
        assert "、".join(m.name for m in task.inspectors.all()) in page


@pytest.mark.parametrize(
    "url",
    [
        "/supervision/plans/add/",
        "/supervision/inspections/add/",
        "/supervision/items/add/",
        "/supervision/conflicts/add/",
        "/supervision/checklist/add/",
        "/registry/entities/add/",
    ],
)
def test_empty_choices_read_please_choose_in_chinese(world, client_for, url):
    """Every form derives from core's ``FazhiModelForm``: a select's empty choice reads
    （请选择）, not Django's dashes."""
    user = legal_officer(world.county_a) if "/plans/" in url else world.city_admin
    resp = client_for(user).get(url)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "---------" not in html
    assert "（请选择）" in html


def test_inspection_concluding_case_shows_the_case_is_awaited(world, client_for):
    """Until penalty cases are recorded here, a 立案 conclusion says the case is still awaited;
    other conclusions say nothing of a case."""
    from registry.tests.factories import entity
    from supervision.tests.factories import inspection, inspector

    people = [inspector(world.county_a), inspector(world.county_a)]
    case = inspection(world.county_a, entity(world.county_a), people, kind="routine", result="case")
    passed = inspection(world.county_a, entity(world.county_a), people, kind="routine")
    c = client_for(world.officer_a)
    html = c.get(f"/supervision/inspections/{case.pk}/").content.decode()
    assert "待立案：行政处罚案件尚未登记" in html
    html = c.get(f"/supervision/inspections/{passed.pk}/").content.decode()
    assert "待立案" not in html
