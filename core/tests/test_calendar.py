"""Working-day calendar: official holidays, 调休 make-up days, counting rules (RULES.md §0, §10)."""

import datetime

import pytest

from core.calendar import WorkingCalendar, get_calendar
from core.models import CalendarDay, CalendarYear, DayKind

D = datetime.date
CAL = WorkingCalendar.from_sources()


@pytest.mark.parametrize(
    "day, working",
    [
        # 2024 春节 02-10…02-17; make-up working days Sunday 02-04 and Sunday 02-18; 除夕 02-09
        # was officially a working day (leave only "encouraged").
        (D(2024, 2, 4), True),
        (D(2024, 2, 9), True),
        (D(2024, 2, 10), False),
        (D(2024, 2, 16), False),
        (D(2024, 2, 18), True),
        (D(2024, 2, 19), True),
        # 2024 国庆 10-01…10-07; make-up Sunday 09-29 and Saturday 10-12.
        (D(2024, 9, 29), True),
        (D(2024, 10, 1), False),
        (D(2024, 10, 7), False),
        (D(2024, 10, 8), True),
        (D(2024, 10, 12), True),
        # 2025 春节 01-28…02-04; make-up Sunday 01-26 and Saturday 02-08.
        (D(2025, 1, 26), True),
        (D(2025, 1, 28), False),
        (D(2025, 2, 4), False),
        (D(2025, 2, 5), True),
        (D(2025, 2, 8), True),
        # 2025 国庆+中秋 10-01…10-08; make-up Sunday 09-28 and Saturday 10-11.
        (D(2025, 9, 28), True),
        (D(2025, 10, 1), False),
        (D(2025, 10, 8), False),
        (D(2025, 10, 9), True),
        (D(2025, 10, 11), True),
        # 2026 make-up days and 春节 02-15…02-23 (RULES.md §10).
        (D(2026, 1, 4), True),
        (D(2026, 2, 14), True),
        (D(2026, 2, 15), False),
        (D(2026, 2, 23), False),
        (D(2026, 2, 28), True),
        (D(2026, 5, 9), True),
        (D(2026, 9, 20), True),
        (D(2026, 10, 10), True),
        # An ordinary weekend and weekday.
        (D(2025, 3, 8), False),
        (D(2025, 3, 10), True),
    ],
)
def test_official_working_days(day, working):
    assert CAL.is_working_day(day) is working


def test_penalty_published_within_7_working_days_over_national_day():
    """RULES.md §10: decided Friday 2025-09-26, 7 wd → 2025-10-13."""
    due = CAL.add_working_days(D(2025, 9, 26), 7)
    assert due.on == D(2025, 10, 13) and not due.provisional
    counted = [D(2025, 9, 26) + datetime.timedelta(days=i) for i in range(1, 18)]
    counted = [d for d in counted if CAL.is_working_day(d) and d <= due.on]
    assert counted == [
        D(2025, 9, 28),
        D(2025, 9, 29),
        D(2025, 9, 30),
        D(2025, 10, 9),
        D(2025, 10, 10),
        D(2025, 10, 11),
        D(2025, 10, 13),
    ]


def test_trigger_day_is_not_counted():
    assert CAL.add_working_days(D(2025, 3, 10), 1).on == D(2025, 3, 11)  # Monday → Tuesday
    assert CAL.add_working_days(D(2025, 3, 7), 1).on == D(2025, 3, 10)  # Friday → Monday
    assert CAL.add_working_days(D(2025, 3, 10), 0).on == D(2025, 3, 10)


def test_natural_day_period_ending_on_holiday_rolls_to_next_working_day():
    """RULES.md §10: a cd deadline falling on 2025-10-04 rolls to 2025-10-09."""
    assert CAL.add_natural_days(D(2025, 9, 19), 15).on == D(2025, 10, 9)
    assert CAL.add_natural_days(D(2025, 3, 1), 15).on == D(2025, 3, 17)  # Sunday 16 → Monday 17
    assert CAL.add_natural_days(D(2025, 3, 1), 10).on == D(2025, 3, 11)  # a Tuesday stays


def test_month_period_ends_on_same_day_or_month_end_then_rolls():
    assert CAL.add_months(D(2025, 3, 10), 6).on == D(2025, 9, 10)
    # 6 months after 08-31 is 02-28 (month end), a 调休 Saturday, so a working day.
    assert CAL.add_months(D(2025, 8, 31), 6).on == D(2026, 2, 28)
    assert CAL.add_months(D(2025, 1, 15), 1).on == D(2025, 2, 17)  # Saturday 15th → Monday
    assert CAL.add_months(D(2025, 4, 1), 6).on == D(2025, 10, 9)  # 10-01 holiday → 10-09


def test_working_days_between_counts_half_open_interval():
    assert CAL.working_days_between(D(2025, 9, 26), D(2025, 10, 13)) == 7
    assert CAL.working_days_between(D(2025, 3, 10), D(2025, 3, 10)) == 0
    assert CAL.working_days_between(D(2025, 3, 11), D(2025, 3, 10)) == -1


def test_year_without_data_is_weekends_only_and_provisional():
    due = CAL.add_working_days(D(2026, 12, 30), 5)
    # 2026-12-31 (Thu), 2027-01-01 (Fri; a holiday in reality, unknown here), 01-04, 01-05, 01-06
    assert due.on == D(2027, 1, 6) and due.provisional
    assert CAL.is_working_day(D(2027, 1, 2)) is False
    assert not CAL.add_working_days(D(2026, 3, 2), 5).provisional


@pytest.mark.django_db
def test_admin_table_makes_a_year_official_and_overrides():
    year = CalendarYear.objects.create(year=2027, source="（测试）2027年节假日安排")
    CalendarDay.objects.create(year=year, date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    cal = get_calendar()
    assert not cal.is_working_day(D(2027, 1, 1))
    due = cal.add_working_days(D(2026, 12, 30), 5)
    assert due.on == D(2027, 1, 7) and not due.provisional
    assert "table" in cal.version and cal.version != CAL.version


@pytest.mark.django_db
def test_makeup_workday_must_be_a_weekend():
    from django.core.exceptions import ValidationError

    year = CalendarYear.objects.create(year=2027)
    day = CalendarDay(year=year, date=D(2027, 1, 6), kind=DayKind.MAKEUP_WORKDAY, name="调休")
    with pytest.raises(ValidationError) as exc:
        day.full_clean()
    assert "调休上班日应为周六或周日" in str(exc.value)
    other = CalendarDay(year=year, date=D(2028, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    with pytest.raises(ValidationError, match="不在2027年内"):
        other.full_clean()


def test_holiday_names_and_source_are_chinese(world, client_for):
    import chinese_calendar

    from core.calendar import PACKAGE_NAMES

    assert set(PACKAGE_NAMES) == {h.value for h in chinese_calendar.Holiday}
    c = client_for(world.city_officer)
    year = c.get("/calendar/2026/").content.decode()
    for name in ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"):
        assert name in year
    assert "Spring Festival" not in year and "New Year" not in year
    years = c.get("/calendar/").content.decode()
    assert "国务院办公厅节假日安排通知（chinese-calendar" in years
    assert "<td>chinese-calendar" not in years
