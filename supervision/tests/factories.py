import datetime
import itertools

from core.models import Person
from supervision.models import Inspection, InspectionKind, SamplingPlan

_seq = itertools.count(1)
VALID = datetime.date(2030, 12, 31)


def inspector(agency, **kw):
    n = next(_seq)
    defaults = dict(
        name=f"执法员{n}",
        certificate_number=f"T{agency.code}{n:05d}",
        certificate_valid_until=VALID,
    )
    defaults.update(kw)
    return Person.objects.create(agency=agency, **defaults)


def plan(agency, **kw):
    defaults = dict(
        name="2026年公共场所双随机抽查",
        year=2026,
        source="national",
        strata_by=["subcategory"],
        quota_mode="proportion",
        quota_value="0.5",
        planned_on=datetime.date(2026, 5, 1),
        check_ends_on=datetime.date(2026, 6, 30),
    )
    defaults.update(kw)
    return SamplingPlan.objects.create(agency=agency, **defaults)


def inspection(
    agency, entity, people, *, day=datetime.date(2026, 5, 10), kind=InspectionKind.RANDOM, **kw
):
    obj = Inspection.objects.create(agency=agency, entity=entity, kind=kind, inspected_on=day, **kw)
    obj.inspectors.set(people)
    return obj
