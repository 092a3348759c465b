import datetime

import pytest
from django.utils import timezone

from registry.tests.factories import entity
from supervision import services
from supervision.models import SamplingPlan
from supervision.tests.factories import draw, inspection, inspector, plan, witness


@pytest.fixture
def data(world):
    ents = [entity(world.county_a) for _ in range(4)]
    people = [inspector(world.county_a) for _ in range(3)]
    p = plan(world.county_a, strata_by=[])
    draw(p, seed="v")
    insp = inspection(world.county_a, ents[0], people[:2])
    other = plan(world.county_b, name="西山计划")
    return p, insp, other


def test_pages_render_for_own_agency(world, data, client_for):
    p, insp, _ = data
    c = client_for(world.officer_a)
    for url in [
        "/supervision/plans/",
        f"/supervision/plans/{p.pk}/",
        "/supervision/tasks/",
        f"/supervision/tasks/{p.tasks.first().pk}/",
        "/supervision/inspections/",
        f"/supervision/inspections/{insp.pk}/",
        "/supervision/publication/overdue/",
    ]:
        assert c.get(url).status_code == 200, url
    assert p.seed in c.get(f"/supervision/plans/{p.pk}/").content.decode()


def test_other_county_plan_is_404_on_pages_and_api(world, data, client_for, api_for, legal_a):
    _, insp, other = data
    c = client_for(legal_a)
    assert c.get(f"/supervision/plans/{other.pk}/").status_code == 404
    assert c.get(f"/supervision/plans/{other.pk}/edit/").status_code == 404
    assert api_for(legal_a).get(f"/api/supervision/plans/{other.pk}/").status_code == 404
    b = api_for(world.officer_b)
    assert b.get(f"/api/supervision/inspections/{insp.pk}/").status_code == 404


def test_city_reads_county_plans_but_cannot_change_them(world, data, api_for):
    p, insp, _ = data
    city = api_for(world.city_officer)
    assert city.get(f"/api/supervision/plans/{p.pk}/").status_code == 200
    assert len(city.get("/api/supervision/tasks/").json()["results"]) == p.tasks.count()
    assert city.patch(f"/api/supervision/plans/{p.pk}/", {"name": "改"}).status_code == 404
    assert (
        city.patch(f"/api/supervision/inspections/{insp.pk}/", {"findings": "改"}).status_code
        == 404
    )


def test_api_rejects_bad_plan_with_chinese_field_errors(world, api_for, legal_a):
    resp = api_for(legal_a).post(
        "/api/supervision/plans/",
        {
            "name": "x",
            "year": 2026,
            "source": "county",
            "quota_mode": "proportion",
            "quota_value": "1.5",
            "planned_on": "2026-05-01",
            "check_ends_on": "2026-04-01",
            "inspectors_per_target": 1,
        },
        format="json",
    )
    assert resp.status_code == 400
    body = resp.json()
    assert "比例" in str(body["quota_value"]) and "check_ends_on" in body
    assert "至少2名" in str(body["inspectors_per_target"])


def test_draw_view_reports_failure_and_saves_nothing(world, client_for, legal_a):
    entity(world.county_a)
    p = plan(world.county_a)  # no certified inspectors except officer_a → cannot get two
    resp = client_for(legal_a).post(
        f"/supervision/plans/{p.pk}/draw/",
        {"witness": witness(world.county_a).pk, "confirm": "1"},
        follow=True,
    )
    assert "无法抽取2名执法人员" in resp.content.decode()
    assert SamplingPlan.objects.get(pk=p.pk).status == "draft"


def test_overdue_publication_listed(world, data, client_for):
    """The page lists a drawn plan once its 公示 deadline (started at the draw from the check
    period's end) has passed unpublished, whatever the day the test runs."""
    p, _, _ = data
    c = client_for(world.officer_a)
    today = timezone.localdate()

    def deadline_from(check_ends_on):
        services.publication_deadline(p).delete()
        p.check_ends_on = check_ends_on
        p.save(update_fields=["check_ends_on"])
        return services.start_publication_deadline(p)

    assert deadline_from(today + datetime.timedelta(days=30)).due_on >= today
    assert p.name not in c.get("/supervision/publication/overdue/").content.decode()
    assert deadline_from(today - datetime.timedelta(days=120)).due_on < today
    assert p.name in c.get("/supervision/publication/overdue/").content.decode()
    services.publish_plan(p, on=today, actor=world.officer_a)
    assert p.name not in c.get("/supervision/publication/overdue/").content.decode()


def test_inspection_form_needs_two_certified_inspectors(world, client_for):
    e = entity(world.county_a)
    resp = client_for(world.officer_a).post(
        "/supervision/inspections/add/",
        {
            "entity": e.uscc,
            "kind": "routine",
            "inspected_on": "2026-05-01",
            "inspectors": [world.officer_a.person.pk],
            "result": "passed",
        },
    )
    assert resp.status_code == 200
    assert "至少2名" in resp.content.decode()
