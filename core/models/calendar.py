"""The admin-maintained holiday table (节假日安排) for years the package does not cover."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from core.models.base import SharedModel
from core.validators import YearInRange, period_date_validators


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日（放假）"
    MAKEUP_WORKDAY = "makeup_workday", "调休上班"


class CalendarYear(SharedModel):
    """年度节假日安排：录入后该年度按官方安排计算，不再是“暂定”。"""

    year = models.PositiveIntegerField(
        "年度",
        validators=[YearInRange("年度")],
        unique=True,
        error_messages={"unique": "该年度的节假日安排已存在。"},
    )
    is_official = models.BooleanField(
        "已按国务院办公厅通知录入",
        default=True,
        help_text="勾选后，该年度的期限按本表计算；未勾选时仍按周末推算并标注“暂定”。",
    )
    source = models.CharField(
        "依据文件",
        max_length=200,
        blank=True,
        help_text="如：国务院办公厅关于2027年部分节假日安排的通知",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"

    def clean(self) -> None:
        if self.year and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": "年度应在2000–2100之间。"})


class CalendarDay(SharedModel):
    """节假日或调休上班日：覆盖 chinese-calendar 的数据。"""

    year = models.ForeignKey(
        CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name="年度"
    )
    date = models.DateField(
        "日期",
        unique=True,
        error_messages={"unique": "该日期已登记。"},
        validators=period_date_validators("日期"),
    )
    kind = models.CharField("类型", max_length=20, choices=DayKind.choices)
    name = models.CharField("名称", max_length=40, help_text="如：春节、国庆节")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"

    def clean(self) -> None:
        errors = {}
        if self.date and self.year_id and self.date.year != self.year.year:
            errors["date"] = f"日期不在{self.year.year}年内。"
        if self.date and self.kind == DayKind.MAKEUP_WORKDAY and self.date.weekday() < 5:
            errors["kind"] = "调休上班日应为周六或周日。"
        if errors:
            raise ValidationError(errors)
