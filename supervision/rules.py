"""Statutory clocks and thresholds of 双随机、一公开 (RULES §4, §2.1)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings

from core.deadlines import WD, DeadlineRule, register_rule

if TYPE_CHECKING:
    from core.models import Agency, Person


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after ``start`` (start day not counted), from ``core.calendar``."""
    from core.calendar import add_working_days as calendar_add

    return calendar_add(start, n)


#: RULES §4 "Publicity of results": 20 working days after the check ends. Seen in a Hebei rule
#: [L S13]; configurable with ``FAZHI_RANDOM_PUBLICATION_WD``.
PUBLICATION_RULE = "supervision.random_publication"
PUBLICATION_WORKING_DAYS_DEFAULT = 20

register_rule(
    DeadlineRule(
        PUBLICATION_RULE,
        "公示双随机抽查结果",
        "双随机、一公开（RULES §4，地方规定20个工作日）",
        "抽查检查截止",
        PUBLICATION_WORKING_DAYS_DEFAULT,
        WD,
        configurable=True,
    )
)

#: RULES §4 step 4 / 行政处罚法第42条: at least two inspectors per target.
MIN_INSPECTORS = 2


def inspector_problems(
    inspectors: Iterable[Person], day: datetime.date | None, agency: Agency | None
) -> list[str]:
    """执法检查人员：why these inspectors may not carry out an inspection of ``agency`` on ``day``.

    行政处罚法第42条: an enforcement inspection is carried out by at least ``MIN_INSPECTORS``
    执法人员 holding a valid 执法证 on the inspection date (``Person.objects.certified_on``); they
    belong to the inspecting agency or an agency below it (the scope the draw deals inspectors
    from). Empty when they may. The inspection form and the API's serializer both ask here, so
    the page and the API refuse the same inspections with the same messages (for the field
    ``inspectors``). People outside the agency are counted, not named: an API caller may send
    any id.
    """
    from core.models import Person

    people = list({p.pk: p for p in inspectors}.values())  # one person named twice is one
    if len(people) < MIN_INSPECTORS:
        return [f"执法检查须由至少{MIN_INSPECTORS}名执法人员实施（行政处罚法第42条）。"]
    problems = []
    ids = [p.pk for p in people]
    if agency is not None:
        inside = set(
            Person.objects.in_scope(agency).filter(pk__in=ids).values_list("pk", flat=True)
        )
        outside = [p for p in people if p.pk not in inside]
        if outside:
            problems.append(
                f"所选执法人员中有{len(outside)}人不属于{agency.name}或其下级机构，"
                "不能实施本机构的检查。"
            )
        people = [p for p in people if p.pk in inside]
    if day is not None and people:
        uncertified = uncertified_on(ids, day)
        invalid = [p.name for p in people if p.pk in uncertified]
        if invalid:
            problems.append(
                f"{'、'.join(invalid)}在检查日期无有效执法证，不能实施执法检查（行政处罚法第42条）。"
            )
    return problems


def uncertified_on(person_ids: Iterable[int], day: datetime.date) -> set[int]:
    """Of ``person_ids``, those without a valid 执法证 on ``day`` (``Person.objects.certified_on``):
    the people ``inspector_problems`` refuses for an inspection that day, which the inspection
    form marks among its choices."""
    from core.models import Person

    ids = set(person_ids)
    valid = Person.objects.certified_on(day).filter(pk__in=ids).values_list("pk", flat=True)
    return ids - set(valid)


def publication_working_days() -> int:
    return int(getattr(settings, "FAZHI_RANDOM_PUBLICATION_WD", PUBLICATION_WORKING_DAYS_DEFAULT))


def publication_due_on(check_ends_on: datetime.date) -> datetime.date:
    """抽查结果公示期限：检查结束后 N 个工作日（默认20，RULES §4 [L]）。"""
    return add_working_days(check_ends_on, publication_working_days())
