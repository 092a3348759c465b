"""Statutory clocks and thresholds of 双随机、一公开 (RULES §4, §2.1)."""

from __future__ import annotations

import datetime

from django.conf import settings

from core.deadlines import WD, DeadlineRule, register_rule


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


def publication_working_days() -> int:
    return int(getattr(settings, "FAZHI_RANDOM_PUBLICATION_WD", PUBLICATION_WORKING_DAYS_DEFAULT))


def publication_due_on(check_ends_on: datetime.date) -> datetime.date:
    """抽查结果公示期限：检查结束后 N 个工作日（默认20，RULES §4 [L]）。"""
    return add_working_days(check_ends_on, publication_working_days())
