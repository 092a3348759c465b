"""Attachments (附件/证据): files stored with their SM3 digest, verified whenever read."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from core.models.base import RetainedModel
from core.validators import work_date_validators


class Attachment(RetainedModel):
    """附件：照片、执法记录仪视频、签字文书等，登记 SM3 摘要，读取时校验。

    ``captured_at`` is when the evidence was made (photo/video time, entered or read from the
    file); ``uploaded_at`` is when it reached Fazhi and never changes. Attachments are retained
    records: withdrawn with a reason, never deleted (行政处罚法 第47条 全过程记录).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="对象类型")
    object_id = models.PositiveBigIntegerField("对象编号")
    target = GenericForeignKey("content_type", "object_id")
    file = models.FileField("文件", upload_to="attachments/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=255)
    media_type = models.CharField("文件类型", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）")
    sm3 = models.CharField("SM3 摘要", max_length=64, editable=False)
    captured_at = models.DateTimeField(
        "形成时间",
        null=True,
        blank=True,
        help_text="拍摄、录制或签署的时间。",
        validators=work_date_validators("形成时间"),
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    device_number = models.CharField(
        "设备编号", max_length=60, blank=True, help_text="执法记录仪等设备的编号。"
    )
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("core:attachment_download", args=[self.pk])
