"""The audit chain: automatic CRUD events, explicit events, verification, tamper detection."""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from core import audit
from core.context import acting_as
from core.models import AuditAction, AuditEvent, Department, Person
from core.models.audit import AuditImmutable

pytestmark = pytest.mark.django_db


def events(action=None):
    qs = AuditEvent.objects.order_by("seq")
    return list(qs.filter(action=action) if action else qs)


def test_create_change_delete_are_recorded_with_actor_and_diff(world):
    with acting_as(world.admin_a):
        person = Person.objects.create(agency=world.county_a, name="审计对象", position="科员")
        person = Person.objects.get(pk=person.pk)  # loaded: snapshot taken
        person.position = "科长"
        person.save()
        dept = Department.objects.create(agency=world.county_a, name="临时科")
        dept.delete()
    created = next(e for e in events(AuditAction.CREATE) if e.object_repr == "审计对象")
    assert created.actor == world.admin_a and created.agency == world.county_a
    assert created.changes["after"]["name"] == "审计对象"
    change = events(AuditAction.CHANGE)[-1]
    assert change.changes == {"before": {"position": "科员"}, "after": {"position": "科长"}}
    deleted = events(AuditAction.DELETE)[-1]
    assert deleted.object_repr == "临时科" and deleted.changes["before"]["name"] == "临时科"


def test_partly_loaded_records_are_read_and_audited_on_what_was_loaded(world):
    # .only() defers the other columns; the snapshot must not load them (that used to recurse).
    person = Person.objects.only("id", "agency_id", "position").get(pk=world.officer_a.person.pk)
    assert person.get_deferred_fields()
    with acting_as(world.admin_a):
        person.position = "副所长"
        person.save(update_fields=["position"])
    change = events(AuditAction.CHANGE)[-1]
    assert change.changes == {"before": {"position": ""}, "after": {"position": "副所长"}}


def test_saving_without_changes_records_nothing(world):
    person = Person.objects.get(pk=world.officer_a.person.pk)
    before = AuditEvent.objects.count()
    person.save()
    assert AuditEvent.objects.count() == before


def test_password_hashes_never_reach_the_log(world):
    world.officer_a.set_password("Changed-pass-2026")
    world.officer_a.save()
    change = events(AuditAction.CHANGE)[-1]
    assert change.changes["after"]["password"] == "***"
    assert "Changed" not in str(change.changes)


def test_verify_ok_then_names_an_edited_event(world):
    call_command("audit_verify")  # no exception: chain intact
    victim = events()[3]
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE core_auditevent SET object_repr = %s WHERE id = %s", ["TAMPERED", victim.pk]
        )
    with pytest.raises(CommandError) as exc:
        call_command("audit_verify")
    assert f"事件 #{victim.seq}（id={victim.pk}）" in str(exc.value)
    assert "内容与哈希不符" in str(exc.value)


def test_verify_names_a_deleted_event(world):
    victim = events()[2]
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE id = %s", [victim.pk])
    checked, broken = audit.verify()
    assert broken is not None and broken.seq == victim.seq and "删除" in broken.reason
    assert checked == victim.seq - 1


def test_verify_detects_a_truncated_tail(world):
    last = events()[-1]
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    _, broken = audit.verify()
    assert broken is not None and "链尾缺失" in broken.reason


def test_events_cannot_be_changed_or_deleted_through_the_orm(world):
    event = events()[0]
    event.object_repr = "x"
    with pytest.raises(AuditImmutable):
        event.save()
    with pytest.raises(AuditImmutable):
        event.delete()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="x")
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.all().delete()


def test_export_is_recorded(world, client_for):
    client_for(world.admin_a).get("/people/export/", {"q": "陈"})
    event = events(AuditAction.EXPORT)[-1]
    assert event.actor == world.admin_a and event.changes["model"] == "core.person"
    assert event.changes["query"] == "q=%E9%99%88"


def test_audit_log_page_is_scoped(world, client_for):
    with acting_as(world.officer_b):
        Person.objects.create(agency=world.county_b, name="西山新人")
    body = client_for(world.admin_a).get("/audit/").content.decode()
    assert "西山新人" not in body
    body = client_for(world.city_admin).get("/audit/").content.decode()
    assert "西山新人" in body


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_form_one_unbroken_chain(world):
    """Writers in several threads never fork the chain (each links to a distinct predecessor)."""
    start = AuditEvent.objects.count()
    errors = []

    def worker(i):
        try:
            for j in range(5):
                audit.record(
                    AuditAction.OTHER, None, agency=world.county_a, data={"worker": i, "n": j}
                )
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.count() == start + 20
    checked, broken = audit.verify()
    assert broken is None and checked == start + 20
