"""Builders of core records for tests that need one of any kind (``core.tests.scoping``)."""

from __future__ import annotations

import datetime
import itertools

from core.models import Department, Person, Region

_seq = itertools.count(1)


def person(agency, **kw) -> Person:
    """An inspector with a valid 执法证."""
    n = next(_seq)
    defaults = dict(
        name=f"测试执法员{n}",
        certificate_number=f"C{agency.code}{n:05d}",
        certificate_valid_until=datetime.date(2030, 12, 31),
    )
    defaults.update(kw)
    return Person.objects.create(agency=agency, **defaults)


def department(agency) -> Department:
    return Department.objects.create(agency=agency, name=f"监督{next(_seq)}科")


def region(agency) -> Region:
    return Region.objects.create(agency=agency, name=f"第{next(_seq)}片区")


#: model → builder of a saved record in a given agency (``core.tests.scoping.record_makers``).
RECORD_MAKERS = {Person: person, Department: department, Region: region}
