"""Deadlines (期限): one row per running statutory clock, attached to any record."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.models.base import ScopedModel
from core.validators import period_date_validators, work_date_validators


class DeadlineUnit(models.TextChoices):
    NATURAL_DAYS = "cd", "自然日"
    WORKING_DAYS = "wd", "工作日"
    MONTHS = "mo", "月"
    FIXED_DATE = "fixed", "固定日期"
    #: A due date fixed by the document that starts the clock (the 整改期限 a 卫生监督意见书
    #: sets, a plan's 检查截止日期): kept as given, never rolled or marked 暂定.
    SET_DATE = "date", "指定日期"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "进行中"
    PAUSED = "paused", "中止计算"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"


class Deadline(ScopedModel):
    """期限：由某条规则（法律依据）在某个起算事件时产生的到期日。

    Stored per RULES.md §0: rule id, legal basis, start event and date, amount and unit, the
    extension, the pauses, the computed due date, whether it is provisional (a year without
    official holiday data) and the calendar version it was computed with. Rows are created and
    changed only through ``core.deadlines`` services.
    """

    # A draw starts tens of thousands of clocks at once, so the table carries no index that
    # another one already covers: ``agency`` leads (agency, status, due_on) and
    # ``content_type`` leads ``deadline_overdue_idx`` (content_type, object_id, …).
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="所属机构",
        db_index=False,
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name="对象类型", db_index=False
    )
    object_id = models.PositiveBigIntegerField("对象编号")
    target = GenericForeignKey("content_type", "object_id")
    title = models.CharField("事项", max_length=200)
    rule_id = models.CharField("规则", max_length=60)
    basis = models.CharField("法律依据", max_length=200)
    start_event = models.CharField("起算事件", max_length=100)
    start_on = models.DateField("起算日", validators=period_date_validators("起算日"))
    amount = models.IntegerField("期限")
    unit = models.CharField("单位", max_length=5, choices=DeadlineUnit.choices)
    extension = models.IntegerField("延长", default=0)
    extension_reason = models.CharField("延长理由", max_length=200, blank=True)
    pauses = models.JSONField("中止期间", default=list, blank=True)
    due_on = models.DateField("到期日", db_index=True, validators=period_date_validators("到期日"))
    provisional = models.BooleanField(
        "暂定", default=False, db_index=True, help_text="所跨年度的节假日安排尚未录入，按周末推算。"
    )
    calendar_version = models.CharField("日历版本", max_length=80)
    status = models.CharField(
        "状态",
        max_length=10,
        choices=DeadlineStatus.choices,
        default=DeadlineStatus.OPEN,
        editable=False,
    )
    done_on = models.DateField(
        "完成日", null=True, blank=True, validators=work_date_validators("完成日")
    )
    met = models.BooleanField("按期完成", null=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name="责任人",
    )

    class Meta:
        verbose_name = "期限"
        verbose_name_plural = "期限"
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"]),
            # 逾期 on lists: a record's open clock of a rule, past due (``deadlines.overdue``).
            # The record first: SQLite, given the rule first, walked every clock of the rule
            # for each record.
            models.Index(
                fields=["content_type", "object_id", "rule_id", "status", "due_on"],
                name="deadline_overdue_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}：{self.due_on:%Y-%m-%d}前"

    def get_absolute_url(self) -> str:
        target = self.target
        url = getattr(target, "get_absolute_url", None)
        return url() if url else ""
