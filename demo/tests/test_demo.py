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
    assert inspector.has_perm("core.view_person")
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
