"""The case API: the same steps, rules and refusals as the pages; scoped like every record."""

import datetime

import pytest

from core.tests.scoping import ScopedEndpoints, assert_scoped
from enforcement.models import Case, CaseStatus
from enforcement.tests.factories import case, leader, violation
from supervision.tests.factories import inspector

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today().isoformat()


def test_cases_in_the_api_are_scoped(world, client_for, api_for):
    assert_scoped(
        world,
        client_for,
        api_for,
        ScopedEndpoints(
            make=lambda agency: case(agency),
            list_url="enforcement:case_list",
            api_basename="enforcement-api:case",
            label=lambda c: c.party_name,
        ),
    )


def test_a_case_through_the_api(world, api_for):
    officer = api_for(world.officer_a)
    resp = officer.post(
        "/api/enforcement/cases/",
        {
            "cause": "某诊所使用非卫生技术人员从事医疗卫生技术工作案",
            "source": "inspection",
            "domain": "medical_institution",
            "clue_on": TODAY,
            "party_kind": "org",
            "party_name": "临江某诊所",
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    pk = resp.json()["id"]
    colleague = inspector(world.county_a)
    resp = officer.post(
        f"/api/enforcement/cases/{pk}/team/",
        {
            "members": [
                {"person": world.officer_a.person_id, "lead": True, "declared_on": TODAY},
                {"person": colleague.pk, "declared_on": TODAY},
            ]
        },
        format="json",
    )
    assert resp.status_code == 200 and len(resp.json()["team"]) == 2
    # An inspector may not approve filing: 403 with the reason.
    resp = officer.post(
        f"/api/enforcement/cases/{pk}/steps/", {"step": "file", "on": TODAY}, format="json"
    )
    assert resp.status_code == 403 and "负责人" in resp.json()["detail"]
    boss = api_for(leader(world.county_a))
    resp = boss.post(
        f"/api/enforcement/cases/{pk}/steps/", {"step": "file", "on": TODAY}, format="json"
    )
    assert resp.status_code == 200 and resp.json()["status"] == CaseStatus.INVESTIGATING
    # A step out of order is refused with the step named.
    resp = boss.post(
        f"/api/enforcement/cases/{pk}/steps/", {"step": "decide", "on": TODAY}, format="json"
    )
    assert resp.status_code == 400 and "须在" in str(resp.json())
    resp = officer.post(
        f"/api/enforcement/cases/{pk}/steps/",
        {
            "step": "close_investigation",
            "on": TODAY,
            "facts": "使用未取得执业证书人员",
            "report": "建议罚款",
        },
        format="json",
    )
    assert resp.status_code == 200
    v = violation()
    resp = officer.post(
        f"/api/enforcement/cases/{pk}/steps/",
        {
            "step": "notify",
            "on": TODAY,
            "violation": v.pk,
            "discretion_grade": "minor",
            "penalty_kinds": ["fine"],
            "fine": "99999",
        },
        format="json",
    )
    assert resp.status_code == 400 and "outside_range_reason" in resp.json()
    assert Case.objects.get(pk=pk).fine == 0  # nothing written
    resp = officer.post(
        f"/api/enforcement/cases/{pk}/steps/",
        {
            "step": "notify",
            "on": TODAY,
            "violation": v.pk,
            "discretion_grade": "minor",
            "penalty_kinds": ["fine"],
            "fine": "1000",
        },
        format="json",
    )
    assert resp.status_code == 200 and resp.json()["notice_number"]
    resp = officer.post(f"/api/enforcement/cases/{pk}/steps/", {"step": "nonsense"}, format="json")
    assert resp.status_code == 400 and "step" in resp.json()


def test_another_countys_person_cannot_join_a_team(world, api_for):
    c = case(world.county_a)
    stranger = inspector(world.county_b)
    resp = api_for(world.officer_a).post(
        f"/api/enforcement/cases/{c.pk}/team/",
        {"members": [{"person": stranger.pk, "lead": True, "declared_on": TODAY}]},
        format="json",
    )
    assert resp.status_code == 400 and "不存在" in str(resp.json())


def test_the_catalogue_is_readable(world, api_for):
    violation()  # one public-place item at least, whether or not the starter catalogue is there
    data = api_for(world.officer_a).get("/api/enforcement/violations/?domain=public_place").json()
    rows = data.get("results", data)
    assert rows and all(r["domain"] == "public_place" for r in rows)
    assert rows[0]["levels"] and "penalty_basis" in rows[0]
