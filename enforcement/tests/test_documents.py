"""The case's 告知书 and 决定书 print with the case's data and numbers; only once they exist."""

import datetime
import io
from decimal import Decimal

import pytest
from docx import Document

from enforcement import workflow
from enforcement.tests.factories import DAY, case, leader, violation

pytestmark = pytest.mark.django_db
D = datetime.timedelta


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _decided(world):
    boss = leader(world.county_a)
    c = case(world.county_a, lead=world.officer_a.person, party_name="临江某浴室")
    workflow.file_case(c, actor=boss, on=DAY)
    workflow.close_investigation(
        c, actor=world.officer_a, facts="未取得卫生许可证擅自营业30日", report="r", on=DAY + D(3)
    )
    c.violation, c.discretion_grade = violation(), "minor"
    c.penalty_kinds, c.fine = ["warning", "fine"], Decimal(1500)
    c.save()
    workflow.notify(c, actor=world.officer_a, on=DAY + D(4))
    return c, boss


def test_the_notice_and_the_decision_carry_the_case(world, client_for):
    c, boss = _decided(world)
    officer = client_for(world.officer_a)
    resp = officer.get(f"/enforcement/cases/{c.pk}/print/notice/?fmt=docx")
    assert resp.status_code == 200
    text = _text(resp.content)
    assert c.notice_number in text and "临江某浴室" in text
    assert "未取得卫生许可证擅自营业30日" in text and "警告，罚款1,500.00元" in text
    assert "《公共场所卫生管理条例》第八条" in text and "陈述和申辩" in text
    # Not decided yet: no decision to print, and the page says why.
    resp = officer.get(f"/enforcement/cases/{c.pk}/print/decision/?fmt=docx", follow=True)
    assert "尚未作出处罚决定" in resp.content.decode()
    workflow.record_statement(c, actor=world.officer_a, on=DAY + D(5), waived=True)
    workflow.decide(c, actor=boss, on=DAY + D(6))
    text = _text(officer.get(f"/enforcement/cases/{c.pk}/print/decision/?fmt=docx").content)
    assert c.decision_number in text and "当事人放弃陈述、申辩" in text
    assert "十五日内" in text and "六十日内申请行政复议" in text and "2026年3月8日" in text


def test_another_county_cannot_print_the_case(world, client_for):
    c, _boss = _decided(world)
    resp = client_for(world.officer_b).get(f"/enforcement/cases/{c.pk}/print/notice/?fmt=docx")
    assert resp.status_code == 404
