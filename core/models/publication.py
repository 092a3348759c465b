"""公示更正: corrections of records already made public."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.models.base import ScopedModel
from core.validators import work_date_validators


class PublicationCorrection(ScopedModel):
    """公示更正：已公示记录的一次更正，保存更正前后的值和理由（更正不覆盖历史）。

    Written only by ``core.publication.correct``; each row keeps the published values it
    replaced, so the history of a published record is its corrections in order. The public pages
    show that a record was corrected, when and why (更正于…，理由…).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField("记录编号")
    target = GenericForeignKey("content_type", "object_id")
    corrected_on = models.DateField("更正日期", validators=work_date_validators("更正日期"))
    reason = models.CharField("更正理由", max_length=300)
    #: field → {"label": 中文名, "before": 更正前, "after": 更正后} (values as shown)
    changes = models.JSONField("更正内容", default=dict)

    class Meta:
        verbose_name = "公示更正"
        verbose_name_plural = "公示更正"
        ordering = ["content_type", "object_id", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="correction_target_idx")]

    def __str__(self) -> str:
        return f"公示更正 {self.corrected_on:%Y-%m-%d}：{self.reason}"

    @property
    def notice(self) -> str:
        """What the public page says: 已更正（更正于2026-06-01，理由：…；检查日期 A→B）."""
        what = "；".join(
            f"{c.get('label', k)}由“{c.get('before', '')}”更正为“{c.get('after', '')}”"
            for k, c in self.changes.items()
        )
        return f"已更正（更正于{self.corrected_on:%Y-%m-%d}，理由：{self.reason}" + (
            f"；{what}）" if what else "）"
        )
