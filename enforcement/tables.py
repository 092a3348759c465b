import django_tables2 as tables

from core.tables import StackedRows
from enforcement.models import Case
from supervision.tables import OverdueColumn


class CaseTable(StackedRows, tables.Table):
    """On a phone the rows are cards: 案号, 当事人 and 状态 first."""

    number = tables.Column(linkify=True, verbose_name="案号", empty_values=())
    money = tables.Column(
        verbose_name="罚没金额（元）", accessor="confiscation_total", orderable=False
    )
    is_overdue = OverdueColumn()

    class Meta:
        model = Case
        fields = ["number", "party_name", "cause", "domain", "status", "filed_on", "decided_on"]
        sequence = ["number", "party_name", "status", "is_overdue", "cause", "domain", "..."]

    def render_number(self, value, record):
        return value or "（待立案）"

    def render_money(self, value):
        return f"{value:,.2f}" if value else "—"
