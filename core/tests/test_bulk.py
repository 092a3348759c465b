"""core.bulk.insert_rows: plain rows in, the same rows as the ORM would write."""

from core.bulk import insert_rows
from core.models import Region


def test_rows_get_constants_defaults_and_timestamps(world):
    insert_rows(Region, ["name"], [("第一片区",), ("第二片区",)], agency=world.county_a)
    rows = list(Region.objects.filter(agency=world.county_a).order_by("name"))
    assert [r.name for r in rows] == ["第一片区", "第二片区"]
    assert all(r.code == "" and r.parent_id is None and r.created_at for r in rows)
    assert all(r.created_by_id is None for r in rows)


def test_no_rows_is_a_no_op(world):
    insert_rows(Region, ["name"], [], agency_id=world.county_a.pk)
    assert not Region.objects.filter(agency=world.county_a).exists()
