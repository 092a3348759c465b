"""Deadlines: rule registry, computation, extension, pauses, provisional years, 待办."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from core.deadlines import (
    complete_deadline,
    compute_due,
    extend_deadline,
    get_rule,
    pause_deadline,
    resume_deadline,
    start_deadline,
)
from core.models import CalendarDay, CalendarYear, Deadline, Person
from core.pending import pending_for

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def record(world):
    return Person.objects.create(agency=world.county_a, name="期限测试对象")


def test_double_publicity_deadline_is_stored_with_its_rule(record):
    d = start_deadline(record, "publicity.double", D(2025, 9, 26))
    assert d.due_on == D(2025, 10, 13)
    assert (d.rule_id, d.unit, d.amount) == ("publicity.double", "wd", 7)
    assert "国办发〔2018〕118号" in d.basis and d.start_event
    assert d.calendar_version.startswith("chinese-calendar") and not d.provisional
    assert d.agency == record.agency


def test_natural_day_rule_rolls_over_holiday(record):
    # 缴纳罚款 15 cd from 2025-09-19 ends on Saturday 10-04 (holiday) → 10-09.
    assert start_deadline(record, "penalty.payment", D(2025, 9, 19)).due_on == D(2025, 10, 9)


def test_month_rule(record):
    assert start_deadline(record, "litigation.apply", D(2025, 4, 1)).due_on == D(2025, 10, 9)


def test_fixed_date_rules_for_the_annual_report(record, settings):
    assert start_deadline(record, "annual_report.submit", D(2025, 12, 31)).due_on == D(2026, 3, 1)
    assert start_deadline(record, "annual_report.publish", D(2025, 12, 31)).due_on == D(2026, 4, 1)
    settings.FAZHI_BEFORE_INCLUDES_DAY = False
    assert compute_due("fixed", 0, D(2025, 12, 31), fixed_month_day=(3, 1)).on == D(2026, 2, 28)


def test_provisional_deadline_is_recomputed_when_the_year_is_entered(world, client_for, record):
    d = start_deadline(record, "publicity.double", D(2026, 12, 28))
    # 12-29, 12-30, 12-31, then 2027 weekends-only: 01-01, 01-04, 01-05, 01-06.
    assert d.due_on == D(2027, 1, 6) and d.provisional
    wb = Workbook()
    for row in [
        ["日期", "类型", "名称"],
        ["2027-01-01", "放假", "元旦"],
        ["2027-01-02", "放假", "元旦"],
        ["2027-01-03", "放假", "元旦"],
    ]:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "2027.xlsx"
    resp = client_for(world.city_admin).post(
        "/calendar/import/", {"year": 2027, "file": buf, "source": "2027年节假日安排"}
    )
    assert resp.status_code == 302, resp.content.decode()[-1500:]
    d.refresh_from_db()
    assert d.due_on == D(2027, 1, 7) and not d.provisional
    assert "table" in d.calendar_version


def test_calendar_import_with_bad_rows_writes_nothing(world, client_for):
    wb = Workbook()
    for row in [
        ["日期", "类型", "名称"],
        ["2027-01-01", "放假", "元旦"],
        ["2027-13-01", "放假", "错日期"],
        ["2027-01-02", "请假", "错类型"],
        ["2027-01-01", "放假", "重复"],
        ["2027-01-06", "调休上班", "周三"],
    ]:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "2027.xlsx"
    body = (
        client_for(world.city_admin)
        .post("/calendar/import/", {"year": 2027, "file": buf})
        .content.decode()
    )
    assert "第3行“日期”：日期格式错误" in body
    assert "第4行“类型”" in body
    assert "第5行“日期”：该日期已登记" in body
    assert "第6行“类型”：调休上班日应为周六或周日" in body
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()


def test_only_the_top_level_admin_edits_the_calendar(world, client_for):
    """Shared data (core/tests/test_shared_data.py): inspectors do not even read the table."""
    assert client_for(world.officer_a).get("/calendar/").status_code == 403
    assert client_for(world.admin_a).get("/calendar/").status_code == 200
    assert client_for(world.admin_a).get("/calendar/import/").status_code == 403
    resp = client_for(world.officer_a).post(
        "/calendar/2027/", {"date": "2027-01-01", "kind": "holiday", "name": "元旦"}
    )
    assert resp.status_code == 403 and not CalendarDay.objects.exists()
    resp = client_for(world.admin_a).post(
        "/calendar/2027/", {"date": "2027-01-01", "kind": "holiday", "name": "元旦"}
    )
    assert resp.status_code == 403 and not CalendarDay.objects.exists()
    client_for(world.city_admin).post(
        "/calendar/2027/", {"date": "2027-01-01", "kind": "holiday", "name": "元旦"}
    )
    assert CalendarDay.objects.get().year.year == 2027


def test_extension_within_the_statutory_maximum(record):
    d = start_deadline(record, "licensing.decision", D(2025, 3, 3))
    assert d.due_on == D(2025, 3, 31)  # 20 wd
    with pytest.raises(ValidationError) as exc:
        extend_deadline(d, 11, "情况复杂")
    assert "最多可延长10工作日" in str(exc.value) and "第42条" in str(exc.value)
    with pytest.raises(ValidationError, match="必须说明理由"):
        extend_deadline(d, 10, "  ")
    extend_deadline(d, 10, "经负责人批准，情况复杂")
    assert d.due_on == D(2025, 4, 15)  # 30 wd; 04-04 清明 is a holiday


def test_pause_excludes_the_paused_working_days(record):
    d = start_deadline(record, "licensing.decision", D(2025, 3, 3))
    with pytest.raises(ValidationError, match="只能因以下情形中止计算"):
        pause_deadline(d, D(2025, 3, 5), "领导出差")
    pause_deadline(d, D(2025, 3, 5), "鉴定")
    assert d.status == "paused"
    resume_deadline(d, D(2025, 3, 12))  # 5 working days paused
    assert d.status == "open" and d.due_on == D(2025, 4, 8)


def test_completion_records_whether_it_was_met(record):
    d = start_deadline(record, "publicity.double", D(2025, 9, 26))
    complete_deadline(d, D(2025, 10, 13))
    assert d.met is True
    with pytest.raises(ValidationError):
        complete_deadline(d, D(2025, 10, 14))
    late = start_deadline(record, "publicity.double", D(2025, 9, 26))
    complete_deadline(late, D(2025, 10, 14))
    assert late.met is False


def test_unknown_rule_is_refused(record):
    with pytest.raises(KeyError, match="未登记的期限规则"):
        get_rule("no.such.rule")


def test_pending_lists_own_agency_items_by_state_oldest_first(world, record):
    other = Person.objects.create(agency=world.county_b, name="西山对象")
    start_deadline(other, "publicity.double", D(2025, 3, 3))
    late = start_deadline(record, "publicity.double", D(2025, 3, 3), title="逾期事项")  # 03-12
    soon = start_deadline(record, "publicity.general", D(2025, 3, 3), title="将到期事项")  # 03-31
    start_deadline(record, "penalty.decision", D(2025, 3, 3), title="远期事项")
    mine_only = start_deadline(
        record, "publicity.double", D(2025, 3, 10), title="他人事项", responsible=world.reviewer_a
    )
    with time_machine.travel(datetime.datetime(2025, 3, 25, 9, tzinfo=datetime.UTC)):
        items = pending_for(world.officer_a)
    titles = [i.title for i in items]
    assert titles == ["逾期事项", "将到期事项", "远期事项"]
    assert [i.state for i in items] == ["overdue", "due_soon", "open"]
    assert mine_only.title not in titles and "西山对象" not in "".join(titles)
    assert late.due_on < soon.due_on
    assert Deadline.objects.count() == 5


def test_home_page_shows_pending_with_provisional_badge(world, client_for, record):
    start_deadline(record, "publicity.double", D(2026, 12, 28), title="跨年事项")
    with time_machine.travel(datetime.datetime(2026, 12, 31, 9, tzinfo=datetime.UTC)):
        body = client_for(world.officer_a).get("/").content.decode()
    assert "跨年事项" in body and "暂定" in body and "即将到期" in body
    assert f'href="/people/{record.pk}/"' in body


def test_pending_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    people = [Person.objects.create(agency=world.county_a, name=f"对象{i}") for i in range(30)]
    for p in people:
        start_deadline(p, "publicity.double", D(2025, 3, 3))
    with django_assert_max_num_queries(6):
        items = pending_for(world.officer_a, today=D(2025, 3, 5))
    assert len(items) == 30 and all(i.url.startswith("/people/") for i in items)
