"""The annual report's PDF export as a background job: queued by the page, run by the worker,
its progress polled with htmx, the file offered when done; the pattern of every long job."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import AuditEvent, Job, JobStatus, Role, User
from reports import services
from reports.tests.conftest import YEAR
from reports.tests.test_export_pdf import require

# The worker closes and reopens its database connection between tasks, as in production: the
# tests commit for real instead of running inside one transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def report(records):
    return services.create_report(records.county_a, YEAR, actor=records.admin_a)


def run_worker():
    """``fazhi worker --batch``: take every queued task, run it, and stop."""
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def start_export(client, report) -> Job:
    resp = client.post(reverse("reports:annualreport_export", args=[report.pk, "pdf"]))
    job = Job.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/jobs/{job.pk}/"
    return job


def test_the_pdf_is_made_by_the_worker_and_offered_on_the_job_page(report, records, client_for):
    require("soffice")
    client = client_for(records.admin_a)
    detail = client.get(report.get_absolute_url()).content.decode()
    assert f'action="/reports/{report.pk}/export/pdf/"' in detail  # a form: POST

    job = start_export(client, report)
    assert job.status == JobStatus.QUEUED and job.title == f"导出 PDF：{report.title}"
    assert DBTaskResult.objects.get(id=job.task_id).task_path == "reports.tasks.export_pdf"
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "排队中" in page and 'hx-trigger="every 1s"' in page
    assert not AuditEvent.objects.filter(action="export").exists()  # nothing exported yet

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.percent == 100 and job.error == ""
    partial = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "hx-trigger" not in partial  # polling stops
    assert "已完成" in partial
    link = re.search(r'href="(/jobs/\d+/result/)"', partial).group(1)
    resp = client.get(link)
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert b"".join(resp.streaming_content).startswith(b"%PDF")
    assert resp["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    event = AuditEvent.objects.get(action="export")
    assert event.changes["format"] == "pdf" and event.actor_id == records.admin_a.pk
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_progress_is_shown_while_the_job_runs(report, records, client_for):
    client = client_for(records.admin_a)
    job = start_export(client, report)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, done=2, total=3, step="正在排版并转换为 PDF（LibreOffice）"
    )
    partial = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in partial and 'hx-get="/jobs/' in partial
    assert '<progress class="w-100" max="100" value="66"' in partial
    assert "进行中" in partial and "正在排版并转换为 PDF（LibreOffice）（2/3）" in partial


def test_without_libreoffice_the_job_fails_with_the_reason(
    report, records, client_for, monkeypatch
):
    client = client_for(records.admin_a)
    job = start_export(client, report)
    monkeypatch.setenv("PATH", "/nonexistent")
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "LibreOffice" in job.error
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "失败" in page and "LibreOffice" in page and "下载 Word 文件" in page
    assert "hx-trigger" not in page
    assert client.get(f"/jobs/{job.pk}/result/").status_code == 404


def test_a_get_does_not_start_an_export(report, records, client_for):
    resp = client_for(records.admin_a).get(
        reverse("reports:annualreport_export", args=[report.pk, "pdf"])
    )
    assert resp.status_code == 405 and not Job.objects.exists()


def test_another_users_job_is_a_404(report, records, client_for):
    job = start_export(client_for(records.admin_a), report)
    other = client_for(records.officer_b)
    assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/jobs/{job.pk}/result/").status_code == 404
    assert other.get(f"/jobs/{job.pk + 1000}/").status_code == 404


def test_another_countys_report_cannot_be_exported(report, records, client_for):
    admin_b = User.objects.create_user(
        "admin_b", password=records.password, agency=records.county_b, role=Role.ADMIN
    )
    resp = client_for(admin_b).post(reverse("reports:annualreport_export", args=[report.pk, "pdf"]))
    assert resp.status_code == 404 and not Job.objects.exists()


def test_health_reports_a_queue_nobody_works(report, records, client, client_for):
    assert client.get("/healthz").json()["checks"]["queue"] == {"ok": True}
    job = start_export(client_for(records.admin_a), report)
    long_ago = timezone.now() - datetime.timedelta(minutes=11)
    DBTaskResult.objects.filter(id=job.task_id).update(enqueued_at=long_ago, run_after=long_ago)
    resp = client.get("/healthz")
    assert resp.status_code == 503
    queue = resp.json()["checks"]["queue"]
    assert queue["ok"] is False and "fazhi worker" in queue["error"] and "11 分钟" in queue["error"]
    DBTaskResult.objects.filter(id=job.task_id).update(status="SUCCESSFUL")
    assert client.get("/healthz").status_code == 200
