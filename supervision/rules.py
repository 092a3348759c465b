"""Statutory clocks and thresholds of 双随机、一公开 (RULES §4, §2.1)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings

from core.deadlines import WD, DeadlineRule, DeadlineUnit, register_rule

if TYPE_CHECKING:
    from core.models import Agency, Person


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

#: RULES §2.1 事后: the result of an inspection (执法机关、对象、类别、结论) is published within 20
#: working days. 双随机 results are published with their plan (``PUBLICATION_RULE``).
RESULT_PUBLICATION_RULE = "supervision.result_publication"
RESULT_PUBLICATION_WORKING_DAYS = 20

#: The 整改期限 the 卫生监督意见书 sets (行政处罚法第28条 责令改正): a date of the document.
RECTIFICATION_RULE = "supervision.rectification"

#: 回头看: the follow-up inspection after the 整改期限. No national text sets its period
#: (unconfirmed); 10 working days after the 整改期限 by default, ``FAZHI_FOLLOW_UP_WD``.
FOLLOW_UP_RULE = "supervision.follow_up"
FOLLOW_UP_WORKING_DAYS_DEFAULT = 10

#: A 双随机 task is inspected by its plan's 检查截止日期 (RULES §4).
TASK_RULE = "supervision.task_check"

for _rule in (
    DeadlineRule(
        RESULT_PUBLICATION_RULE,
        "公示监督检查结果",
        "国办发〔2018〕118号（RULES §2.1 事后公示，20个工作日）",
        "作出检查结论",
        RESULT_PUBLICATION_WORKING_DAYS,
        WD,
    ),
    DeadlineRule(
        RECTIFICATION_RULE,
        "整改期限",
        "卫生监督意见书载明的整改期限（行政处罚法第28条 责令改正）",
        "下达责令整改",
        0,
        DeadlineUnit.SET_DATE,
    ),
    DeadlineRule(
        FOLLOW_UP_RULE,
        "回头看复查",
        "整改期限届满后复查（未确认，默认10个工作日，可配置）",
        "整改期限届满",
        FOLLOW_UP_WORKING_DAYS_DEFAULT,
        WD,
        configurable=True,
    ),
    DeadlineRule(
        TASK_RULE,
        "检查截止日期",
        "双随机抽查计划的检查截止日期（RULES §4）",
        "抽取",
        0,
        DeadlineUnit.SET_DATE,
    ),
):
    register_rule(_rule)


def follow_up_working_days() -> int:
    return int(getattr(settings, "FAZHI_FOLLOW_UP_WD", FOLLOW_UP_WORKING_DAYS_DEFAULT))


#: 逾期: the clocks whose open, past-due ``Deadline`` makes a record overdue, by model label.
OVERDUE_RULES = {
    "supervision.rectificationorder": (RECTIFICATION_RULE,),
    "supervision.task": (TASK_RULE,),
    "supervision.samplingplan": (PUBLICATION_RULE,),
    "supervision.inspection": (RESULT_PUBLICATION_RULE,),
}


def overdue(model: type, today: datetime.date | None = None):
    """逾期 of ``model``'s records on ``today``, as an ``Exists`` to filter or annotate with
    (``core.deadlines.overdue`` over ``OVERDUE_RULES``)."""
    from core.deadlines import overdue as core_overdue
    from core.validators import local_today

    return core_overdue(model, OVERDUE_RULES[model._meta.label_lower], today or local_today())


def with_overdue(queryset, today: datetime.date | None = None):
    """``queryset`` with ``is_overdue`` on each row (lists, detail pages)."""
    return queryset.annotate(is_overdue=overdue(queryset.model, today))


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
