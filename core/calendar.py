"""Working-day calendar (工作日历) and the legal counting rules of RULES.md §0 and §10.

Sources, in order of precedence:

1. the admin-maintained table (``CalendarDay`` rows; a ``CalendarYear`` row marks that a year's
   official State Council arrangement has been entered), which overrides everything;
2. the ``chinese-calendar`` package (official data for 2004–2026 in v1.11.0);
3. for a year with neither: weekends only, and every date computed through that year is marked
   **provisional** (暂定) so it can be recomputed once the year's holidays are entered.

Counting (民事诉讼法 2023 第85条, applied by 行政复议法 第88条 and 行政处罚法 第85条): the day of
the triggering event is not counted; a period in working days ends on the n-th working day after
it; a period in natural days or months that ends on a non-working day ends on the next working
day. This module is pure Python (no Django); ``get_calendar()`` builds the current calendar from
the database and caches it until the table changes.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import chinese_calendar

PACKAGE_VERSION = getattr(chinese_calendar, "__version__", "unknown")
PACKAGE_YEARS = range(2004, 2027)

#: The package's holiday names (its ``Holiday`` enum: English value, Chinese second) in Chinese,
#: with the full names the State Council notices use where the package shortens them.
FULL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}
PACKAGE_NAMES = {h.value: FULL_NAMES.get(h.chinese, h.chinese) for h in chinese_calendar.Holiday}
#: How the year list names the package's data: what it is, then where it came from.
PACKAGE_SOURCE = f"国务院办公厅节假日安排通知（chinese-calendar {PACKAGE_VERSION} 数据）"

HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"

Date = datetime.date


@dataclass(frozen=True)
class Due:
    """A computed date and whether it relied on a year without official data (暂定)."""

    on: Date
    provisional: bool = False


@dataclass
class WorkingCalendar:
    """Working days from holiday and make-up working-day tables.

    ``holidays`` and ``workdays`` map dates to names (a holiday on a weekday; a make-up working
    day on a weekend). ``official_years`` are years whose arrangement is known; any other year
    falls back to weekends only and marks results provisional.
    """

    holidays: Mapping[Date, str] = field(default_factory=dict)
    workdays: Mapping[Date, str] = field(default_factory=dict)
    official_years: frozenset[int] = frozenset()
    version: str = ""

    @classmethod
    def from_sources(
        cls,
        overrides: Iterable[tuple[Date, str, str]] = (),
        admin_years: Iterable[int] = (),
    ) -> WorkingCalendar:
        """Package data overlaid with admin rows ``(date, kind, name)``."""
        holidays = {d: PACKAGE_NAMES.get(n, n) for d, n in chinese_calendar.holidays.items()}
        workdays = {d: PACKAGE_NAMES.get(n, n) for d, n in chinese_calendar.workdays.items()}
        # A year the admin has entered replaces the package's data for that year entirely.
        admin_years = frozenset(admin_years)
        for table in (holidays, workdays):
            for d in [d for d in table if d.year in admin_years]:
                del table[d]
        digest = hashlib.sha256()
        for day, kind, name in sorted(overrides):
            holidays.pop(day, None)
            workdays.pop(day, None)
            (holidays if kind == HOLIDAY else workdays)[day] = name
            digest.update(f"{day.isoformat()}:{kind}:{name};".encode())
        years = frozenset(PACKAGE_YEARS) | admin_years
        version = f"chinese-calendar {PACKAGE_VERSION}"
        if overrides or admin_years:
            version += f" + table {digest.hexdigest()[:12]}"
        return cls(holidays, workdays, years, version)

    # --- single days ------------------------------------------------------------------------

    def is_provisional_year(self, year: int) -> bool:
        return year not in self.official_years

    def is_working_day(self, day: Date) -> bool:
        """True if the State Council calendar says "work" that day (weekends-only if unknown)."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: Date) -> Due:
        """``day`` itself if it is a working day, else the next one."""
        provisional = self.is_provisional_year(day.year)
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
            provisional |= self.is_provisional_year(day.year)
        return Due(day, provisional)

    # --- periods ------------------------------------------------------------------------------

    def add_working_days(self, start: Date, n: int) -> Due:
        """The n-th working day after ``start`` (``start`` itself is not counted)."""
        if n < 0:
            raise ValueError("n must not be negative")
        day, provisional, left = start, self.is_provisional_year(start.year), n
        while left:
            day += datetime.timedelta(days=1)
            provisional |= self.is_provisional_year(day.year)
            if self.is_working_day(day):
                left -= 1
        return Due(day, provisional)

    def working_days_between(self, start: Date, end: Date) -> int:
        """Working days in ``(start, end]``: how many working days have run since ``start``."""
        if end <= start:
            return -self.working_days_between(end, start) if end < start else 0
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def add_natural_days(self, start: Date, n: int) -> Due:
        """``start`` + n natural days; a period ending on a non-working day ends on the next one."""
        end = start + datetime.timedelta(days=n)
        due = self.next_working_day(end)
        return Due(due.on, due.provisional or self.is_provisional_year(start.year))

    def add_months(self, start: Date, n: int) -> Due:
        """``start`` + n months (same day, or the month's last day), rolled to a working day."""
        month0 = start.month - 1 + n
        year, month = start.year + month0 // 12, month0 % 12 + 1
        day = min(start.day, _stdlib_calendar.monthrange(year, month)[1])
        return self.next_working_day(datetime.date(year, month, day))


_cache: dict[str, object] = {}


def get_calendar() -> WorkingCalendar:
    """The calendar from the package and the admin table, rebuilt only when the table changed."""
    from django.db.models import Count, Max

    from core.models.calendar import CalendarDay, CalendarYear

    stamp = (
        CalendarDay.objects.aggregate(n=Count("id"), t=Max("updated_at")),
        CalendarYear.objects.aggregate(n=Count("id"), t=Max("updated_at")),
    )
    if _cache.get("stamp") != stamp:
        _cache["calendar"] = WorkingCalendar.from_sources(
            CalendarDay.objects.values_list("date", "kind", "name"),
            CalendarYear.objects.filter(is_official=True).values_list("year", flat=True),
        )
        _cache["stamp"] = stamp
    return _cache["calendar"]  # type: ignore[return-value]


def is_working_day(day: Date) -> bool:
    return get_calendar().is_working_day(day)


def add_working_days(start: Date, n: int) -> Date:
    """The n-th working day after ``start`` (use ``get_calendar()`` for the provisional flag)."""
    return get_calendar().add_working_days(start, n).on


def working_days_between(start: Date, end: Date) -> int:
    return get_calendar().working_days_between(start, end)
