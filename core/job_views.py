"""后台任务 pages: a job's progress (polled with htmx while it runs) and its result file."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.models import Job, JobStatus

#: How often the page asks for the progress of a running job (htmx ``every``).
POLL_SECONDS = 1


def _own_job(request, pk: int) -> Job:
    # A job is its starter's alone: anyone else's is a 404, as a missing id.
    return get_object_or_404(Job.objects.filter(user=request.user), pk=pk)


@login_required
@require_GET
def job_detail(request, pk: int):
    job = _own_job(request, pk)
    context = {"job": job, "poll_seconds": POLL_SECONDS}
    if request.htmx:
        return render(request, "core/partials/job_progress.html", context)
    return render(request, "core/job_detail.html", context)


@login_required
@require_GET
def job_result(request, pk: int):
    job = _own_job(request, pk)
    if job.status != JobStatus.DONE or not job.result:
        raise Http404("任务尚未完成或没有结果文件。")
    response = FileResponse(job.result.open("rb"), content_type=job.result_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(job.result_name)}"
    return response
