"""Writes and refusals that once left no trace in the audit chain."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import AuditAction, AuditEvent
from registry.tests.factories import entity
from supervision.models import ChecklistPoint
from supervision.tests.factories import inspection, inspector

pytestmark = pytest.mark.django_db


def test_a_page_refused_for_the_role_is_recorded(world, client_for):
    resp = client_for(world.officer_a).get("/calendar/import/")
    assert resp.status_code == 403
    event = AuditEvent.objects.get(action=AuditAction.DENIED)
    assert event.actor == world.officer_a and event.agency == world.county_a
    assert event.changes == {"method": "GET", "path": "/calendar/import/"}


def test_an_api_call_refused_for_the_role_is_recorded_with_its_reason(world, api_for):
    resp = api_for(world.reviewer_a).post("/api/registry/entities/", {}, format="json")
    assert resp.status_code == 403
    event = AuditEvent.objects.get(action=AuditAction.DENIED)
    assert event.actor == world.reviewer_a
    assert event.changes["method"] == "POST" and event.changes["path"] == "/api/registry/entities/"
    assert event.changes["detail"] == resp.json()["detail"]


def test_another_agency_s_record_is_a_404_and_not_a_denial(world, api_for):
    e = entity(world.county_b)
    assert api_for(world.officer_a).get(f"/api/registry/entities/{e.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.DENIED).exists()


def test_token_issue_is_recorded_without_the_token(world):
    resp = APIClient().post("/api/token/", {"username": "officer_a", "password": world.password})
    assert resp.status_code == 200
    token = resp.json()["token"]
    event = AuditEvent.objects.get(action=AuditAction.TOKEN)
    assert event.actor == world.officer_a and event.agency == world.county_a
    assert token not in str(event.changes) and token == Token.objects.get(user=world.officer_a).key
    # A wrong password issues nothing and is a failed login.
    resp = APIClient().post("/api/token/", {"username": "officer_a", "password": "wrong"})
    assert resp.status_code == 400
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()


def test_rewriting_findings_through_the_api_is_recorded_before_and_after(world, api_for):
    e = entity(world.county_a)
    insp = inspection(world.county_a, e, [inspector(world.county_a), inspector(world.county_a)])
    first, second = (
        ChecklistPoint.objects.create(category=e.category, text=t, basis="条例", order=i)
        for i, t in enumerate(["证照公示", "从业人员健康证"])
    )
    url = f"/api/supervision/inspections/{insp.pk}/findings/"
    api = api_for(world.officer_a)
    rows = [{"point": first.pk, "compliant": True, "note": ""}]
    assert api.put(url, rows, format="json").status_code == 200
    rows = [
        {"point": first.pk, "compliant": False, "note": "未公示"},
        {"point": second.pk, "compliant": True, "note": ""},
    ]
    assert api.put(url, rows, format="json").status_code == 200
    last = AuditEvent.objects.filter(action=AuditAction.CHECKLIST).order_by("-seq")
    assert last.count() == 2
    event = last.first()
    assert event.actor == world.officer_a and event.object_id == str(insp.pk)
    assert event.changes["previous"] == [{"point": first.pk, "compliant": True, "note": ""}]
    assert event.changes["results"] == rows and event.changes["failed"] == 1
