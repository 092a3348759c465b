"""后台任务: long work off the request, through Django's Tasks API and a database queue.

The queue is django-tasks-db (``TASKS`` in settings): enqueued tasks are rows in the project's
own database, so the embedded default needs nothing but SQLite, and a province runs
``fazhi worker`` on several machines against one PostgreSQL. Every long piece of work follows
one pattern (the annual report's PDF export, ``reports.tasks``, is the first):

1. the view calls ``start(some_task, user=..., title=..., kind=..., args...)``: a ``Job`` row
   for the page and the task in the queue, in one transaction, then redirects to the job page;
2. the task, a ``@task`` function whose first argument is the job's id, runs its work inside
   ``with running(job_id) as job:`` — as the user who started it (audit), with
   ``job.progress(done, total, step)`` as it goes and ``finish(job, data, name, type)`` at the
   end; an ``expected`` exception (its message is Chinese, for the user) fails the job with
   that message, anything else fails it with a general one and is raised for the worker's log;
3. the job page (``core.job_views``) polls the progress with htmx until it is finished, then
   offers the file.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Iterator

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core import health
from core.context import acting_as
from core.models import Job, JobStatus

log = logging.getLogger("fazhi.jobs")

GENERAL_ERROR = "任务执行出错，请稍后重试；如仍失败请联系系统管理员。"


def start(task, *, user, kind: str, title: str, args: tuple = (), kwargs=None) -> Job:
    """A new job for ``user``, with ``task(job.pk, *args, **kwargs)`` put in the queue."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, title=title, user=user, agency=getattr(user, "agency", None)
        )
        result = task.enqueue(job.pk, *args, **(kwargs or {}))
        job.task_id = str(result.id)
        Job.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


def _update(job: Job, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    # Outside any transaction the work may hold: the page sees progress as it happens.
    Job.objects.filter(pk=job.pk).update(**fields)


def progress(job: Job, done: int, total: int, step: str = "") -> None:
    """How far the job got (``done`` of ``total``), and what it is doing now."""
    _update(job, done=done, total=total, step=step[:200])


def finish(job: Job, data: bytes, name: str, content_type: str) -> None:
    """The job's result: a file the user downloads from the job page."""
    job.result.save(name, ContentFile(data), save=False)
    _update(
        job,
        result=job.result.name,
        result_name=name[:255],
        result_type=content_type,
        status=JobStatus.DONE,
        done=job.total or job.done,
        step="",
        finished_at=timezone.now(),
    )


@contextlib.contextmanager
def running(job_id: int, *, expected: tuple[type[BaseException], ...] = ()) -> Iterator[Job]:
    """Run a job's work as the user who started it; failures end up on the job's page."""
    job = Job.objects.select_related("user").get(pk=job_id)
    _update(job, status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        with acting_as(job.user):
            yield job
    except expected as exc:
        _update(job, status=JobStatus.FAILED, error=str(exc), finished_at=timezone.now())
        return
    except Exception:
        _update(job, status=JobStatus.FAILED, error=GENERAL_ERROR, finished_at=timezone.now())
        log.exception("job failed", extra={"job": job.pk, "kind": job.kind})
        raise
    if job.status != JobStatus.DONE:
        _update(job, status=JobStatus.DONE, finished_at=timezone.now())


# --- Health: is the queue being worked? ----------------------------------------------------------


def queue_stale_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.FAZHI_QUEUE_STALE_MINUTES)


def check_queue() -> str | None:
    """None while no task has waited longer than ``FAZHI_QUEUE_STALE_MINUTES`` to be taken.

    A task still waiting after that means no worker is taking work (``fazhi worker`` is not
    running, or all are stuck): the instance answers, but what users start never finishes.
    """
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - queue_stale_after()
    oldest = (
        DBTaskResult.objects.ready()
        .filter(run_after__lte=limit, enqueued_at__lte=limit)
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    if oldest is None:
        return None
    minutes = int((timezone.now() - oldest).total_seconds() // 60)
    return (
        f"队列无人处理：最早的任务已等待 {minutes} 分钟，请检查 fazhi worker 是否在运行"
        f" (queue not worked: oldest task waiting {minutes} min)"
    )


health.CHECKS["queue"] = check_queue
