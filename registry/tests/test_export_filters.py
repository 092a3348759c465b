"""The export takes the list's filters with the list's choices."""

import io

import pytest
from openpyxl import load_workbook

from core.tests.factories import region
from registry.tests.factories import entity

pytestmark = pytest.mark.django_db


def test_export_by_region_holds_that_regions_entities_only(world, client_for):
    east, west = region(world.county_a), region(world.county_a)
    inside = entity(world.county_a, name="东片宾馆", region=east)
    outside = entity(world.county_a, name="西片宾馆", region=west)
    resp = client_for(world.admin_a).get("/registry/entities/export/", {"region": east.pk})
    assert resp.status_code == 200
    sheet = load_workbook(io.BytesIO(resp.content), read_only=True).worksheets[0]
    names = {v for row in sheet.iter_rows(values_only=True) for v in row}
    assert inside.name in names and outside.name not in names
