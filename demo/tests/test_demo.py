import datetime

import pytest
from django.core.management import CommandError, call_command

from core.models import Agency, AgencyLevel, Person, User


@pytest.mark.django_db
def test_small_demo_builds_city_with_three_counties_and_logins():
    call_command("demo", scale="small", verbosity=0)
    assert Agency.objects.filter(level=AgencyLevel.CITY).count() == 1
    assert Agency.objects.filter(level=AgencyLevel.COUNTY).count() == 3
    county = Agency.objects.filter(level=AgencyLevel.COUNTY).first()
    certified = Person.objects.filter(agency=county).certified_on(datetime.date(2026, 1, 1))
    assert certified.count() >= 10
    inspector = User.objects.get(username="county1.inspector")
    assert inspector.check_password("Fazhi-demo-2026")
    assert inspector.has_perm("supervision.view_inspection")
    assert not inspector.has_perm("core.view_auditevent")  # the menu of an inspector's work
    auditor = User.objects.get(username="auditor")
    assert auditor.role == "auditor" and auditor.has_perm("core.view_auditevent")
    assert not auditor.has_perm("registry.view_supervisedentity")
    with pytest.raises(CommandError):
        call_command("demo", scale="small", verbosity=0)
    call_command("demo", scale="small", if_empty=True, verbosity=0)  # no error, nothing added
    assert Agency.objects.filter(level=AgencyLevel.COUNTY).count() == 3


@pytest.mark.django_db
def test_demo_batches_are_in_the_audit_chain():
    from core.audit import verify
    from core.models import AuditAction, AuditEvent

    call_command("demo", scale="small", verbosity=0)
    batches = AuditEvent.objects.filter(
        action=AuditAction.BULK_CREATE, changes__model="core.Person"
    )
    assert sum(e.changes["count"] for e in batches) == Person.objects.count()
    assert verify()[1] is None


@pytest.mark.django_db
def test_demo_includes_supervised_entities_with_valid_codes():
    from core.validators import validate_uscc
    from registry.models import SupervisedEntity

    call_command("demo", scale="small", verbosity=0)
    n = SupervisedEntity.objects.count()
    assert 2_900 <= n <= 3_100
    sample = SupervisedEntity.objects.order_by("?")[:50]
    for e in sample:
        validate_uscc(e.uscc)
        e.full_clean()  # categories, regions and keys are consistent


@pytest.mark.django_db
def test_small_demo_inspections_have_two_inspectors_and_orders_follow_results():
    from django.db.models import Count

    from core.audit import verify
    from registry.models import SupervisedEntity
    from supervision.models import Inspection, InspectionResult, RectificationOrder

    call_command("demo", scale="small", verbosity=0)
    assert Inspection.objects.count() == 5_000 // 3 * 3
    links = Inspection.objects.annotate(n=Count("inspectors")).values_list("n", flat=True)
    assert set(links) == {2}
    rectify = Inspection.objects.filter(result=InspectionResult.RECTIFY)
    assert RectificationOrder.objects.count() == rectify.count() > 0
    order = RectificationOrder.objects.select_related("inspection").first()
    assert order.agency_id == order.inspection.agency_id
    assert order.issued_on == order.inspection.inspected_on
    assert order.number == order.inspection.opinion_number != ""
    inspection = Inspection.objects.select_related("entity").first()
    assert inspection.entity.agency_id == inspection.agency_id
    assert inspection.created_at is not None and inspection.findings == ""
    assert not SupervisedEntity.objects.filter(created_at__isnull=True).exists()
    assert verify()[1] is None
