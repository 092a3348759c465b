"""Background jobs (后台任务) as the people who started them see them: progress and result."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class Job(models.Model):
    """后台任务：a long piece of work (a PDF export, a large import) run by a worker.

    The work itself is a task of Django's Tasks API (``task_id`` is its result id in the queue);
    this row is what the page shows while it runs — how far it got, the Chinese error if it
    failed, the file it produced. Only the user who started a job sees it (``core.job_views``).
    Not a scoped record: its progress changes are not audit events; the work records its own
    (an export is recorded as an export).
    """

    kind = models.CharField("类型", max_length=60)
    title = models.CharField("任务", max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="发起人"
    )
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="所属机构",
    )
    task_id = models.CharField("队列任务编号", max_length=64, blank=True, db_index=True)
    status = models.CharField(
        "状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总量", default=0)
    step = models.CharField("当前步骤", max_length=200, blank=True)
    error = models.TextField("错误", blank=True)
    result = models.FileField("结果文件", upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField("结果文件名", max_length=255, blank=True)
    result_type = models.CharField("结果类型", max_length=120, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True, editable=False)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
