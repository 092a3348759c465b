"""Public 公示 pages: no login, no personal data beyond 执法人员 and 执法证号 (RULES §2.1)."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from core.exports import download
from core.models import Agency
from core.params import year_param
from core.publication import notices_for
from supervision import io
from supervision.models import Inspection, PlanStatus, SamplingPlan, Task

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
#: The last column of the public result tables: whether and when a result was corrected.
CORRECTED = "更正说明"


def _task_notices(tasks: list[Task]) -> dict[int, str]:
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


def _filtered(request):
    """Published tasks narrowed by 实施机关 (with its subordinates), year and a name/code search."""
    tasks = io.published_tasks()
    plans = SamplingPlan.objects.filter(status=PlanStatus.PUBLISHED)
    if (agency := _agency(request)) is not None:
        tasks, plans = tasks.in_scope(agency), plans.in_scope(agency)
    if (year := _year(request)) is not None:
        tasks, plans = tasks.filter(plan__year=year), plans.filter(year=year)
    return _searched(tasks, request), plans, agency


def _paged(request, ids, load) -> dict:
    """One page of ``ids`` (counted and paged over ids only) and its rows, ``load(ids)`` building
    them with their joins for the 50 shown; the query string to keep in the page links."""
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "rows": load(list(page.object_list)), "query": query.urlencode()}


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


def random_checks(request):
    """双随机抽查结果公示: every published result, paged (no cap), filterable."""
    tasks, plans, agency = _filtered(request)

    def rows(shown: list[int]) -> list[list]:
        by_id = {t.pk: t for t in io.with_publication_joins(Task.objects.filter(pk__in=shown))}
        items = io.item_names({t.plan_id for t in by_id.values()})
        notices = _task_notices(list(by_id.values()))
        return [[*io.task_row(by_id[pk], items), notices.get(pk, "")] for pk in shown]

    ids = tasks.order_by("-published_on", "plan_id", "seq").values_list("pk", flat=True)
    shown_plans = list(plans.select_related("agency").order_by("-published_on", "-id")[:20])
    plan_notices = notices_for(SamplingPlan, [p.pk for p in shown_plans])
    for p in shown_plans:
        p.correction_notice = plan_notices.get(p.pk, "")
    return render(
        request,
        "portal/random_checks.html",
        {
            **_paged(request, ids, rows),
            "current": "checks",
            "plans": shown_plans,
            "columns": [*io.RESULT_COLUMNS, CORRECTED],
            "agencies": Agency.objects.filter(
                pk__in=SamplingPlan.objects.filter(status=PlanStatus.PUBLISHED).values("agency")
            ).order_by("path"),
            "years": sorted(
                set(
                    SamplingPlan.objects.filter(status=PlanStatus.PUBLISHED).values_list(
                        "year", flat=True
                    )
                ),
                reverse=True,
            ),
            "selected_agency": agency,
        },
    )


def _download(body: bytes, content_type: str, name: str, fmt: str) -> HttpResponse:
    """A public export named in Chinese with the day it was made (双随机抽查结果-20261130.csv)."""
    day = timezone.localdate().strftime("%Y%m%d")
    return download(body, content_type, f"{name}-{day}.{fmt}")


def random_checks_export(request, fmt):
    tasks, _, _ = _filtered(request)
    rows = io.publication_rows(tasks)
    if fmt == "csv":
        return _download(io.to_csv(io.RESULT_COLUMNS, rows), "text/csv", "双随机抽查结果", fmt)
    body = io.to_xlsx(io.RESULT_COLUMNS, rows, "双随机抽查结果")
    return _download(body, XLSX, "双随机抽查结果", fmt)


def random_plans_export(request, fmt):
    _, plans, _ = _filtered(request)
    rows = io.plan_rows(plans)
    if fmt == "csv":
        return _download(io.to_csv(io.PLAN_COLUMNS, rows), "text/csv", "双随机抽查计划", fmt)
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
    return _searched(qs, request).order_by("-published_on", "-inspected_on", "-pk"), agency


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


def inspections_export(request, fmt):
    rows = io.inspection_rows_of(_inspections(request)[0].select_related("agency", "entity"))
    if fmt == "csv":
        return _download(io.to_csv(io.INSPECTION_COLUMNS, rows), "text/csv", "监督检查结果", fmt)
    body = io.to_xlsx(io.INSPECTION_COLUMNS, rows, "监督检查结果")
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
    from django.shortcuts import get_object_or_404

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
