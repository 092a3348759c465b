"""双随机、一公开: sampling plans, their strata, the recorded draw, tasks and declared conflicts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from core.models import ScopedModel
from registry.categories import CATEGORY_CHOICES, SUBCATEGORY_CHOICES, SUBCATEGORY_PARENT
from registry.models import CreditGrade


class TaskSource(models.TextChoices):
    NATIONAL = "national", "国家"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    DRAWN = "drawn", "已抽取"


class SamplingPlan(ScopedModel):
    """抽查计划：年度、任务来源、分层和比例，以及可复核的抽取记录（种子、算法、输入摘要）。"""

    name = models.CharField("计划名称", max_length=200)
    year = models.PositiveIntegerField("年度")
    source = models.CharField("任务来源", max_length=12, choices=TaskSource.choices)
    planned_on = models.DateField("计划检查日期", help_text="执法人员须在此日期持有有效执法证。")
    partner_department = models.CharField(
        "联合抽查部门", max_length=100, blank=True, help_text="联合抽查时填写，如 市场监督管理局。"
    )
    per_target = models.PositiveSmallIntegerField("每户执法人员数", default=2)
    max_load = models.PositiveIntegerField("每人最多检查户数", null=True, blank=True)
    restrict_region = models.BooleanField(
        "限定片区", default=False, help_text="只从检查对象所在片区的责任执法人员中抽取。"
    )
    status = models.CharField(
        "状态", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT, editable=False
    )
    seed = models.CharField("随机种子", max_length=64, blank=True, editable=False)
    algorithm = models.CharField("算法版本", max_length=100, blank=True, editable=False)
    input_digest = models.CharField("输入摘要", max_length=64, blank=True, editable=False)
    inputs_snapshot = models.BinaryField("抽取输入快照", null=True, editable=False)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True, editable=False)
    witness = models.CharField("见证人", max_length=60, blank=True)

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("supervision:samplingplan_detail", args=[self.pk])

    def clean(self) -> None:
        if self.per_target is not None and self.per_target < 2:
            raise ValidationError({"per_target": "每户至少2名执法人员（行政处罚法第四十二条）。"})


class PlanStratum(models.Model):
    """抽查分层：类别（可细到子类、片区、信用等级）及抽取比例或户数。"""

    plan = models.ForeignKey(
        SamplingPlan, on_delete=models.CASCADE, related_name="strata", verbose_name="计划"
    )
    category = models.CharField("类别", max_length=20, choices=CATEGORY_CHOICES)
    subcategory = models.CharField("子类", max_length=30, choices=SUBCATEGORY_CHOICES, blank=True)
    credit_grade = models.CharField(
        "信用等级", max_length=1, choices=CreditGrade.choices, blank=True
    )
    proportion = models.DecimalField(
        "抽取比例（%）", max_digits=5, decimal_places=2, null=True, blank=True
    )
    count = models.PositiveIntegerField("抽取户数", null=True, blank=True)

    class Meta:
        verbose_name = "抽查分层"
        verbose_name_plural = "抽查分层"

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return f"{self.category}|{self.subcategory}|{self.credit_grade}"

    @property
    def label(self) -> str:
        parts = [self.get_category_display()]
        if self.subcategory:
            parts.append(self.get_subcategory_display().split("·")[-1])
        if self.credit_grade:
            parts.append(f"信用{self.credit_grade}")
        return "·".join(parts)

    def clean(self) -> None:
        errors = {}
        if (self.proportion is None) == (self.count is None):
            errors["proportion"] = "抽取比例和抽取户数须填写且只填写一项。"
        elif self.proportion is not None and not 0 < self.proportion <= 100:
            errors["proportion"] = "抽取比例应在0到100之间。"
        if self.subcategory and SUBCATEGORY_PARENT.get(self.subcategory) != self.category:
            errors["subcategory"] = "子类与类别不符。"
        if errors:
            raise ValidationError(errors)


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", "已分派"
    INSPECTED = "inspected", "已检查"
    UNABLE = "unable", "无法检查"
    CLOSED = "closed", "已完结"


class TaskResult(models.TextChoices):
    COMPLIANT = "compliant", "合格"
    RECTIFY = "rectify", "责令整改"
    CASE = "case", "立案"


class UnableReason(models.TextChoices):
    SUSPENDED = "suspended", "停业"
    CLOSED = "closed", "关闭"
    NOT_FOUND = "not_found", "查无此户"
    DEREGISTERED = "deregistered", "注销"


class Task(ScopedModel):
    """抽查任务：抽中的监管对象及抽中的执法人员；状态只经 supervision.workflow 变更。"""

    plan = models.ForeignKey(
        SamplingPlan, on_delete=models.PROTECT, related_name="tasks", verbose_name="计划"
    )
    entity = models.ForeignKey(
        "registry.SupervisedEntity",
        on_delete=models.PROTECT,
        related_name="random_tasks",
        verbose_name="监管对象",
    )
    stratum = models.CharField("分层", max_length=80)
    inspectors = models.ManyToManyField(
        "core.Person", related_name="random_tasks", verbose_name="执法人员"
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=TaskStatus.choices,
        default=TaskStatus.ASSIGNED,
        editable=False,
    )
    result = models.CharField(
        "检查结果", max_length=10, choices=TaskResult.choices, blank=True, editable=False
    )
    inspected_on = models.DateField("检查日期", null=True, blank=True, editable=False)
    unable_reason = models.CharField(
        "无法检查原因", max_length=15, choices=UnableReason.choices, blank=True, editable=False
    )
    closed_on = models.DateField("完结日期", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "抽查任务"
        verbose_name_plural = "抽查任务"
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "entity"], name="task_entity_once_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.plan}：{self.entity}"


class Conflict(ScopedModel):
    """回避声明：执法人员与监管对象存在利害关系（行政处罚法第四十三条）。"""

    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, related_name="conflicts", verbose_name="执法人员"
    )
    entity = models.ForeignKey(
        "registry.SupervisedEntity",
        on_delete=models.CASCADE,
        related_name="conflicts",
        verbose_name="监管对象",
    )
    reason = models.CharField("回避事由", max_length=200)

    class Meta:
        verbose_name = "回避声明"
        verbose_name_plural = "回避声明"
        constraints = [models.UniqueConstraint(fields=["person", "entity"], name="conflict_unique")]

    def __str__(self) -> str:
        return f"{self.person} 回避 {self.entity}"
