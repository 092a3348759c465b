"""文书编号的流水号：每个机构、每类文书、每年一个，从1起连续。"""

from __future__ import annotations

from django.db import models

from core.validators import YearInRange


class DocumentSequence(models.Model):
    """The last number given to one kind of document of one agency in one year.

    Numbers are taken by ``core.numbering.next_number`` with one UPSERT statement, which holds the
    row until the transaction ends: two documents never get the same number, and a document whose
    transaction rolls back gives its number back (no gaps).
    """

    agency = models.ForeignKey(
        "core.Agency", on_delete=models.CASCADE, related_name="+", verbose_name="机构"
    )
    kind = models.CharField("文书类别", max_length=40)
    year = models.PositiveSmallIntegerField("年度", validators=[YearInRange("年度")])
    last = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = "文书编号流水"
        verbose_name_plural = "文书编号流水"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "year"], name="document_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.kind} {self.year}: {self.last}"
