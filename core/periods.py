"""Reporting periods (统计期间): a year, a quarter, a month or any date range."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Period:
    """A closed date range ``[start, end]`` with a Chinese label."""

    start: datetime.date
    end: datetime.date
    label: str = ""

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}年")

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        start = datetime.date(year, 3 * q - 2, 1)
        end = cls.month(year, 3 * q).end
        return cls(start, end, f"{year}年第{'一二三四'[q - 1]}季度")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = datetime.date(year, month, 1)
        nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
        return cls(start, nxt - datetime.timedelta(days=1), f"{year}年{month}月")

    def previous_year(self) -> Period:
        """The same range one year earlier (29 Feb becomes 28 Feb)."""

        def back(d: datetime.date) -> datetime.date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:
                return d.replace(year=d.year - 1, day=28)

        label = self.label
        if label.startswith(str(self.start.year)):
            label = str(self.start.year - 1) + label[4:]
        return Period(back(self.start), back(self.end), label)

    def months(self) -> list[Period]:
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(Period.month(y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def datetime_range(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware datetimes ``[start 00:00, day after end 00:00)`` in the project time zone."""
        from django.utils import timezone

        tz = timezone.get_current_timezone()
        lo = datetime.datetime.combine(self.start, datetime.time.min, tz)
        hi = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tz)
        return lo, hi
