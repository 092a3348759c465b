"""Shared data (检查要点, 节假日安排): only the top-level 系统管理员 changes it, always audited.

A county's 系统管理员 once added and edited the national checklist and the holiday calendar —
which every agency's checklists and deadlines depend on — and nothing was recorded. Through the
pages and the API alike, a county admin is now refused (403, in Chinese) and the root admin's
changes each leave an audit event.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from core.models import AuditAction, AuditEvent, CalendarDay, CalendarYear, SharedModel
from core.shared import REFUSED, is_root_admin
from supervision.models import ChecklistPoint

pytestmark = pytest.mark.django_db

POINT = {"category": "school", "order": 9, "text": "教室人均面积", "basis": "GB/T 18205"}


def _events(model, action, obj_id=None):
    qs = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=action
    )
    return qs.filter(object_id=str(obj_id)) if obj_id is not None else qs


def _point():
    return ChecklistPoint.objects.create(category="school", text="采光照明", basis="GB 7793")


def test_only_the_root_admin_counts_as_root_admin(world):
    assert is_root_admin(world.city_admin)
    assert not is_root_admin(world.admin_a)  # a county's 系统管理员
    assert not is_root_admin(world.city_officer)  # the root agency, another role


def test_the_shared_models_are_the_checklist_and_the_calendar():
    from django.apps import apps

    shared = {m for m in apps.get_models() if issubclass(m, SharedModel)}
    assert {ChecklistPoint, CalendarYear, CalendarDay} <= shared


# --- pages -------------------------------------------------------------------------------------


def test_county_admin_cannot_add_or_edit_a_checklist_point_on_the_pages(world, client_for):
    point = _point()
    c = client_for(world.admin_a)
    assert c.get("/supervision/checklist/add/").status_code == 403
    resp = c.post("/supervision/checklist/add/", POINT)
    assert resp.status_code == 403
    assert not ChecklistPoint.objects.filter(text=POINT["text"]).exists()
    resp = c.post(f"/supervision/checklist/{point.pk}/edit/", {**POINT, "text": "改"})
    assert resp.status_code == 403
    point.refresh_from_db()
    assert point.text == "采光照明"
    # The list is readable, with neither 新增 nor edit links for the county admin.
    body = c.get("/supervision/checklist/").content.decode()
    assert "/supervision/checklist/add/" not in body
    assert f"/supervision/checklist/{point.pk}/edit/" not in body


def test_root_admin_adds_and_edits_a_checklist_point_audited(world, client_for):
    c = client_for(world.city_admin)
    assert c.post("/supervision/checklist/add/", POINT).status_code == 302
    point = ChecklistPoint.objects.get(text=POINT["text"])
    created = _events(ChecklistPoint, AuditAction.CREATE, point.pk).get()
    assert created.actor == world.city_admin and created.agency == world.city
    resp = c.post(f"/supervision/checklist/{point.pk}/edit/", {**POINT, "text": "教室人均使用面积"})
    assert resp.status_code == 302
    change = _events(ChecklistPoint, AuditAction.CHANGE, point.pk).get()
    assert change.changes["after"]["text"] == "教室人均使用面积"


def test_county_admin_cannot_change_the_calendar_on_the_pages(world, client_for):
    c = client_for(world.admin_a)
    resp = c.post("/calendar/2031/", {"date": "2031-10-01", "kind": "holiday", "name": "国庆节"})
    assert resp.status_code == 403
    assert REFUSED in resp.content.decode()
    assert not CalendarDay.objects.exists()
    year = CalendarYear.objects.create(year=2031)
    day = CalendarDay.objects.create(
        year=year, date=datetime.date(2031, 10, 2), kind="holiday", name="国庆节"
    )
    resp = c.post(f"/calendar/days/{day.pk}/delete/", {"reason": "录错"})
    assert resp.status_code == 403
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    assert c.get("/calendar/import/").status_code == 403
    assert "登记节假日" not in c.get("/calendar/2031/").content.decode()


def test_root_admin_changes_the_calendar_audited_and_deletes_only_with_a_reason(world, client_for):
    c = client_for(world.city_admin)
    resp = c.post("/calendar/2031/", {"date": "2031-10-01", "kind": "holiday", "name": "国庆节"})
    assert resp.status_code == 302
    day = CalendarDay.objects.get(date=datetime.date(2031, 10, 1))
    assert _events(CalendarDay, AuditAction.CREATE, day.pk).get().actor == world.city_admin
    assert _events(CalendarYear, AuditAction.CREATE).count() == 1

    # No reason: nothing deleted.
    c.post(f"/calendar/days/{day.pk}/delete/", {"reason": " "})
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    assert not _events(CalendarDay, AuditAction.DELETE).exists()

    c.post(f"/calendar/days/{day.pk}/delete/", {"reason": "日期录错，应为10月2日"})
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    event = _events(CalendarDay, AuditAction.DELETE, day.pk).get()
    assert event.changes["reason"] == "日期录错，应为10月2日"
    assert event.changes["before"]["name"] == "国庆节"


# --- API ---------------------------------------------------------------------------------------


def test_county_admin_cannot_write_checklist_points_through_the_api(world, api_for):
    point = _point()
    api = api_for(world.admin_a)
    resp = api.post("/api/supervision/checklist/", POINT, format="json")
    assert resp.status_code == 403 and resp.json()["detail"] == REFUSED
    resp = api.patch(f"/api/supervision/checklist/{point.pk}/", {"text": "改"}, format="json")
    assert resp.status_code == 403
    point.refresh_from_db()
    assert point.text == "采光照明"
    assert api.get("/api/supervision/checklist/").status_code == 200


def test_root_admin_writes_checklist_points_through_the_api_audited(world, api_for):
    api = api_for(world.city_admin)
    resp = api.post("/api/supervision/checklist/", POINT, format="json")
    assert resp.status_code == 201
    pk = resp.json()["id"]
    assert _events(ChecklistPoint, AuditAction.CREATE, pk).exists()
    url = f"/api/supervision/checklist/{pk}/"
    resp = api.patch(url, {"text": "教室人均使用面积"}, format="json")
    assert resp.status_code == 200
    assert _events(ChecklistPoint, AuditAction.CHANGE, pk).exists()
    # Findings refer to the points: never deleted, by anyone.
    resp = api.delete(f"/api/supervision/checklist/{pk}/")
    assert resp.status_code in (403, 405)
    assert ChecklistPoint.objects.filter(pk=pk).exists()
