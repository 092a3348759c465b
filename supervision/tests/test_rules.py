import datetime

import pytest

from supervision.tests.factories import draw

pytestmark = pytest.mark.django_db


def test_overdue_partial_for_htmx(world, client_for):
    resp = client_for(world.officer_a).get(
        "/supervision/publication/overdue/", HTTP_HX_REQUEST="true"
    )
    html = resp.content.decode()
    assert 'id="publication-overdue"' in html and "<html" not in html


def test_inspection_dates_must_fit_the_plan_and_the_campaign(world):
    """A 双随机 task is inspected no earlier than its plan's 计划检查日期; an inspection joins a
    专项行动 only within the campaign's period (seen: a 05-01..09-30 campaign listing 10-27)."""
    from django.core.exceptions import ValidationError

    from registry.tests.factories import entity
    from supervision.models import Campaign, Inspection
    from supervision.tests.factories import inspector, plan

    unit = entity(world.county_a)
    inspector(world.county_a), inspector(world.county_a)
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="1")
    draw(p, seed="dates")
    task = p.tasks.get()
    early = Inspection(
        agency=world.county_a,
        entity=unit,
        kind="random",
        task=task,
        inspected_on=p.planned_on - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as exc:
        early.clean()
    message = exc.value.message_dict["inspected_on"][0]
    assert "检查日期早于抽查计划的计划检查日期（2026-05-01）" in message
    early.inspected_on = p.planned_on
    early.clean()

    campaign = Campaign.objects.create(
        agency=world.county_a,
        name="医美专项",
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 9, 30),
    )
    visit = Inspection(
        agency=world.county_a,
        entity=unit,
        kind="special",
        campaign=campaign,
        inspected_on=datetime.date(2026, 10, 27),
    )
    with pytest.raises(ValidationError) as exc:
        visit.clean()
    assert exc.value.message_dict["campaign"] == [
        "检查日期不在专项行动“医美专项”的期间（2026-05-01至2026-09-30）内。"
    ]
    visit.inspected_on = datetime.date(2026, 9, 30)
    visit.clean()
