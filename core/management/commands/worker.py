"""fazhi worker: run the background jobs of the database queue (django-tasks-db's worker)."""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand


class Command(DBWorkerCommand):
    help = (
        "后台任务 worker：从数据库队列取出任务逐个执行（PDF 导出等）；可在多台机器上各启动一个。"
        "--batch 执行完已排队的任务即退出。"
    )
