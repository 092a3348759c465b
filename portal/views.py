"""Public 公示 pages: no login, no personal data beyond 执法人员 and 执法证号 (RULES §2.1)."""

from itertools import batched

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from core.exports import download, stream_csv, stream_json
from core.models import Agency
from core.params import page_param, year_param
from core.publication import notices_for
from supervision import io
from supervision.models import Inspection, PlanStatus, SamplingPlan, Task

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
PLAN_PAGE_SIZE = 20
#: Rows read from the database at a time by a streamed download (memory stays bounded).
CHUNK = 500
#: The fixed, total orders of the public lists: a page number names the same rows on every
#: visit (until new results are published, which come first), so page links can be bookmarked.
TASK_ORDER = ("-published_on", "plan_id", "seq", "pk")
PLAN_ORDER = ("-published_on", "-id")
INSPECTION_ORDER = ("-published_on", "-inspected_on", "-pk")
#: The last column of the public result tables: whether and when a result was corrected.
CORRECTED = "更正说明"


def _task_notices(tasks) -> dict[int, str]:
    """Task id → the correction notice of its 双随机 inspection (已更正（更正于…，理由：…）)."""
    by_inspection = dict(
        Inspection.objects.filter(task__in=[t.pk for t in tasks]).values_list("pk", "task_id")
    )
    notices = notices_for(Inspection, list(by_inspection))
    return {by_inspection[pk]: text for pk, text in notices.items()}


def _agency(request) -> Agency | None:
    """The 实施机关 chosen (``?agency=<code>``), its subordinates included where it narrows."""
    code = request.GET.get("agency")
    return Agency.objects.filter(code=code).first() if code else None


def _year(request) -> int | None:
    """The year chosen (``?year=``), or None for all years and for anything not a year."""
    return year_param(request)


def _searched(queryset, request):
    """Narrowed by the unit's name (part of it) or its exact credit code (``?q=``)."""
    if q := request.GET.get("q", "").strip():
        return queryset.filter(Q(entity__name__contains=q) | Q(entity__uscc=q.upper()))
    return queryset


def _published_plans():
    return SamplingPlan.objects.filter(status=PlanStatus.PUBLISHED)


def _searched_plans(plans, request):
    """Plans named by the search (part of the plan's name), or holding a published result of a
    unit it finds (part of the unit's name or its exact credit code)."""
    if q := request.GET.get("q", "").strip():
        found = _searched(io.published_tasks(), request).values("plan_id")
        return plans.filter(Q(name__contains=q) | Q(pk__in=found))
    return plans


def _filtered(request):
    """Published tasks and plans narrowed by 实施机关 (with its subordinates), year and the
    search: tasks by their unit's name or code, plans by their name or the units they hold."""
    tasks = io.published_tasks()
    plans = _published_plans()
    if (agency := _agency(request)) is not None:
        tasks, plans = tasks.in_scope(agency), plans.in_scope(agency)
    if (year := _year(request)) is not None:
        tasks, plans = tasks.filter(plan__year=year), plans.filter(year=year)
    return _searched(tasks, request), _searched_plans(plans, request), agency


def _pager(request, page, param: str) -> list[dict]:
    """The page links of ``page``: first, the pages around it, last; each a stable URL with the
    filters of this one (the ``param`` page number left out for the first page)."""
    query = request.GET.copy()
    links = []
    for n in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if n == page.paginator.ELLIPSIS:
            links.append({"label": "…"})
            continue
        if n == 1:
            query.pop(param, None)
        else:
            query[param] = str(n)
        links.append({"label": n, "url": f"?{query.urlencode()}", "current": n == page.number})
    return links


def _paged(request, ids, load, *, param="page", size=None) -> dict:
    """One page of ``ids`` (counted and paged over ids only, in a fixed total order) and its
    rows, ``load(ids)`` building them with their joins for the ones shown; the page links and
    the query string of the filters (for the downloads)."""
    paginator = Paginator(ids, size or PAGE_SIZE)
    page = paginator.get_page(page_param(request.GET, param))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("plans_page", None)
    return {
        "page": page,
        "rows": load(list(page.object_list)),
        "query": query.urlencode(),
        "pages": _pager(request, page, param),
    }


def index(request):
    """政务公开：what the public pages hold, with links to each."""
    reports = _published_reports()
    return render(
        request,
        "portal/index.html",
        {
            "reports": reports.count(),
            "latest": reports.order_by("-published_on", "-id").first(),
            "plans": SamplingPlan.objects.filter(status=PlanStatus.PUBLISHED).count(),
            "inspections": io.published_inspections().count(),
        },
    )


def _plan_rows(shown: list[int]) -> list[SamplingPlan]:
    by_id = {p.pk: p for p in SamplingPlan.objects.filter(pk__in=shown).select_related("agency")}
    notices = notices_for(SamplingPlan, shown)
    plans = [by_id[pk] for pk in shown]
    for p in plans:
        p.correction_notice = notices.get(p.pk, "")
    return plans


def random_checks(request):
    """双随机抽查结果公示: every published plan and result, paged (no cap), filterable."""
    tasks, plans, agency = _filtered(request)

    def rows(shown: list[int]) -> list[list]:
        by_id = {t.pk: t for t in io.with_publication_joins(Task.objects.filter(pk__in=shown))}
        items = io.item_names({t.plan_id for t in by_id.values()})
        notices = _task_notices(list(by_id.values()))
        return [[*io.task_row(by_id[pk], items), notices.get(pk, "")] for pk in shown]

    ids = tasks.order_by(*TASK_ORDER).values_list("pk", flat=True)
    plan_page = _paged(
        request,
        plans.order_by(*PLAN_ORDER).values_list("pk", flat=True),
        _plan_rows,
        param="plans_page",
        size=PLAN_PAGE_SIZE,
    )
    published = _published_plans()
    return render(
        request,
        "portal/random_checks.html",
        {
            **_paged(request, ids, rows),
            "current": "checks",
            "plans": plan_page["rows"],
            "plan_page": plan_page["page"],
            "plan_pages": plan_page["pages"],
            "columns": [*io.RESULT_COLUMNS, CORRECTED],
            "agencies": Agency.objects.filter(pk__in=published.values("agency")).order_by("path"),
            "years": sorted(set(published.values_list("year", flat=True)), reverse=True),
            "selected_agency": agency,
        },
    )


def plan_verify(request, pk):
    """复核：how anyone can check that a published plan's draw was not chosen by hand."""
    plan = get_object_or_404(_published_plans().select_related("agency"), pk=pk)
    plan.correction_notice = notices_for(SamplingPlan, [plan.pk]).get(plan.pk, "")
    return render(
        request,
        "portal/plan_verify.html",
        {"current": "checks", "plan": plan, "drawn": plan.tasks.count()},
    )


def _download(body: bytes, content_type: str, name: str, fmt: str) -> HttpResponse:
    """A public export named in Chinese with the day it was made (双随机抽查结果-20261130.csv)."""
    return download(body, content_type, _filename(name, fmt))


def _filename(name: str, fmt: str) -> str:
    day = timezone.localdate().strftime("%Y%m%d")
    return f"{name}-{day}.{fmt}"


def _streamed(columns, rows, name: str, fmt: str):
    """CSV or JSON written while it is sent (``rows`` a generator reading in chunks)."""
    writer = stream_csv if fmt == "csv" else stream_json
    return writer(columns, rows, _filename(name, fmt))


def _result_rows(tasks):
    """Every published result of ``tasks`` in the pages' order with its correction notice, read
    ``CHUNK`` rows at a time (the inspectors and notices: one query per chunk each)."""
    qs = io.with_publication_joins(tasks).order_by(*TASK_ORDER)
    items = io.item_names(tasks.order_by().values("plan_id").distinct())
    for chunk in batched(qs.iterator(chunk_size=CHUNK), CHUNK):
        notices = _task_notices(chunk)
        for t in chunk:
            yield [*io.task_row(t, items), notices.get(t.pk, "")]


def random_checks_export(request, fmt):
    tasks, _, _ = _filtered(request)
    columns = [*io.RESULT_COLUMNS, CORRECTED]
    if fmt in ("csv", "json"):
        return _streamed(columns, _result_rows(tasks), "双随机抽查结果", fmt)
    body = io.to_xlsx(columns, _result_rows(tasks), "双随机抽查结果")
    return _download(body, XLSX, "双随机抽查结果", fmt)


def random_plans_export(request, fmt):
    _, plans, _ = _filtered(request)
    rows = io.plan_rows(plans)
    if fmt in ("csv", "json"):
        return _streamed(io.PLAN_COLUMNS, rows, "双随机抽查计划", fmt)
    return _download(
        io.to_xlsx(io.PLAN_COLUMNS, rows, "双随机抽查计划"), XLSX, "双随机抽查计划", fmt
    )


# --- 日常监督检查结果 (RULES §2.1 事后公示) ------------------------------------------------------


def _inspections(request):
    qs = io.published_inspections()
    if (agency := _agency(request)) is not None:
        qs = qs.in_scope(agency)
    if (year := _year(request)) is not None:
        qs = qs.filter(inspected_on__year=year)
    return _searched(qs, request).order_by(*INSPECTION_ORDER), agency


def inspections(request):
    """监督检查结果公示: every published 日常监督检查 result, newest first, paged, filterable."""
    qs, agency = _inspections(request)

    def rows(shown: list[int]) -> list[list]:
        by_id = {i.pk: i for i in qs.filter(pk__in=shown).select_related("agency", "entity")}
        notices = notices_for(Inspection, shown)
        return [
            [*row, notices.get(pk, "")]
            for pk, row in zip(
                shown, io.inspection_rows_of([by_id[pk] for pk in shown]), strict=True
            )
        ]

    published = io.published_inspections()
    return render(
        request,
        "portal/inspections.html",
        {
            **_paged(request, qs.values_list("pk", flat=True), rows),
            "current": "inspections",
            "columns": [*io.INSPECTION_COLUMNS, CORRECTED],
            "agencies": Agency.objects.filter(
                pk__in=published.order_by().values("agency").distinct()
            ).order_by("path"),
            "years": sorted(
                {d.year for d in published.dates("inspected_on", "year")}, reverse=True
            ),
            "selected_agency": agency,
        },
    )


def _inspection_rows(qs):
    """Every published inspection of ``qs`` with its correction notice, ``CHUNK`` at a time."""
    for chunk in batched(qs.select_related("agency", "entity").iterator(chunk_size=CHUNK), CHUNK):
        notices = notices_for(Inspection, [i.pk for i in chunk])
        for i, row in zip(chunk, io.inspection_rows_of(chunk), strict=True):
            yield [*row, notices.get(i.pk, "")]


def inspections_export(request, fmt):
    qs = _inspections(request)[0]
    columns = [*io.INSPECTION_COLUMNS, CORRECTED]
    if fmt in ("csv", "json"):
        return _streamed(columns, _inspection_rows(qs), "监督检查结果", fmt)
    body = io.to_xlsx(columns, _inspection_rows(qs), "监督检查结果")
    return _download(body, XLSX, "监督检查结果", fmt)


# --- 法治政府建设年度报告 (RULES §1.2: public by 04-01 of the next year) -------------------------


def _published_reports():
    from reports.models import AnnualReport, ReportStatus

    return AnnualReport.objects.filter(
        status__in=[ReportStatus.PUBLISHED, ReportStatus.ARCHIVED]
    ).select_related("agency")


def annual_reports(request):
    """公开的年度报告：each published report, newest first."""
    return render(
        request,
        "portal/annual_reports.html",
        {
            "current": "reports",
            "reports": _published_reports().order_by("-year", "agency__path"),
        },
    )


def annual_report(request, pk):
    """One published report as its standalone HTML page (numbers without links to records,
    which need a login)."""
    from reports import compose, export, services

    report = get_object_or_404(_published_reports(), pk=pk)
    doc = services.assembly(report).document
    from django.templatetags.static import static

    page = export.render_html(
        compose.to_export(doc),
        stylesheet=static(export.STYLESHEET),
        header=render_to_string("portal/_nav.html", {"current": "reports"}, request=request),
    )
    return HttpResponse(page, content_type="text/html; charset=utf-8")
