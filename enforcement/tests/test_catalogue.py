"""The starter catalogue of violations: loaded by the migration, well-formed, every domain."""

import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from enforcement.models import DiscretionLevel, Domain, PenaltyKind, Violation
from enforcement.services import STARTER_CATALOGUE, load_catalogue, parse_catalogue

pytestmark = pytest.mark.django_db

ORDER = ["minor", "general", "serious"]


@pytest.fixture(autouse=True)
def catalogue():
    """The starter catalogue its migration seeds (a transactional test flushes it)."""
    if not Violation.objects.exists():
        load_catalogue()


def test_the_migration_loads_every_item_of_the_starter_catalogue():
    import importlib

    from django.apps import apps

    DiscretionLevel.objects.all().delete()
    Violation.objects.all().delete()
    importlib.import_module("enforcement.migrations.0002_starter_catalogue").seed(apps, None)
    items = parse_catalogue()
    assert Violation.objects.count() == len(items) >= 40
    assert DiscretionLevel.objects.count() == sum(len(i["levels"]) for i in items.values())


def test_every_catalogue_domain_has_items_and_every_item_cites_its_articles():
    items = parse_catalogue()
    domains = {i["domain"] for i in items.values()}
    expected = set(Domain.values) - {Domain.TOBACCO, Domain.OTHER}
    assert expected <= domains
    for code, item in items.items():
        for field in ("violated_basis", "penalty_basis"):
            assert "《" in item[field] and "第" in item[field] and "条" in item[field], code
        assert item["penalty_kinds"] and set(item["penalty_kinds"]) <= set(PenaltyKind.values)


def test_discretion_levels_run_from_light_to_heavy_without_overlap():
    for code, item in parse_catalogue().items():
        ranges = [
            (item["levels"][g]["fine_min"], item["levels"][g]["fine_max"])
            for g in ORDER
            if g in item["levels"] and item["levels"][g]["fine_max"] is not None
        ]
        for (_low1, high1), (low2, _high2) in itertools.pairwise(ranges):
            assert high1 <= low2, f"{code}: levels overlap or run backwards"
        for low, high in ranges:
            assert (low or Decimal(0)) <= high, code


def test_a_bad_row_loads_nothing_and_names_its_line(tmp_path: Path):
    text = STARTER_CATALOGUE.read_text(encoding="utf-8").splitlines()
    header, first = text[0], text[1].split("\t")
    bad = list(first)
    bad[0], bad[5] = "NEW-001", "罚款;拘留"
    good = list(first)
    good[0] = "NEW-002"
    path = tmp_path / "c.tsv"
    path.write_text("\n".join([header, "\t".join(good), "\t".join(bad)]), encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        load_catalogue(path)
    assert "第3行" in exc.value.messages[0] and "拘留" in exc.value.messages[0]
    assert not Violation.objects.filter(code__startswith="NEW-").exists()


def test_the_catalogue_goes_out_to_excel_and_back_unchanged(world, client_for, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.models import Role

    root = django_user_model(username="root_admin", agency=world.city, role=Role.ADMIN)
    root.set_password(world.password)
    root.save()
    c = client_for(root)
    before = {
        (lv.violation.code, lv.grade, lv.fine_min, lv.fine_max)
        for lv in DiscretionLevel.objects.select_related("violation")
    }
    data = c.get("/enforcement/violations/export/").content
    resp = c.post(
        "/enforcement/violations/import/",
        {"file": SimpleUploadedFile("目录.xlsx", data)},
    )
    assert resp.status_code == 302, resp.content.decode()[:500]
    after = {
        (lv.violation.code, lv.grade, lv.fine_min, lv.fine_max)
        for lv in DiscretionLevel.objects.select_related("violation")
    }
    assert after == before


def test_a_bad_catalogue_row_imports_nothing_and_only_the_top_admin_imports(world, client_for):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from core.models import Role, User

    root = User(username="root_admin", agency=world.city, role=Role.ADMIN)
    root.set_password(world.password)
    root.save()
    c = client_for(root)
    wb = load_workbook(io.BytesIO(c.get("/enforcement/violations/export/").content))
    ws = wb.active
    ws.cell(row=2, column=9, value="5000")  # 罚款下限 above the 上限 of that row
    ws.cell(row=2, column=10, value="100")
    ws.cell(row=3, column=3, value="新名称")  # a good change in the same file
    buf = io.BytesIO()
    wb.save(buf)
    name_before = Violation.objects.get(code=ws.cell(row=3, column=1).value).name
    resp = c.post(
        "/enforcement/violations/import/", {"file": SimpleUploadedFile("目录.xlsx", buf.getvalue())}
    )
    assert "第2行" in resp.content.decode() and "罚款上限不能低于下限" in resp.content.decode()
    assert Violation.objects.get(code=ws.cell(row=3, column=1).value).name == name_before
    # A county's administrator reads the catalogue but may not import it.
    county = client_for(world.admin_a)
    assert county.get("/enforcement/violations/").status_code == 200
    assert county.get("/enforcement/violations/import/").status_code == 403
