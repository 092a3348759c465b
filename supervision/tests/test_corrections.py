"""Published means published: after 公示 a change is a correction with a reason, kept as a new
version, and the public pages say the result was corrected, when and why."""

import datetime

import pytest

from core.models import AuditEvent, PublicationCorrection
from registry.tests.factories import entity
from supervision import services
from supervision.models import Inspection, InspectionKind, SamplingPlan, Task
from supervision.tests.factories import draw, inspection, inspector, plan

DAY = datetime.date(2026, 5, 10)
INSPECTIONS = "/api/supervision/inspections/"


@pytest.fixture
def published(world):
    """A routine inspection of county A whose result (合格) was published on 2026-05-20."""
    unit = entity(world.county_a, name="东湖公示宾馆")
    people = [world.officer_a.person, inspector(world.county_a)]
    insp = inspection(world.county_a, unit, people, kind=InspectionKind.ROUTINE, result="passed")
    services.publish_inspections(
        Inspection.objects.filter(pk=insp.pk), on=datetime.date(2026, 5, 20), actor=world.officer_a
    )
    insp.refresh_from_db()
    assert insp.published_on == datetime.date(2026, 5, 20)
    return insp


def test_api_patch_of_a_published_result_is_refused_in_chinese(world, published, api_for):
    api = api_for(world.officer_a)
    resp = api.patch(f"{INSPECTIONS}{published.pk}/", {"result": "rectify"}, format="json")
    assert resp.status_code == 400
    assert resp.json()["result"] == [
        "检查结论已于2026-05-20公示，不能直接修改：已公示的内容只能更正，并须说明更正理由（更正公示）。"
    ]
    resp = api.patch(f"{INSPECTIONS}{published.pk}/", {"inspected_on": "2026-05-09"})
    assert (
        resp.status_code == 400 and "检查日期已于2026-05-20公示" in resp.json()["inspected_on"][0]
    )
    assert Inspection.objects.get(pk=published.pk).result == "passed"
    assert not PublicationCorrection.objects.exists()
    # What was not published may still be edited.
    ok = api.patch(f"{INSPECTIONS}{published.pk}/", {"findings": "补充检查情况"}, format="json")
    assert ok.status_code == 200, ok.json()


def test_edit_page_refuses_a_change_of_a_published_result(world, published, client_for):
    c = client_for(world.officer_a)
    resp = c.post(
        f"/supervision/inspections/{published.pk}/edit/",
        {
            "entity": published.entity.uscc,
            "kind": "routine",
            "inspected_on": DAY.isoformat(),
            "inspectors": [p.pk for p in published.inspectors.all()],
            "result": "rectify",
            "record_number": published.record_number,
        },
    )
    assert resp.status_code == 200
    assert "检查结论已于2026-05-20公示，不能直接修改" in resp.content.decode()
    assert Inspection.objects.get(pk=published.pk).result == "passed"


def test_correction_keeps_the_published_values_and_the_portal_says_corrected(
    world, published, api_for, client
):
    api = api_for(world.officer_a)
    refused = api.post(f"{INSPECTIONS}{published.pk}/correct/", {"result": "rectify"})
    assert refused.status_code == 400 and "reason" in refused.json()
    short = api.post(f"{INSPECTIONS}{published.pk}/correct/", {"result": "rectify", "reason": "改"})
    assert short.status_code == 400 and "须填写更正理由" in short.json()["reason"][0]
    same = api.post(
        f"{INSPECTIONS}{published.pk}/correct/", {"result": "passed", "reason": "检查结论录入错误"}
    )
    assert same.status_code == 400 and "没有需要更正的项" in str(same.json())
    future = api.post(
        f"{INSPECTIONS}{published.pk}/correct/",
        {"inspected_on": "2026-05-21", "reason": "检查日期录入错误"},
    )
    assert future.status_code == 400  # a corrected date must still be true: before its 公示
    assert "结果公示日期不能早于检查日期" in str(future.json())

    done = api.post(
        f"{INSPECTIONS}{published.pk}/correct/",
        {"result": "rectify", "reason": "检查结论录入错误"},
        format="json",
    )
    assert done.status_code == 200, done.json()
    assert done.json()["result"] == "rectify"
    row = PublicationCorrection.objects.get()
    assert row.target == Inspection.objects.get(pk=published.pk)
    assert row.reason == "检查结论录入错误" and row.created_by == world.officer_a
    assert row.changes == {"result": {"label": "检查结论", "before": "合格", "after": "责令整改"}}
    assert AuditEvent.objects.filter(action="correct", object_id=str(published.pk)).exists()

    page = client.get("/portal/inspections/").content.decode()
    assert "更正说明" in page
    assert f"已更正（更正于{row.corrected_on:%Y-%m-%d}，理由：检查结论录入错误" in page
    assert "检查结论由“合格”更正为“责令整改”" in page


def test_correction_on_the_page_is_listed_on_the_inspection(world, published, client_for):
    c = client_for(world.officer_a)
    page = c.get(published.get_absolute_url()).content.decode()
    assert "更正公示" in page and "已于2026-05-20公示" in page
    c.post(
        f"/supervision/inspections/{published.pk}/correct/",
        {"inspected_on": "2026-05-09", "result": "passed", "reason": "检查日期笔误"},
    )
    assert Inspection.objects.get(pk=published.pk).inspected_on == datetime.date(2026, 5, 9)
    page = c.get(published.get_absolute_url()).content.decode()
    assert "已更正（更正于" in page and "理由：检查日期笔误" in page


def test_random_result_correction_reaches_its_task_and_the_portal(world, api_for, client):
    entity(world.county_a)
    inspector(world.county_a)
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="1")
    draw(p, seed="correct")
    task = p.tasks.get()
    api = api_for(world.officer_a)
    made = api.post(
        INSPECTIONS,
        {
            "entity": task.entity_id,
            "kind": "random",
            "inspected_on": DAY.isoformat(),
            "inspectors": [pp.pk for pp in task.inspectors.all()],
            "task": task.pk,
            "result": "passed",
        },
        format="json",
    ).json()
    from supervision.tests.factories import legal_officer

    services.publish_plan(p, on=datetime.date(2026, 5, 20), actor=legal_officer(world.county_a))
    resp = api.post(
        f"{INSPECTIONS}{made['id']}/correct/", {"result": "rectify", "reason": "结论应为责令整改"}
    )
    assert resp.status_code == 200, resp.json()
    assert Task.objects.get(pk=task.pk).result == "rectify"
    page = client.get("/portal/random-checks/").content.decode()
    assert "理由：结论应为责令整改" in page and "责令整改" in page


def test_published_plan_is_corrected_not_patched(world, api_for, client):
    entity(world.county_a)
    inspector(world.county_a)
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="1")
    draw(p, seed="plan-correct")
    from supervision.tests.factories import legal_officer

    legal = legal_officer(world.county_a)
    services.publish_plan(p, on=datetime.date(2026, 5, 20), actor=legal)
    api = api_for(legal)
    patched = api.patch(f"/api/supervision/plans/{p.pk}/", {"name": "改名"}, format="json")
    assert patched.status_code == 400
    assert "计划已公示，不能直接修改" in str(patched.json())
    fixed = api.post(
        f"/api/supervision/plans/{p.pk}/correct/",
        {"partner_department": "临江市市场监督管理局", "reason": "漏填联合抽查部门"},
        format="json",
    )
    assert fixed.status_code == 200, fixed.json()
    assert SamplingPlan.objects.get(pk=p.pk).partner_department == "临江市市场监督管理局"
    page = client.get("/portal/random-checks/").content.decode()
    assert "已更正（更正于" in page and "理由：漏填联合抽查部门" in page
    assert (
        api_for(world.officer_a)
        .post(f"/api/supervision/plans/{p.pk}/correct/", {"name": "x", "reason": "执法人员更正"})
        .status_code
        == 403
    )


def test_an_order_does_not_turn_a_published_pass_into_rectify_silently(world, published, api_for):
    api = api_for(world.officer_a)
    order = {
        "inspection": published.pk,
        "issued_on": DAY.isoformat(),
        "due_on": "2026-05-30",
        "requirements": "整改",
    }
    refused = api.post("/api/supervision/rectifications/", order, format="json")
    assert refused.status_code == 400
    assert "检查结论已于2026-05-20公示为“合格”" in refused.json()["inspection"][0]
    assert Inspection.objects.get(pk=published.pk).result == "passed"
    fixed = api.post(
        f"{INSPECTIONS}{published.pk}/correct/", {"result": "rectify", "reason": "漏记整改要求"}
    )
    assert fixed.status_code == 200
    assert api.post("/api/supervision/rectifications/", order, format="json").status_code == 201
