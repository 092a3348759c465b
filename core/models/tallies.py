"""Running counts kept by the database (统计计数): what reports read instead of big tables."""

from __future__ import annotations

import datetime

from django.db import models

#: The period of a count that is a standing state rather than events in time (监管对象 by status).
STANDING = datetime.date(1, 1, 1)


class Tally(models.Model):
    """How many rows of a source match one (agency, period, dimension), kept current by triggers.

    Written only by the database triggers that ``core.tallies`` installs on the source tables,
    in the same transaction as the row they count, so the figure is never stale and a rolled
    back change leaves no trace. Never edited by hand: ``fazhi tallies verify`` recounts.
    """

    name = models.CharField("计数名称", max_length=60)
    # Derived rows: no database constraint, so that a trigger firing while tables are emptied
    # (a test database being flushed) cannot fail; ``rebuild`` drops rows of a removed agency.
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="机构",
    )
    period = models.DateField("期间起始日")
    dim = models.CharField("分组", max_length=80, blank=True, default="")
    n = models.BigIntegerField("数量", default=0)

    class Meta:
        verbose_name = "统计计数"
        verbose_name_plural = "统计计数"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "agency", "period", "dim"], name="tally_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.agency_id} {self.period} {self.dim}: {self.n}"
