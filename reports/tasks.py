"""Background work of the annual report (core.jobs): the PDF export, which runs LibreOffice."""

from __future__ import annotations

from django.tasks import task

from core import jobs
from core.audit import record
from reports import export, services
from reports.models import AnnualReport


@task()
def export_pdf(job_id: int, report_id: int, base_url: str) -> None:
    """年度报告 PDF 版: assemble the report, write it as .docx, convert it with LibreOffice."""
    with jobs.running(job_id, expected=(export.ExportError, AnnualReport.DoesNotExist)) as job:
        jobs.progress(job, 1, 3, "正在汇总报告数据")
        # Read as the user who asked: a report they can no longer see is not exported.
        report = (
            AnnualReport.objects.visible_to(job.user)
            .select_related("agency", "agency__parent")
            .get(pk=report_id)
        )
        doc = services.assembly(report).document
        jobs.progress(job, 2, 3, "正在排版并转换为 PDF（LibreOffice）")
        data = services.render(doc, "pdf", base_url=base_url)
        record("export", report, actor=job.user, data={"format": "pdf", "job": job.pk})
        jobs.progress(job, 3, 3, "已生成")
        jobs.finish(job, data, services.filename(report, "pdf"), "application/pdf")
