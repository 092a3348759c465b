"""文书模板：机构上传的执法文书 Word 模板，替代上级机构的或系统默认的模板。"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from core.models.base import ScopedModel


class DocumentTemplate(ScopedModel):
    """文书模板：一个机构某种执法文书的 Word（.docx）模板。

    At most one template per agency and kind is in use (``active``); uploading a new one retires
    the previous one, which stays as the record of what was printed with. The agencies below
    print with it unless they have their own (``core.documents.template_for``). The uploader is
    ``created_by``. The file is kept in the database with its SM3 digest: templates are small and
    go with the backups of the records printed from them.
    """

    document = models.CharField("文书种类", max_length=40)
    file_name = models.CharField("文件名", max_length=200)
    content = models.BinaryField("模板文件", editable=False)
    digest = models.CharField("SM3摘要", max_length=64, editable=False)
    active = models.BooleanField("启用", default=True)

    # The file itself is recorded by its digest, not its bytes.
    audit_exclude = ("content",)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["document", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "document"],
                condition=models.Q(active=True),
                name="document_template_active_unique",
                violation_error_message="本机构该种文书已有启用的模板。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_title} · {self.file_name}"

    @property
    def document_title(self) -> str:
        from core import documents

        doc = documents.REGISTRY.get(self.document)
        return doc.title if doc else self.document

    def clean(self) -> None:
        from core import documents

        if self.document and self.document not in documents.REGISTRY:
            raise ValidationError({"document": f"未知的文书种类“{self.document}”。"})
