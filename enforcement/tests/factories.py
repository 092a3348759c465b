"""Builders for cases: a catalogue item with its levels, a leader, a team of two investigators."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from core.models import Person, Role, User
from enforcement import workflow
from enforcement.models import (
    Case,
    CaseSource,
    DiscretionLevel,
    Domain,
    PartyKind,
    PenaltyKind,
    Violation,
)
from supervision.tests.factories import inspector

_seq = itertools.count(1)
DAY = datetime.date(2026, 3, 2)  # a Monday


def violation(**kw) -> Violation:
    n = next(_seq)
    defaults = dict(
        code=f"PUB-T{n:03d}",
        domain=Domain.PUBLIC_PLACE,
        name="公共场所未取得卫生许可证擅自营业",
        violated_basis="《公共场所卫生管理条例》第八条",
        penalty_basis="《公共场所卫生管理条例实施细则》第三十五条",
        penalty_kinds=[PenaltyKind.WARNING, PenaltyKind.FINE],
    )
    defaults.update(kw)
    v = Violation.objects.create(**defaults)
    for grade, low, high in (
        ("minor", 500, 2000),
        ("general", 2000, 10000),
        ("serious", 10000, 30000),
    ):
        DiscretionLevel.objects.create(
            violation=v, grade=grade, fine_min=Decimal(low), fine_max=Decimal(high)
        )
    return v


def person_user(agency, role, name, **person_kw) -> User:
    n = next(_seq)
    person = Person.objects.create(agency=agency, name=name, **person_kw)
    user = User(username=f"u{n}_{role}", agency=agency, role=role, person=person)
    user.set_password("Fazhi-test-2026")
    user.save()
    return user


def leader(agency) -> User:
    return person_user(agency, Role.LEADER, "局长")


def case(agency, *, actor=None, team=2, declared=DAY, lead=None, **kw) -> Case:
    """A case clue with a team of ``team`` certified investigators (``lead`` first, if given)."""
    n = next(_seq)
    defaults = dict(
        cause=f"某宾馆未取得卫生许可证擅自营业案{n}",
        source=CaseSource.INSPECTION,
        domain=Domain.PUBLIC_PLACE,
        clue_on=DAY,
        party_kind=PartyKind.ORGANISATION,
        party_name=f"临江某宾馆{n}",
    )
    defaults.update(kw)
    c = Case.objects.create(agency=agency, **defaults)
    people = ([lead] if lead else []) + [inspector(agency) for _ in range(team - bool(lead))]
    members = [(p, i == 0, declared) for i, p in enumerate(people)]
    workflow.set_team(c, members, actor=actor)
    return c


#: For the scoping walks (``core.tests.scoping.record_makers``).
RECORD_MAKERS = {Case: lambda agency: case(agency)}
