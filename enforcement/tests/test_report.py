"""The report prints the case figures in the seeds' words, by 专业 and by kind of money."""

from decimal import Decimal

import pytest

from enforcement.models import Domain
from enforcement.tests.test_indicators import _decided
from reports import compose
from reports.template import get_template

pytestmark = pytest.mark.django_db


def _text(generated, block="enforcement.figures") -> str:
    return "".join(run["t"] for s in generated["blocks"][block]["sentences"] for run in s)


def test_cases_and_money_are_listed_by_their_parts(world):
    a = world.county_a
    _decided(world, a, fine=Decimal(8000), income=Decimal("62036"), domain=Domain.PHYSICIAN)
    _decided(world, a, fine=Decimal(112500), reason="从重", domain=Domain.PUBLIC_PLACE)
    text = _text(compose.generate(a, 2026, get_template("2025.4")))
    assert "全年立案2件，结案2件，结案率100.00%。" in text
    assert "其中医疗卫生1件；公共场所卫生1件。" in text
    assert "罚没金额18.2536万元。其中罚款12.05万元；没收违法所得6.2036万元。" in text
    assert "经负责人集体讨论决定1件" in text and "法制审核率100.00%" in text
    # A report made with the earlier template keeps its sentences.
    older = _text(compose.generate(a, 2026, get_template("2025.3")))
    assert "其中医疗卫生" not in older and "罚没金额18.2536万元。" in older
