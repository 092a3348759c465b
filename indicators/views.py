"""Indicator catalogue, per-indicator pages and the agency dashboard (thin views over values)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from core.indicators import batch
from core.models import Agency, user_agency
from core.params import int_param, page_param
from core.periods import Period
from indicators import catalogue
from indicators.values import Value, comparable, evaluate, year_on_year

RECORDS_PER_PAGE = 25


def _scope_and_year(request) -> tuple[Agency | None, int, list[Agency]]:
    """The agency the page is about (the user's, or one below it) and the statistics year."""
    own = user_agency(request.user)
    visible = list(Agency.objects.visible_to(request.user).order_by("path")) if own else []
    scope = own
    if code := request.GET.get("agency"):
        scope = next((a for a in visible if a.code == code), None)
        if scope is None:
            raise Http404("未找到该机构。")  # the same for a code of another branch
    today = timezone.localdate()
    year = int_param(request, "year", default=today.year - 1)
    year = min(max(year, 2000), today.year)
    return scope, year, visible


def _years(year: int) -> list[int]:
    return list(range(timezone.localdate().year, 2015, -1))


@login_required
@permission_required("core.view_indicators", raise_exception=True)
def catalogue_page(request):
    """指标目录：every indicator with its definition, source and status (已接入/未接入)."""
    scope, year, visible = _scope_and_year(request)
    period = Period.year(year)
    areas = []
    with batch():  # indicators counting the same rows count them once
        for area, defs in catalogue.by_area().items():
            rows = [(d, evaluate(d.key, scope, period) if d.connected else None) for d in defs]
            areas.append((catalogue.AREAS[area], rows))
    connected = sum(1 for d in catalogue.DEFINITIONS if d.connected)
    return render(
        request,
        "indicators/catalogue.html",
        {
            "areas": areas,
            "scope": scope,
            "year": year,
            "years": _years(year),
            "agencies": visible,
            "connected": connected,
            "total": len(catalogue.DEFINITIONS),
        },
    )


def chart(title: str, categories: list[str], unit: str, series: list[dict]) -> dict:
    """Chart data for ``static/indicators/charts.js`` plus the same figures as table rows."""
    rows = [(c, [s["data"][i] for s in series]) for i, c in enumerate(categories)]
    return {"title": title, "categories": categories, "unit": unit, "series": series, "rows": rows}


def _monthly(key: str, scope, year: int) -> list[float | None]:
    return [evaluate(key, scope, p).number for p in Period.year(year).months()]


def _monthly_series(key: str, scope, year: int, previous: Value) -> list[dict]:
    """This year by month, and last year's line only when last year has records to compare
    with (``comparable``): a year without records is drawn as no line, not as zeros."""
    series = [{"name": f"{year}年", "data": _monthly(key, scope, year)}]
    if comparable(previous):
        series.append({"name": f"{year - 1}年", "data": _monthly(key, scope, year - 1)})
    return series


def _agency_chart(title: str, unit: str, year: int, by_agency: list[tuple[Agency, Value]]):
    """A bar per agency below that has a figure; none when no agency below has one (the
    page says so instead of drawing an empty chart)."""
    shown = [(a, v) for a, v in by_agency if v.has_data]
    if not shown:
        return None
    return chart(
        title,
        [a.name for a, _ in shown],
        unit,
        [{"name": f"{year}年", "data": [v.number for _, v in shown]}],
    )


@login_required
@permission_required("core.view_indicators", raise_exception=True)
def indicator_page(request, key: str):
    """One indicator: figure and parts, this year against last, by month, by agency, records.

    A figure given in parts (监督覆盖率 by 监管类别) shows them in a table and a bar chart;
    ``?part=<key>`` lists the records behind one part (the links of the report's figures).
    """
    if key not in catalogue.BY_KEY:
        raise Http404("没有该指标。")
    scope, year, visible = _scope_and_year(request)
    definition = catalogue.get(key)
    period = Period.year(year)
    # One batch: the figures of the scope, of each month and of each agency below it are summed
    # from rows read once, not read again per agency.
    with batch():
        current = evaluate(key, scope, period)
        previous = evaluate(key, scope, period.previous_year())
        ctx = {
            "d": definition,
            "scope": scope,
            "year": year,
            "years": _years(year),
            "agencies": visible,
            "current": current,
            "previous": previous,
            "change": year_on_year(current, previous),
            "previous_comparable": comparable(previous),
        }
        if current.measure is not None:
            ctx.update(_charts(key, definition, scope, year, current, previous))
    if current.measure is not None:
        # The records are querysets of their own, built and read after the batch.
        records = current.measure.records
        if part := request.GET.get("part"):
            chosen = next((p for p in ctx.get("parts", ()) if p[0] == part), None)
            if chosen is None:
                raise Http404("该指标没有这一分项。")
            ctx["part"] = chosen
            records = chosen[2].measure.records
        ctx.update(_records_page(request, records))
    return render(request, "indicators/indicator.html", ctx)


def _charts(key: str, definition, scope, year: int, current: Value, previous: Value) -> dict:
    """The indicator page's charts and tables: by month, by agency below, by part."""
    period = Period.year(year)
    months = [f"{m}月" for m in range(1, 13)]
    ctx: dict = {
        "monthly_chart": chart(
            f"{definition.name}（按月）",
            months,
            definition.unit,
            _monthly_series(key, scope, year, previous),
        )
    }
    children = list(Agency.objects.filter(parent=scope).order_by("path")) if scope else []
    if children:
        ctx["by_agency"] = [(a, evaluate(key, a, period)) for a in children]
        ctx["agency_chart"] = _agency_chart(
            f"{definition.name}（按下级机构）", definition.unit, year, ctx["by_agency"]
        )
    if parts := current.parts():
        ctx["parts"] = parts
        ctx["parts_title"] = f"按{definition.parts or '分项'}"
        ctx["parts_chart"] = chart(
            f"{definition.name}（{ctx['parts_title']}）",
            [label for _, label, _ in parts],
            definition.unit,
            [{"name": f"{year}年", "data": [v.number for _, _, v in parts]}],
        )
    return ctx


def _records_page(request, records) -> dict:
    """One page of the records behind the figure, without counting them all."""
    if records is None:
        return {}
    page = page_param(request)
    start = (page - 1) * RECORDS_PER_PAGE
    rows = list(records.order_by("-pk")[start : start + RECORDS_PER_PAGE + 1])
    return {
        "records": rows[:RECORDS_PER_PAGE],
        "records_model": records.model._meta.verbose_name,
        "page": page,
        "has_next": len(rows) > RECORDS_PER_PAGE,
        "offset": start,
    }


#: The dashboard's headline figures, in reading order (those not connected show 无数据).
HEADLINE = (
    "inspections_count",
    "supervision_coverage_rate",
    "random_tasks",
    "random_completion_rate",
    "random_closure_rate",
    "rectification_completion_rate",
    "cases_filed",
    "complaints_received",
    "certified_inspectors",
    "supervised_entities_total",
)


@login_required
@permission_required("core.view_indicators", raise_exception=True)
def dashboard(request):
    """本机构看板：headline figures this year against last, with charts."""
    scope, year, visible = _scope_and_year(request)
    period = Period.year(year)
    with batch():  # the city's figures and each county's coverage read their rows once
        cards = []
        for key in HEADLINE:
            cur = evaluate(key, scope, period)
            prev = evaluate(key, scope, period.previous_year())
            cards.append((cur, prev, year_on_year(cur, prev)))
        ctx = {
            "scope": scope,
            "year": year,
            "years": _years(year),
            "agencies": visible,
            "cards": cards,
            "generated": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        }
        if catalogue.get("inspections_count").connected and scope is not None:
            previous = cards[HEADLINE.index("inspections_count")][1]
            series = _monthly_series("inspections_count", scope, year, previous)
            ctx["monthly_chart"] = chart(
                "监督检查户次（按月，本年与上年）" if len(series) > 1 else "监督检查户次（按月）",
                [f"{m}月" for m in range(1, 13)],
                "家次",
                series,
            )
            children = list(Agency.objects.filter(parent=scope).order_by("path"))
            if children:
                rates = [(a, evaluate("supervision_coverage_rate", a, period)) for a in children]
                ctx["agency_chart"] = _agency_chart("监督覆盖率（按下级机构）", "%", year, rates)
                ctx["agency_chart_empty"] = ctx["agency_chart"] is None
    return render(request, "indicators/dashboard.html", ctx)
