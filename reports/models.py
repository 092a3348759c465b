"""法治政府建设年度报告: the report, its narrative blocks, versions and submissions (RULES §1)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.models import ScopedModel


class ReportStatus(models.TextChoices):
    """RULES §1.3: DRAFT → 法规科审核 → 保密审查 → 党组审议 → APPROVED → SUBMITTED → PUBLISHED."""

    DRAFT = "draft", "起草"
    LEGAL_REVIEW = "legal_review", "法规科审核"
    SECRECY_REVIEW = "secrecy_review", "保密审查"
    PARTY_REVIEW = "party_review", "党委（党组）审议"
    APPROVED = "approved", "审议通过"
    SUBMITTED = "submitted", "已报送"
    PUBLISHED = "published", "已公开"
    ARCHIVED = "archived", "已归档"


class MeetingType(models.TextChoices):
    PARTY_GROUP = "party_group", "党组会议"
    PARTY_COMMITTEE = "party_committee", "党委会议"
    GOVERNMENT = "government", "政府常务会议"
    OTHER = "other", "其他会议"


class AnnualReport(ScopedModel):
    """法治政府建设年度报告：one per agency and report year.

    ``generated`` holds the figures and sentences computed from the indicators at the last
    generation (``reports.compose``); the officer's text lives in ``NarrativeBlock`` rows, so
    regenerating never touches it. Status changes only through ``reports.workflow``.
    """

    year = models.PositiveSmallIntegerField("报告年度")
    title = models.CharField("标题", max_length=200)
    template_version = models.CharField("模板版本", max_length=20)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        editable=False,
    )
    generated = models.JSONField("生成内容", default=dict, blank=True, editable=False)
    generated_at = models.DateTimeField("生成时间", null=True, blank=True, editable=False)
    report_date = models.DateField(
        "成文日期", null=True, blank=True, help_text="落款日期；未填写时取审议通过日期或今日。"
    )
    # 党委（党组）审议 (RULES §1.3: meeting type, date, minutes number and attendees).
    meeting_type = models.CharField(
        "审议会议", max_length=20, choices=MeetingType.choices, blank=True
    )
    meeting_on = models.DateField("审议日期", null=True, blank=True)
    minutes_number = models.CharField("会议纪要编号", max_length=60, blank=True)
    attendees = models.TextField("参会人员", blank=True)
    approved_on = models.DateField("审议通过日期", null=True, blank=True, editable=False)
    published_on = models.DateField("公开日期", null=True, blank=True)
    published_url = models.URLField("公开网址", blank=True)

    audit_exclude = ("updated_at", "updated_by", "generated", "generated_at")

    class Meta:
        verbose_name = "法治政府建设年度报告"
        verbose_name_plural = "法治政府建设年度报告"
        ordering = ["-year", "agency__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                name="reports_one_report_per_agency_year",
                violation_error_message="本机构该年度的报告已存在。",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:annualreport_detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        """Text and figures change only while the report is a draft."""
        return self.status == ReportStatus.DRAFT

    @property
    def period_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    def clean(self) -> None:
        errors = {}
        if self.published_on and self.published_on <= self.period_end:
            errors["published_on"] = (
                f"公开日期须在报告年度（{self.year}年）结束之后：年度报告不能在年度结束前公开。"
            )
        if self.meeting_on and self.meeting_on <= self.period_end:
            errors["meeting_on"] = f"审议日期须在报告年度（{self.year}年）结束之后。"
        if errors:
            raise ValidationError(errors)


class NarrativeBlock(ScopedModel):
    """叙述段落：text the officer writes for one block of the template; kept across regeneration."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="narratives", verbose_name="报告"
    )
    key = models.CharField("段落", max_length=60)
    text = models.TextField("内容", blank=True)

    class Meta:
        verbose_name = "叙述段落"
        verbose_name_plural = "叙述段落"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "key"],
                name="reports_one_narrative_per_block",
                violation_error_message="该段落已存在。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report}：{self.key}"


class ReportVersion(ScopedModel):
    """版本：the whole report as it read at a point (generation, edit or workflow step)."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="versions", verbose_name="报告"
    )
    number = models.PositiveIntegerField("版本号")
    status = models.CharField("当时状态", max_length=20, choices=ReportStatus.choices)
    note = models.CharField("说明", max_length=300)
    document = models.JSONField("内容", default=dict)
    text = models.TextField("文本")

    class Meta:
        verbose_name = "报告版本"
        verbose_name_plural = "报告版本"
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                name="reports_unique_version_number",
                violation_error_message="版本号重复。",
            )
        ]

    def __str__(self) -> str:
        return f"第{self.number}版（{self.note}）"

    def get_absolute_url(self) -> str:
        return reverse("reports:version_detail", args=[self.report_id, self.number])


class SubmissionKind(models.TextChoices):
    SUBMIT = "submit", "报送"
    COPY = "copy", "抄送"


class Submission(ScopedModel):
    """报送记录：each recipient with its date (RULES §1.2–1.3)."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="submissions", verbose_name="报告"
    )
    recipient = models.CharField("报送单位", max_length=120)
    kind = models.CharField(
        "方式", max_length=10, choices=SubmissionKind.choices, default=SubmissionKind.SUBMIT
    )
    submitted_on = models.DateField("报送日期")

    class Meta:
        verbose_name = "报送记录"
        verbose_name_plural = "报送记录"
        ordering = ["submitted_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.recipient}（{self.submitted_on:%Y-%m-%d}）"
