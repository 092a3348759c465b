"""Pages for the holiday table (节假日安排): view by year, add days, import from Excel."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from core.calendar import PACKAGE_SOURCE, PACKAGE_YEARS, get_calendar
from core.deadlines import recompute_provisional
from core.forms import DateInput, FazhiModelForm
from core.io import Column, Sheet, Unique, choice_parser, import_sheet, parse_date
from core.models import CalendarDay, CalendarYear, DayKind
from core.retention import delete_with_reason
from core.shared import may_change_shared, require_shared_change, shared_data_required


class CalendarDayForm(FazhiModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_date(self):
        date = self.cleaned_data["date"]
        if self.year is not None and date.year != self.year:
            raise forms.ValidationError(f"日期不在{self.year}年内：本页只登记{self.year}年的日期。")
        return date


class UploadForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    source = forms.CharField(label="依据文件", required=False, max_length=200)
    file = forms.FileField(label="Excel 文件（列：日期、类型、名称）")


COLUMNS = [
    Column("日期", "date", required=True, parse=parse_date),
    Column(
        "类型",
        "kind",
        required=True,
        parse=choice_parser(
            [
                *DayKind.choices,
                ("holiday", "放假"),
                ("holiday", "节假日"),
                ("makeup_workday", "上班"),
                ("makeup_workday", "调休"),
            ]
        ),
    ),
    Column("名称", "name", required=True),
]


def _after_change(request) -> None:
    changed = recompute_provisional()
    if changed:
        messages.info(request, f"已按新的节假日安排重新计算{changed}个暂定期限。")


@login_required
@permission_required("core.view_calendaryear", raise_exception=True)
def calendar_year_list(request):
    years = {y.year: y for y in CalendarYear.objects.all()}
    today = datetime.date.today()
    rows = []
    for year in sorted(set(PACKAGE_YEARS) | set(years) | {today.year + 1}, reverse=True)[:8]:
        entry = years.get(year)
        rows.append(
            {
                "year": year,
                "entry": entry,
                "source": (
                    "本表录入"
                    if entry and entry.is_official
                    else PACKAGE_SOURCE
                    if year in PACKAGE_YEARS
                    else "未录入（按周末推算，期限标注“暂定”）"
                ),
                "official": not get_calendar().is_provisional_year(year),
            }
        )
    return render(
        request,
        "core/calendar/year_list.html",
        {
            "rows": rows,
            "can_edit": may_change_shared(request.user, CalendarDay, "add"),
            "version": get_calendar().version,
        },
    )


@login_required
@permission_required("core.view_calendaryear", raise_exception=True)
def calendar_year_detail(request, year: int):
    entry = CalendarYear.objects.filter(year=year).first()
    cal = get_calendar()
    days = []
    d = datetime.date(year, 1, 1)
    while d.year == year:
        if d in cal.holidays:
            days.append((d, "放假", cal.holidays[d]))
        elif d in cal.workdays:
            days.append((d, "调休上班", cal.workdays[d]))
        d += datetime.timedelta(days=1)
    form = None
    if request.method == "POST":
        require_shared_change(request.user, CalendarDay, "add")
    if may_change_shared(request.user, CalendarDay, "add"):
        form = CalendarDayForm(request.POST or None, year=year)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    entry, _ = CalendarYear.objects.get_or_create(year=year)
                    day = form.save(commit=False)
                    day.year = entry
                    day.full_clean()
                    day.save()
            except ValidationError as exc:  # rules that need the year row: shown, nothing saved
                errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                for field, msgs in errors.items():
                    form.add_error(field if field in form.fields else None, msgs)
            else:
                _after_change(request)
                messages.success(request, f"已登记 {day}。")
                return redirect("core:calendar_year_detail", year=year)
    return render(
        request,
        "core/calendar/year_detail.html",
        {
            "year": year,
            "entry": entry,
            "days": days,
            "form": form,
            "provisional": cal.is_provisional_year(year),
            "table_days": CalendarDay.objects.filter(date__year=year),
            "can_delete": may_change_shared(request.user, CalendarDay, "delete"),
        },
    )


@login_required
@shared_data_required(CalendarDay, "delete")
def calendar_day_delete(request, pk: int):
    """删除 a day entered in error: shared reference data, so with a reason, in the audit chain."""
    day = get_object_or_404(CalendarDay, pk=pk)
    if request.method == "POST":
        year = day.date.year
        try:
            delete_with_reason(day, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            _after_change(request)
            messages.success(request, f"已删除 {day}。")
        return redirect("core:calendar_year_detail", year=year)
    return redirect("core:calendar_year_detail", year=day.date.year)


def import_calendar(file, year: int, source: str):
    """Replace ``year``'s table with the rows of an Excel file, all or nothing."""
    entry: list[CalendarYear] = []

    def prepare(rows):
        year_row, _ = CalendarYear.objects.update_or_create(
            year=year, defaults={"is_official": True, "source": source}
        )
        for day in CalendarDay.objects.filter(year=year_row):
            delete_with_reason(day, reason=f"按导入的{year}年节假日安排替换")
        entry.append(year_row)

    def make_form(data, raw):
        return CalendarDayForm(data=data, instance=CalendarDay(year=entry[0]))

    repeated = Unique(("date",), message="该日期已登记：与第{row}行重复。")
    sheet = Sheet(COLUMNS, make_form, unique_by=[repeated])
    return import_sheet(file, sheet, prepare=prepare)


@login_required
@shared_data_required(CalendarDay, "add")
def calendar_import(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        # A file that cannot be read is an error of the result, like a bad row.
        result = import_calendar(
            form.cleaned_data["file"], form.cleaned_data["year"], form.cleaned_data["source"]
        )
        if result.ok:
            _after_change(request)
            messages.success(request, f"已导入{result.created}天。")
            return redirect("core:calendar_year_detail", year=form.cleaned_data["year"])
    return render(
        request,
        "core/import.html",
        {
            "title": "导入节假日安排",
            "form": form,
            "result": result,
            "headers": [c.header for c in COLUMNS],
            "required": [c.header for c in COLUMNS],
        },
    )
