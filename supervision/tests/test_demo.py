import random

from core.indicators import compute
from core.periods import Period
from registry import demo as registry_demo
from registry.models import SupervisedEntity
from supervision import demo, services
from supervision.models import Inspection, SamplingPlan


def test_small_demo_builds_verifiable_draws_and_a_year_of_inspections(world, monkeypatch):
    agencies = [world.county_a, world.county_b]
    rng = random.Random(7)
    monkeypatch.setitem(registry_demo.ENTITIES, "tiny", 400)
    monkeypatch.setitem(demo.INSPECTIONS, "tiny", 600)
    assert registry_demo.build(agencies, "tiny", rng)["entities"] == 400
    counts = demo.build(agencies, "tiny", rng, year=2025)
    assert counts["plans"] == 2 and counts["inspections"] == 600
    assert SupervisedEntity.objects.count() == 400
    for plan in SamplingPlan.objects.all():
        assert services.verify_draw(plan).ok
    assert all(
        len(set(i.inspectors.values_list("pk", flat=True))) == 2
        for i in Inspection.objects.all()[:20]
    )
    m = compute("random_closure_rate", world.city, Period.year(2025))
    assert m.value == 100
    # The load counted once at its end (core.tallies.counted_once), and counts go on after it.
    from core import tallies

    assert tallies.verify(tallies.registered()) == []
    m = compute("inspections_count", world.city, Period.year(2025))
    assert m.value == 600 == m.records.count()


def test_demo_publications_are_on_time_and_reference_lists_filled(world, monkeypatch):
    from core.models.deadlines import Deadline
    from supervision.models import Campaign, Conflict, InspectionItem

    agencies = [world.county_a]
    rng = random.Random(3)
    monkeypatch.setitem(registry_demo.ENTITIES, "tiny", 200)
    monkeypatch.setitem(demo.INSPECTIONS, "tiny", 300)
    registry_demo.build(agencies, "tiny", rng)
    demo.build(agencies, "tiny", rng, year=2025)
    deadlines = Deadline.objects.filter(rule_id="supervision.random_publication")
    assert deadlines.count() == 1 and all(d.met for d in deadlines)
    plan = SamplingPlan.objects.get()
    assert plan.items.count() == InspectionItem.objects.count() == len(demo.ITEMS)
    campaign = Campaign.objects.get()
    special = Inspection.objects.filter(kind="special")
    assert special.exists() and not special.exclude(campaign=campaign).exists()
    assert Conflict.objects.exists()
