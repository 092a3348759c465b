"""An inspector's day: 我的任务, finding the unit, the inspection form and 扫码入企 at the door."""

from __future__ import annotations

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from core.models import AuditEvent
from core.navigation import menu_for
from registry.tests.factories import entity
from supervision.models import (
    CheckIn,
    ChecklistPoint,
    Finding,
    Inspection,
    InspectorTeam,
    RectificationOrder,
    Task,
    TeamMember,
)
from supervision.tests.factories import inspection, inspector, plan

pytestmark = pytest.mark.django_db


def _task(agency, people, unit=None, **plan_kw):
    """A drawn task of ``unit`` whose 检查组 is ``people``."""
    p = plan(agency, **plan_kw)
    team = InspectorTeam.objects.create(plan=p, number=1)
    for person in people:
        TeamMember.objects.create(team=team, person=person)
    return Task.objects.create(
        agency=agency, plan=p, entity=unit or entity(agency), stratum="*", seq=1, team=team
    )


def _order(agency, people, unit=None, requirements="限期整改"):
    insp = inspection(agency, unit or entity(agency), people, kind="routine")
    return RectificationOrder.objects.create(
        agency=agency,
        inspection=insp,
        number=f"整改{insp.pk}号",
        issued_on=insp.inspected_on,
        due_on=insp.inspected_on + datetime.timedelta(days=15),
        requirements=requirements,
    )


def _names(html: str) -> set[str]:
    return set(re.findall(r"临江测试\d+号宾馆", html))


# --- 1. 我的任务 -------------------------------------------------------------------------------


def test_only_mine_is_on_by_default_for_inspectors_and_can_be_turned_off(world, client_for):
    me = world.officer_a.person
    mine = _task(world.county_a, [me, inspector(world.county_a)])
    colleagues = _task(world.county_a, [inspector(world.county_a), inspector(world.county_a)])
    elsewhere = _task(world.county_b, [world.officer_b.person, inspector(world.county_b)])
    c = client_for(world.officer_a)

    shown = _names(c.get("/supervision/tasks/").content.decode())
    assert shown == {mine.entity.name}
    page = BeautifulSoup(c.get("/supervision/tasks/").content.decode(), "lxml")
    assert page.select_one("#id_mine option[selected]")["value"] == "true"

    everything = _names(c.get("/supervision/tasks/?mine=false").content.decode())
    assert everything == {mine.entity.name, colleagues.entity.name}  # never county B's
    assert elsewhere.entity.name not in everything


def test_only_mine_is_off_by_default_for_other_roles(world, client_for):
    mine = _task(world.county_a, [world.officer_a.person, inspector(world.county_a)])
    other = _task(world.county_a, [inspector(world.county_a), inspector(world.county_a)])
    html = client_for(world.admin_a).get("/supervision/tasks/").content.decode()
    assert _names(html) == {mine.entity.name, other.entity.name}
    page = BeautifulSoup(html, "lxml")
    assert page.select_one("#id_mine option[selected]")["value"] == "false"


def test_the_order_list_shows_an_inspector_their_own_orders_first(world, client_for):
    mine = _order(world.county_a, [world.officer_a.person, inspector(world.county_a)])
    other = _order(world.county_a, [inspector(world.county_a), inspector(world.county_a)])
    c = client_for(world.officer_a)
    html = c.get("/supervision/rectifications/").content.decode()
    assert mine.number in html and other.number not in html
    html = c.get("/supervision/rectifications/?mine=false").content.decode()
    assert mine.number in html and other.number in html
    html = client_for(world.admin_a).get("/supervision/rectifications/").content.decode()
    assert mine.number in html and other.number in html


def test_my_tasks_is_in_the_menu_of_those_who_work_on_tasks(world, client_for):
    labels = {i["label"]: i["url"] for s in menu_for(world.officer_a) for i in s["items"]}
    assert labels["我的任务"] == "/supervision/tasks/mine/"
    assert "我的任务" not in {i["label"] for s in menu_for(world.reviewer_a) for i in s["items"]}
    mine = _task(world.county_a, [world.officer_a.person, inspector(world.county_a)])
    other = _task(world.county_a, [inspector(world.county_a), inspector(world.county_a)])
    assert _names(client_for(world.officer_a).get(labels["我的任务"]).content.decode()) == {
        mine.entity.name
    }
    assert '<h1 class="h4 mb-0">我的任务</h1>' in (
        client_for(world.officer_a).get(labels["我的任务"]).content.decode()
    )
    assert client_for(world.reviewer_a).get("/supervision/tasks/mine/").status_code == 403
    assert (
        other.entity.name
        not in client_for(world.officer_a).get(labels["我的任务"]).content.decode()
    )


def test_task_rows_show_address_representative_and_phone_as_phone_cards(world, client_for):
    unit = entity(
        world.county_a,
        address="东湖区解放路12号",
        legal_representative="何春生",
        phone="0571-87650000",
    )
    _task(world.county_a, [world.officer_a.person, inspector(world.county_a)], unit=unit)
    html = client_for(world.officer_a).get("/supervision/tasks/").content.decode()
    page = BeautifulSoup(html, "lxml")
    table = page.select_one("table")
    assert "fz-stack" in table["class"]  # cards on a phone (core.tables.StackedRows)
    row = page.select_one("tbody tr")
    cells = [td["data-label"] for td in row.select("td")]
    assert cells[:3] == ["检查对象", "状态", "检查截止"]  # the key columns first
    text = row.get_text(" ")
    assert "东湖区解放路12号" in text and "何春生" in text
    assert row.select("td")[2].get_text().strip() == "2026年6月30日"  # the plan's 检查截止
    assert row.select_one('a[href="tel:0571-87650000"]')


def test_plan_filter_names_the_agency_when_agencies_share_a_plan_name(world, client_for):
    plan(world.county_a, name="2026年双随机抽查计划")
    plan(world.county_b, name="2026年双随机抽查计划")
    plan(world.county_a, name="2026年游泳场所专项抽查")
    page = BeautifulSoup(
        client_for(world.city_officer).get("/supervision/tasks/").content.decode(), "lxml"
    )
    options = {o.get_text() for o in page.select("#id_plan option")}
    assert "2026年双随机抽查计划（临江市东湖区卫生健康局）" in options
    assert "2026年双随机抽查计划（临江市西山区卫生健康局）" in options
    assert "2026年游泳场所专项抽查" in options  # a name of its own needs no agency


def test_campaign_filter_names_the_agency_when_agencies_share_a_campaign_name(world, client_for):
    from supervision.models import Campaign

    for agency in (world.county_a, world.county_b):
        Campaign.objects.create(
            agency=agency,
            name="2026年游泳场所专项整治",
            starts_on=datetime.date(2026, 6, 1),
            ends_on=datetime.date(2026, 8, 31),
        )
    page = BeautifulSoup(
        client_for(world.city_officer).get("/supervision/inspections/").content.decode(), "lxml"
    )
    options = {o.get_text() for o in page.select("#id_campaign option")}
    assert "2026年游泳场所专项整治（临江市东湖区卫生健康局）" in options
    assert "2026年游泳场所专项整治（临江市西山区卫生健康局）" in options
    # A county reads its own campaign only: no agency needed, none named.
    page = BeautifulSoup(
        client_for(world.officer_a).get("/supervision/inspections/").content.decode(), "lxml"
    )
    assert {o.get_text() for o in page.select("#id_campaign option")} == {
        "全部",
        "2026年游泳场所专项整治",
    }


# --- 2. The inspection form ---------------------------------------------------------------------


def test_the_unit_is_found_by_name_address_or_code_never_another_countys(world, client_for):
    own = entity(world.county_a, name="同名宾馆", address="东湖区人民路8号")
    other = entity(world.county_b, name="同名宾馆", address="西山区人民路8号")
    c = client_for(world.officer_a)
    for text in ("同名", "人民路8号", own.uscc[-8:], "同名 东湖"):
        html = c.get("/supervision/inspections/add/", {"q": text}).content.decode()
        assert f"?entity={own.pk}" in html, text
        assert f"?entity={other.pk}" not in html and other.address not in html, text
    # Another county's code is not found, as a code that does not exist.
    html = c.get("/supervision/inspections/add/", {"q": other.uscc}).content.decode()
    assert f"?entity={other.pk}" not in html and "没有找到" in html
    # htmx gets the results only; another county's unit named in the address is a 404.
    part = c.get("/supervision/inspections/add/", {"q": "同名"}, HTTP_HX_REQUEST="true")
    assert "<html" not in part.content.decode() and f"?entity={own.pk}" in part.content.decode()
    assert c.get(f"/supervision/inspections/add/?entity={other.pk}").status_code == 404


def _form_data(unit, people, **extra):
    data = {
        "entity": unit.uscc,
        "kind": "routine",
        "inspected_on": timezone.localdate().isoformat(),
        "inspectors": [p.pk for p in people],
        "result": "passed",
    }
    data.update(extra)
    return data


def test_there_is_no_default_conclusion(world, client_for):
    unit = entity(world.county_a)
    c = client_for(world.officer_a)
    page = BeautifulSoup(
        c.get(f"/supervision/inspections/add/?entity={unit.pk}").content.decode(), "lxml"
    )
    radios = page.select("input[name=result]")
    assert [r["value"] for r in radios] == ["passed", "rectify", "case"]
    assert not [r for r in radios if r.has_attr("checked")]
    people = [world.officer_a.person, inspector(world.county_a)]
    resp = c.post(
        f"/supervision/inspections/add/?entity={unit.pk}", _form_data(unit, people, result="")
    )
    assert resp.status_code == 200
    page = BeautifulSoup(resp.content.decode(), "lxml")
    assert (
        "检查结论：请选择检查结论（合格、责令整改或立案）。"
        in page.select_one("#errors-result").get_text()
    )
    summary = page.select_one("#error-summary")  # at the top, linking to the field
    assert summary.select_one('a[href="#field-result"]')
    assert not Inspection.objects.exists()


def test_an_inspector_without_a_valid_certificate_is_not_offered_and_refused(world, client_for):
    today = timezone.localdate()
    unit = entity(world.county_a)
    lapsed = inspector(
        world.county_a, name="孙晓燕", certificate_valid_until=today - datetime.timedelta(days=1)
    )
    c = client_for(world.officer_a)
    html = c.get(f"/supervision/inspections/add/?entity={unit.pk}").content.decode()
    offered = BeautifulSoup(html, "lxml").select("input[name=inspectors]")
    assert str(lapsed.pk) not in {box["value"] for box in offered}
    assert str(world.officer_a.person.pk) in {box["value"] for box in offered}
    resp = c.post(
        f"/supervision/inspections/add/?entity={unit.pk}",
        _form_data(unit, [world.officer_a.person, lapsed]),
    )
    assert "孙晓燕在检查日期无有效执法证，不能实施执法检查（行政处罚法第42条）。" in (
        resp.content.decode()
    )
    assert not Inspection.objects.exists()


def test_checklist_in_the_form_and_failed_points_prefill_the_order(world, client_for):
    unit = entity(world.county_a)
    points = list(ChecklistPoint.objects.filter(category=unit.category))
    assert len(points) >= 2
    first, second = points[0], points[1]
    people = [world.officer_a.person, inspector(world.county_a)]
    c = client_for(world.officer_a)
    url = f"/supervision/inspections/add/?entity={unit.pk}"
    html = c.get(url).content.decode()
    assert f'name="p{first.pk}"' in html  # answered before the inspection exists

    refused = c.post(url, _form_data(unit, people, result="rectify", **{f"p{first.pk}": "0"}))
    assert "不符合：须写明情况说明" in refused.content.decode()
    assert not Inspection.objects.exists()

    resp = c.post(
        url,
        _form_data(
            unit,
            people,
            result="rectify",
            findings="大堂公共用品\n客房布草",
            **{f"p{first.pk}": "0", f"n{first.pk}": "布草未一客一换", f"p{second.pk}": "1"},
        ),
    )
    insp = Inspection.objects.get()
    assert resp.status_code == 302 and resp["Location"].endswith("#rectification-panel")
    saved = {f.point_id: (f.compliant, f.note) for f in Finding.objects.filter(inspection=insp)}
    assert saved == {first.pk: (False, "布草未一客一换"), second.pk: (True, "")}
    assert AuditEvent.objects.filter(action="checklist").exists()

    html = c.get(insp.get_absolute_url()).content.decode()
    page = BeautifulSoup(html, "lxml")
    requirements = page.select_one("#rectification-panel #id_requirements").get_text().strip()
    assert requirements == f"1. {first.text}：布草未一客一换"
    # Line breaks typed in 检查情况 are kept.
    assert "大堂公共用品<br>客房布草" in html


def test_line_breaks_of_an_order_are_kept_on_the_inspection_and_order_pages(world, client_for):
    order = _order(
        world.county_a,
        [world.officer_a.person, inspector(world.county_a)],
        requirements="1. 布草一客一换\n2. 公共用品消毒",
    )
    c = client_for(world.officer_a)
    for url in (order.inspection.get_absolute_url(), order.get_absolute_url()):
        assert "1. 布草一客一换<br>2. 公共用品消毒" in c.get(url).content.decode(), url


# --- 3. 扫码入企 at the door ---------------------------------------------------------------------


def test_check_in_at_the_door_records_time_and_place_and_leads_to_the_inspection(world, client_for):
    unit = entity(world.county_a)
    me = world.officer_a.person
    c = client_for(world.officer_a)
    page = c.get("/supervision/check-in/").content.decode()
    assert f'value="{me.certificate_number}"' in page  # the inspector's own 执法证号

    resp = c.post(
        "/supervision/check-in/",
        {
            "entity_code": unit.uscc.lower(),
            "person_code": me.certificate_number,
            "latitude": "30.2741501234",
            "longitude": "120.1551502",
            "accuracy_m": "18.4",
        },
    )
    row = CheckIn.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/supervision/check-in/{row.pk}/"
    assert row.accepted and row.inspection is None
    assert (str(row.latitude), str(row.longitude), row.accuracy_m) == (
        "30.274150",
        "120.155150",
        18,
    )
    result = c.get(resp["Location"]).content.decode()
    assert "核验通过" in result and unit.name in result and "误差约18米" in result
    assert f"/supervision/inspections/add/?check_in={row.pk}" in result

    form = c.get(f"/supervision/inspections/add/?check_in={row.pk}").content.decode()
    assert "已扫码入企" in form and unit.uscc in form
    other = inspector(world.county_a)
    resp = c.post(f"/supervision/inspections/add/?check_in={row.pk}", _form_data(unit, [me, other]))
    assert resp.status_code == 302
    insp = Inspection.objects.get()
    row.refresh_from_db()
    assert row.inspection == insp and insp.checked_in_at == row.created_at


def test_a_refused_check_in_is_shown_plainly_and_kept(world, client_for):
    other_county = entity(world.county_b)
    c = client_for(world.officer_a)
    resp = c.post(
        "/supervision/check-in/",
        {
            "entity_code": other_county.uscc,
            "person_code": world.officer_a.person.certificate_number,
        },
    )
    assert resp.status_code == 422
    html = resp.content.decode()
    assert "核验未通过" in html and "企业码不是本机构监管范围内的监管对象" in html
    assert other_county.name not in html  # another county's unit is not named
    row = CheckIn.objects.get()
    assert not row.accepted and row.inspection is None
    assert AuditEvent.objects.filter(action="check_in_refused").exists()
    # A refused check-in does not open an inspection.
    assert c.get(f"/supervision/inspections/add/?check_in={row.pk}").status_code == 404


def test_check_in_of_a_task_must_be_its_unit_and_its_inspectors(world, client_for):
    task = _task(world.county_a, [world.officer_a.person, inspector(world.county_a)])
    wrong = entity(world.county_a)
    c = client_for(world.officer_a)
    code = world.officer_a.person.certificate_number
    resp = c.post(
        f"/supervision/check-in/?task={task.pk}", {"entity_code": wrong.uscc, "person_code": code}
    )
    assert "企业码与抽查任务的检查对象" in resp.content.decode()
    resp = c.post(
        f"/supervision/check-in/?task={task.pk}",
        {"entity_code": task.entity.uscc, "person_code": code},
    )
    row = CheckIn.objects.get(accepted=True)
    assert resp["Location"] == f"/supervision/check-in/{row.pk}/?task={task.pk}"
    result = c.get(resp["Location"]).content.decode()
    assert f"check_in={row.pk}&amp;task={task.pk}" in result


def test_check_in_of_a_saved_inspection_keeps_the_place_on_the_page_and_the_api(
    world, client_for, api_for
):
    me = world.officer_a.person
    insp = inspection(world.county_a, entity(world.county_a), [me, inspector(world.county_a)])
    page = client_for(world.officer_a).get(insp.get_absolute_url()).content.decode()
    assert "data-geolocate" in page and 'name="latitude"' in page
    resp = api_for(world.officer_a).post(
        f"/api/supervision/inspections/{insp.pk}/check-in/",
        {
            "entity_code": insp.entity.uscc,
            "person_code": me.certificate_number,
            "latitude": "30.274150",
            "longitude": "120.155150",
            "accuracy_m": 12,
        },
        format="json",
    )
    assert resp.status_code == 200, resp.json()
    row = CheckIn.objects.get(inspection=insp)
    assert (str(row.latitude), row.accuracy_m) == ("30.274150", 12)
    insp.refresh_from_db()
    assert insp.checked_in_at == row.created_at


def test_the_edit_page_shows_the_answers_and_rewrites_them_only_when_changed(world, client_for):
    unit = entity(world.county_a)
    people = [world.officer_a.person, inspector(world.county_a)]
    point = ChecklistPoint.objects.filter(category=unit.category).first()
    c = client_for(world.officer_a)
    c.post(
        f"/supervision/inspections/add/?entity={unit.pk}",
        _form_data(unit, people, **{f"p{point.pk}": "0", f"n{point.pk}": "布草未换"}),
    )
    insp = Inspection.objects.get()
    url = f"/supervision/inspections/{insp.pk}/edit/"
    page = BeautifulSoup(c.get(url).content.decode(), "lxml")
    assert page.select_one(f"input[name=p{point.pk}][checked]")["value"] == "0"
    assert page.select_one(f"#id_n{point.pk}")["value"] == "布草未换"
    events = AuditEvent.objects.filter(action="checklist").count()
    data = _form_data(unit, people, **{f"p{point.pk}": "0", f"n{point.pk}": "布草未换"})
    data["inspected_on"] = insp.inspected_on.isoformat()
    assert c.post(url, data).status_code == 302
    assert AuditEvent.objects.filter(action="checklist").count() == events  # unchanged
    data[f"p{point.pk}"] = "1"
    assert c.post(url, data).status_code == 302
    assert Finding.objects.get(inspection=insp).compliant
    assert AuditEvent.objects.filter(action="checklist").count() == events + 1


def test_the_api_lists_my_tasks_and_orders_when_asked(world, api_for):
    me = world.officer_a.person
    mine = _task(world.county_a, [me, inspector(world.county_a)])
    other = _task(world.county_a, [inspector(world.county_a), inspector(world.county_a)])
    my_order = _order(world.county_a, [me, inspector(world.county_a)])
    api = api_for(world.officer_a)

    def ids(url):
        data = api.get(url).json()
        return {r["id"] for r in data.get("results", data)}

    assert ids("/api/supervision/tasks/?mine=true") == {mine.pk}
    assert {mine.pk, other.pk} <= ids("/api/supervision/tasks/")
    assert ids("/api/supervision/rectifications/?mine=true") == {my_order.pk}


def test_the_api_wants_a_conclusion_too(world, api_for):
    unit = entity(world.county_a)
    body = {
        "entity": unit.pk,
        "kind": "routine",
        "inspected_on": timezone.localdate().isoformat(),
        "inspectors": [world.officer_a.person_id, inspector(world.county_a).pk],
    }
    resp = api_for(world.officer_a).post("/api/supervision/inspections/", body, format="json")
    assert resp.status_code == 400 and "result" in resp.json()
    assert not Inspection.objects.filter(entity=unit).exists()
