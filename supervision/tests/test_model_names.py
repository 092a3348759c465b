"""Records are named in Chinese wherever Django prints them (page titles, the audit log)."""

import datetime

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from registry.tests.factories import entity
from supervision import services
from supervision.models import CheckIn, Conflict, InspectorTeam, TeamMember
from supervision.tests.factories import draw, inspection, inspector, plan

pytestmark = pytest.mark.django_db


def test_every_model_of_ours_defines_its_name():
    ours = [
        m
        for m in apps.get_models()
        if m._meta.app_label in {"core", "registry", "supervision", "reports", "review"}
    ]
    bare = [m._meta.label for m in ours if m.__str__ is models.Model.__str__]
    assert not bare, f"no __str__ (shown as “… object (N)”): {bare}"


def test_conflict_names_person_and_entity(world):
    person = inspector(world.county_a, name="张三")
    unit = entity(world.county_a, name="临江某某宾馆")
    c = Conflict.objects.create(agency=world.county_a, person=person, entity=unit, reason="亲属")
    assert str(c) == "张三 回避 临江某某宾馆"


def test_check_in_names_entity_and_day(world):
    people = [inspector(world.county_a), inspector(world.county_a)]
    unit = entity(world.county_a, name="临江某某宾馆")
    insp = inspection(world.county_a, unit, people, day=datetime.date(2026, 3, 1))
    row = CheckIn.objects.create(
        agency=world.county_a,
        inspection=insp,
        scanned_entity_code=unit.uscc,
        scanned_person_code=people[0].certificate_number,
    )
    assert str(row) == f"扫码入企 临江某某宾馆 {timezone.localdate():%Y-%m-%d}"


def test_check_in_audit_event_is_named_in_chinese(world):
    people = [inspector(world.county_a), inspector(world.county_a)]
    unit = entity(world.county_a, name="临江某某宾馆")
    insp = inspection(world.county_a, unit, people)
    services.check_in(
        insp,
        entity_code=unit.uscc,
        person_code=people[0].certificate_number,
        actor=world.officer_a,
    )
    from core.models import AuditEvent

    names = list(AuditEvent.objects.values_list("object_repr", flat=True))
    assert f"扫码入企 临江某某宾馆 {timezone.localdate():%Y-%m-%d}" in names
    assert not [n for n in names if "object (" in n]


def test_team_member_names_team_and_person(world):
    p = plan(world.county_a, name="2026年公共场所双随机抽查")
    team = InspectorTeam.objects.create(plan=p, number=1)
    member = TeamMember.objects.create(team=team, person=inspector(world.county_a, name="李四"))
    assert str(member) == "2026年公共场所双随机抽查 · 第1组 · 李四"


def test_generic_detail_pages_offer_edit_only_where_an_edit_page_exists(world):
    """``edit_url`` gives the record's edit page, or nothing for a model changed elsewhere (a
    task moves through its workflow): the detail template then shows no 编辑 button."""
    from core.templatetags.fazhi import edit_url
    from registry.tests.factories import entity
    from supervision.tests.factories import inspection, inspector, plan

    unit = entity(world.county_a)
    people = [inspector(world.county_a), inspector(world.county_a)]
    visit = inspection(world.county_a, unit, people, kind="routine")
    assert edit_url(visit) == f"/supervision/inspections/{visit.pk}/edit/"
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="1")
    draw(p, seed="edit")
    assert edit_url(p.tasks.get()) == ""
