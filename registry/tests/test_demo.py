"""The demo's licences: held by the units that need one, numbered uniquely, some expired."""

import datetime
import random
from collections import Counter

from registry import demo as registry_demo
from registry.models import EntityStatus, Licence, LicenceKind, SupervisedEntity
from registry.tests.factories import erase_directory

TODAY = datetime.date(2026, 3, 1)


def build(world, monkeypatch, n=1200, seed=5):
    monkeypatch.setitem(registry_demo.ENTITIES, "tiny", n)
    return registry_demo.build(
        [world.county_a, world.county_b], "tiny", random.Random(seed), today=TODAY
    )


def test_units_that_need_a_licence_hold_one_of_the_right_kind(world, monkeypatch):
    counts = build(world, monkeypatch)
    assert counts["licences"] == Licence.objects.count() > 0
    held = {}
    for entity_id, kind in Licence.objects.values_list("entity_id", "kind"):
        held.setdefault(entity_id, set()).add(kind)
    for e in SupervisedEntity.objects.all():
        if e.status == EntityStatus.CANCELLED:
            assert e.pk not in held
        else:
            want = {k.value for k in registry_demo.LICENCES.get(e.subcategory, ())}
            assert held.get(e.pk, set()) == want, (e.subcategory, e.status)
    kinds = Counter(Licence.objects.values_list("kind", flat=True))
    assert kinds[LicenceKind.PUBLIC_PLACE] > kinds[LicenceKind.MEDICAL_PRACTICE] > 0
    assert kinds[LicenceKind.WATER_SUPPLY] > 0 and kinds[LicenceKind.DISINFECTION] > 0
    assert kinds[LicenceKind.RADIATION] > 0
    assert not Licence.objects.filter(kind=LicenceKind.OTHER).exists()


def test_numbers_are_unique_per_type_and_licences_are_valid_by_the_model(world, monkeypatch):
    build(world, monkeypatch)
    pairs = list(Licence.objects.values_list("kind", "number"))
    assert len(set(pairs)) == len(pairs)
    for licence in Licence.objects.select_related("entity")[:200]:
        licence.full_clean()  # agency is the entity's, end after start, number unique
        assert licence.agency_id == licence.entity.agency_id
    sample = Licence.objects.filter(kind=LicenceKind.PUBLIC_PLACE).first()
    code = sample.agency.code  # the persona agencies have no 行政区划代码
    assert sample.number == f"卫公证字〔{sample.valid_from.year}〕第{code}{sample.entity_id:07d}号"


def test_validity_follows_the_term_of_each_type_and_some_have_expired(world, monkeypatch):
    build(world, monkeypatch)
    for licence in Licence.objects.all():
        years = registry_demo.TERM_YEARS[LicenceKind(licence.kind)]
        day_after_term = licence.valid_until + datetime.timedelta(days=1)
        assert licence.valid_from == registry_demo._years_before(day_after_term, years)
        assert licence.valid_until >= TODAY - datetime.timedelta(days=365)
    total = Licence.objects.count()
    expired = Licence.objects.filter(valid_until__lt=TODAY).count()
    soon = Licence.objects.filter(
        valid_until__gte=TODAY, valid_until__lt=TODAY + datetime.timedelta(days=90)
    ).count()
    assert 0.01 * total < expired < 0.1 * total
    assert soon > 0
    # A radiology unit's 放射诊疗许可证 runs with its 医疗机构执业许可证.
    radiation = Licence.objects.filter(kind=LicenceKind.RADIATION).first()
    practice = Licence.objects.get(entity=radiation.entity, kind=LicenceKind.MEDICAL_PRACTICE)
    assert (practice.valid_from, practice.valid_until) == (
        radiation.valid_from,
        radiation.valid_until,
    )


def test_the_same_seed_gives_the_same_licences(world, monkeypatch):
    build(world, monkeypatch, n=300, seed=9)
    first = list(Licence.objects.order_by("pk").values_list("kind", "valid_from", "valid_until"))
    erase_directory()
    build(world, monkeypatch, n=300, seed=9)
    again = list(Licence.objects.order_by("pk").values_list("kind", "valid_from", "valid_until"))
    assert first == again and first
