"""Computing catalogue indicators for a scope and period, and writing them the Chinese way."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from core.indicators import Measure, compute
from core.periods import Period
from indicators.catalogue import AMOUNT, RATE, Definition, get

NO_DATA = "无数据"


def format_number(value: Any, definition: Definition) -> str:
    """99.29%, 18.2536万元, 564家 — or 无数据 when there is no value."""
    if value is None:
        return NO_DATA
    if definition.kind == RATE:
        return f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"
    if definition.kind == AMOUNT:  # computations return yuan; reports print 万元
        wan = (Decimal(value) / 10000).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        text = format(wan.normalize(), "f")
        return f"{text}{definition.unit}"
    return f"{int(value)}{definition.unit}"


@dataclass
class Value:
    definition: Definition
    period: Period
    measure: Measure | None

    @property
    def value(self):
        return None if self.measure is None else self.measure.value

    @property
    def has_data(self) -> bool:
        return self.value is not None

    @property
    def text(self) -> str:
        return format_number(self.value, self.definition)

    def parts(self) -> list[tuple[str, str, Value]]:
        """The figure's parts (its ``breakdown``) as (key, Chinese label, value), in its order;
        none when it has no parts or no measure."""
        if self.measure is None:
            return []
        return [
            (key, m.label or key, Value(self.definition, self.period, m))
            for key, m in self.measure.breakdown.items()
        ]

    @property
    def number(self) -> float | None:
        """A plain number for charts (万元 for amounts)."""
        if self.value is None:
            return None
        if self.definition.kind == AMOUNT:
            return float(Decimal(self.value) / 10000)
        return float(self.value)


def evaluate(key: str, scope: Any, period: Period) -> Value:
    """The indicator's value; a 未接入 indicator gets a Value without measure (无数据)."""
    definition = get(key)
    measure = compute(key, scope, period) if scope is not None else None
    return Value(definition, period, measure)


def change(current: Value, previous: Value) -> str:
    """Year-over-year wording, only when both years have data: 增长3.50个百分点 / 增加12家."""
    if not (current.has_data and previous.has_data):
        return ""
    a, b = Decimal(current.value), Decimal(previous.value)
    diff = a - b
    if diff == 0:
        return "与上年持平"
    word = "增长" if diff > 0 else "下降"
    if current.definition.kind == RATE:
        pts = abs(diff).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"较上年{word}{pts}个百分点"
    if current.definition.kind == AMOUNT:
        wan = (abs(diff) / 10000).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
        return f"较上年{'增加' if diff > 0 else '减少'}{format(wan, 'f')}万元"
    return f"较上年{'增加' if diff > 0 else '减少'}{int(abs(diff))}{current.definition.unit}"


def comparable(previous: Value) -> bool:
    """Whether last year's figure is one to compare with: it has records behind it.

    A year with nothing counted (or a rate with nothing in its numerator) is a year Fazhi was
    not used, not a year of zero work: comparing with it would invent a change.
    """
    if not previous.has_data:
        return False
    base = previous.measure.numerator if previous.definition.kind == RATE else previous.value
    return bool(base)


def year_on_year(current: Value, previous: Value) -> str:
    """``change`` when last year is comparable (see ``comparable``), else ""."""
    return change(current, previous) if comparable(previous) else ""
