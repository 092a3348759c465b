"""No export turns a record's text into a live formula (OWASP CSV injection).

Each test writes names that start like a formula into records, downloads the export through
the page a user would, reads the file back with openpyxl or ``csv`` and checks every cell.
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from core.cells import FORMULA_START, csv_row, xlsx_row

EVIL = [
    '=HYPERLINK("http://evil.example","点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


def _xlsx_cells(data: bytes):
    wb = load_workbook(io.BytesIO(data))  # formulas kept as formulas: nothing evaluated
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def assert_no_formula_in_xlsx(data: bytes, expected: list[str]) -> None:
    cells = list(_xlsx_cells(data))
    formulas = [(c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert not formulas, formulas
    by_value = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in expected:
        cell = by_value.get(text)
        assert cell is not None, f"{text!r} not exported unchanged"
        assert cell.data_type == "s" and cell.quotePrefix, (text, cell.data_type)


def assert_no_formula_in_csv(data: bytes, expected: list[str]) -> None:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    values = [v for r in rows for v in r]
    live = [v for v in values if v.startswith(FORMULA_START)]
    assert not live, live
    for text in expected:
        assert "'" + text in values, f"{text!r} not exported escaped"


# --- the helpers ----------------------------------------------------------------------------------


def test_numbers_stay_numbers_and_text_stays_text():
    wb = Workbook()
    ws = wb.active
    values = [-5, -2.5, 0, datetime.date(2026, 5, 10), True, None, "-5", "=1+1", "普通名称", "#N/A"]
    ws.append(xlsx_row(ws, values))
    buf = io.BytesIO()
    wb.save(buf)
    row = next(load_workbook(buf).active.iter_rows())
    assert [c.value for c in row[:3]] == [-5, -2.5, 0]
    assert all(c.data_type == "n" for c in row[:3])
    assert row[6].value == "-5" and row[6].data_type == "s" and row[6].quotePrefix
    assert row[7].value == "=1+1" and row[7].data_type == "s" and row[7].quotePrefix
    assert row[8].value == "普通名称" and not row[8].quotePrefix
    assert row[9].value == "#N/A" and row[9].data_type == "s"
    assert csv_row(values)[:3] == [-5, -2.5, 0]
    assert csv_row(values)[5:9] == ["", "'-5", "'=1+1", "普通名称"]


def test_write_only_sheets_are_escaped_too():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    ws.append(xlsx_row(ws, [*EVIL, -1]))
    buf = io.BytesIO()
    wb.save(buf)
    assert_no_formula_in_xlsx(buf.getvalue(), EVIL)
    assert next(load_workbook(buf).active.iter_rows())[-1].value == -1


# --- every export ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_registry_export_writes_names_as_text(world, client_for):
    from registry.tests.factories import entity, licence

    for i, name in enumerate(EVIL):
        e = entity(world.county_a, name=f"单位{i}")
        type(e).objects.filter(pk=e.pk).update(name=name, legal_representative=name)
    licence(e, number="=1+2")
    data = client_for(world.officer_a).get("/registry/entities/export/").content
    assert_no_formula_in_xlsx(data, [*EVIL, "=1+2"])


@pytest.mark.django_db
def test_people_export_writes_names_as_text(world, client_for):
    from core.models import Person

    for name in EVIL:
        Person.objects.create(agency=world.county_a, name=name)
    data = client_for(world.admin_a).get("/people/export/").content
    assert_no_formula_in_xlsx(data, EVIL)


@pytest.mark.django_db
def test_agency_export_writes_names_as_text(world, client_for):
    from core.models import Agency

    Agency.objects.filter(pk=world.county_a.pk).update(name="=1+1", short_name="@A1")
    data = client_for(world.admin_a).get("/agencies/export/").content
    assert_no_formula_in_xlsx(data, ["=1+1"])


@pytest.fixture
def evil_publication(world):
    """A published 双随机 result and a published 日常 inspection of units named like formulas."""
    from portal.tests.test_portal import published
    from registry.models import SupervisedEntity
    from registry.tests.factories import entity
    from supervision.models import InspectionKind
    from supervision.tests.factories import inspection, inspector

    e, _, plan = published(world)
    SupervisedEntity.objects.filter(pk=e.pk).update(name=EVIL[0])
    other = entity(world.county_a)
    SupervisedEntity.objects.filter(pk=other.pk).update(name=EVIL[1])
    inspection(
        world.county_a,
        other,
        [inspector(world.county_a)],
        kind=InspectionKind.ROUTINE,
        published_on=datetime.date(2026, 5, 20),
    )
    type(plan).objects.filter(pk=plan.pk).update(name="@计划", partner_department="-联合")
    return e


PORTAL = [
    ("/portal/random-checks/export", [EVIL[0]]),
    ("/portal/random-plans/export", ["@计划", "-联合"]),
    ("/portal/inspections/export", [EVIL[1]]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url, expected", PORTAL)
def test_anonymous_portal_exports_escape_formulas(evil_publication, client, url, expected):
    xlsx = client.get(f"{url}.xlsx")
    assert xlsx.status_code == 200
    assert_no_formula_in_xlsx(xlsx.content, expected)
    csv_body = b"".join(client.get(f"{url}.csv").streaming_content)
    assert_no_formula_in_csv(csv_body, expected)


def test_review_comparison_export_writes_titles_as_text(tmp_path):
    from review.compare import compare, write_xlsx
    from review.engine import review_text

    report = review_text('=HYPERLINK("http://evil.example")\n一、主要举措\n', "=evil.txt")
    out = tmp_path / "compare.xlsx"
    write_xlsx(compare([report]), out)
    assert_no_formula_in_xlsx(out.read_bytes(), ["=evil.txt"])
