"""Public 公示 pages: no login, no personal data beyond 执法人员 and 执法证号 (RULES §2.1)."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from supervision import io
from supervision.models import PlanStatus, SamplingPlan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def random_checks(request):
    """双随机抽查结果公示."""
    plans = (
        SamplingPlan.objects.filter(status=PlanStatus.PUBLISHED)
        .select_related("agency")
        .order_by("-published_on", "-id")
    )
    page = Paginator(list(io.publication_rows(io.published_tasks(), limit=2000)), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/random_checks.html",
        {"plans": plans[:50], "page": page, "columns": io.RESULT_COLUMNS},
    )


def random_checks_export(request, fmt):
    rows = io.publication_rows(io.published_tasks())
    if fmt == "csv":
        resp = HttpResponse(io.to_csv(io.RESULT_COLUMNS, rows), content_type="text/csv")
    else:
        resp = HttpResponse(
            io.to_xlsx(io.RESULT_COLUMNS, rows, "双随机抽查结果"), content_type=XLSX
        )
    resp["Content-Disposition"] = f'attachment; filename="random-check-results.{fmt}"'
    return resp


def random_plans_export(request, fmt):
    rows = io.plan_rows()
    if fmt == "csv":
        resp = HttpResponse(io.to_csv(io.PLAN_COLUMNS, rows), content_type="text/csv")
    else:
        resp = HttpResponse(io.to_xlsx(io.PLAN_COLUMNS, rows, "双随机抽查计划"), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="random-check-plans.{fmt}"'
    return resp
