"""Separation of duties in the 双随机 draw (RULES §4 step 5: operator and witness recorded).

法规科 makes and draws plans, not the inspectors who may be drawn; a witness is required and is
another person; neither the drawer, the witness nor the 法制审核员 is drawn as an inspector, and
the snapshot records who was kept out, so ``fazhi draw verify`` re-runs the same draw.
"""

import io
import zlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from core.models import Role, User
from registry.tests.factories import entity
from supervision import draw as algo
from supervision import services
from supervision.models import SamplingPlan, TeamMember
from supervision.tests.factories import VALID, draw, inspector, legal_officer, plan, witness

PLANS = "/api/supervision/plans/"
BODY = {
    "name": "2026年县级双随机抽查",
    "year": 2026,
    "source": "county",
    "quota_mode": "count",
    "quota_value": "2",
    "planned_on": "2026-05-01",
    "check_ends_on": "2026-06-30",
}


@pytest.fixture
def county(world):
    for _ in range(6):
        entity(world.county_a)
    for _ in range(4):
        inspector(world.county_a)


def _certified(person):
    person.certificate_number = f"ZJ-{person.pk:06d}"
    person.certificate_valid_until = VALID
    person.save()
    return person


def test_inspector_may_neither_make_nor_draw_a_plan(world, county, client_for, api_for):
    api = api_for(world.officer_a)
    assert api.post(PLANS, BODY, format="json").status_code == 403
    c = client_for(world.officer_a)
    assert c.get("/supervision/plans/add/").status_code == 403
    p = plan(world.county_a)
    assert c.post(f"/supervision/plans/{p.pk}/draw/").status_code == 403
    resp = api.post(f"{PLANS}{p.pk}/draw/", {"witness": witness(world.county_a).pk})
    assert resp.status_code == 403
    # The service refuses too, so no other caller (a command, a script) can draw as an inspector.
    with pytest.raises(PermissionDenied) as exc:
        services.run_draw(p, actor=world.officer_a, witness=witness(world.county_a))
    assert "执法人员角色无权抽取双随机计划" in str(exc.value)
    assert SamplingPlan.objects.get(pk=p.pk).status == "draft"


def test_legal_office_makes_and_draws_with_a_required_witness(world, county, api_for, legal_a):
    api = api_for(legal_a)
    made = api.post(PLANS, BODY, format="json")
    assert made.status_code == 201, made.json()
    pid = made.json()["id"]
    refused = api.post(f"{PLANS}{pid}/draw/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["witness"] == ["须指定见证人（监督人）：抽取须有见证人在场并记录。"]
    myself = api.post(f"{PLANS}{pid}/draw/", {"witness": legal_a.person_id}, format="json")
    assert myself.status_code == 400
    assert "见证人不能是抽取人本人" in myself.json()["witness"][0]
    other_county = api.post(
        f"{PLANS}{pid}/draw/", {"witness": witness(world.county_b).pk}, format="json"
    )
    assert other_county.status_code == 400 and "witness" in other_county.json()
    assert SamplingPlan.objects.get(pk=pid).status == "draft"
    w = witness(world.county_a)
    drawn = api.post(f"{PLANS}{pid}/draw/", {"witness": w.pk}, format="json")
    assert drawn.status_code == 200, drawn.json()
    assert drawn.json()["witness"] == w.pk and drawn.json()["drawn_by"] == legal_a.pk
    # The record is what was drawn: a drawn plan is not edited through the API.
    patched = api.patch(f"{PLANS}{pid}/", {"witness": legal_a.person_id}, format="json")
    assert patched.status_code == 400 and "不能再修改" in str(patched.json())


def test_drawer_without_a_person_cannot_show_who_drew(world, county):
    drawer = User(username="legal-nobody", agency=world.county_a, role=Role.LEGAL_OFFICE)
    drawer.save()
    with pytest.raises(ValidationError) as exc:
        services.run_draw(plan(world.county_a), actor=drawer, witness=witness(world.county_a))
    assert "未关联人员" in exc.value.message_dict["drawn_by"][0]


def test_drawer_witness_and_legal_reviewer_are_never_drawn_and_the_draw_verifies(world, county):
    drawer = legal_officer(world.county_a)
    present = witness(world.county_a)
    # All three hold a 执法证, so without the rule each could be dealt.
    for person in (drawer.person, present, world.reviewer_a.person):
        _certified(person)
    kept_out = {drawer.person_id, present.pk, world.reviewer_a.person_id}
    p = plan(world.county_a, strata_by=[], quota_value="1")
    result = draw(p, seed="duties", drawer=drawer, witness_person=present)
    assert len(result.targets) == 6
    dealt = set(TeamMember.objects.filter(team__plan=p).values_list("person_id", flat=True))
    assert dealt and not dealt & kept_out
    p.refresh_from_db()
    assert p.algorithm_version == "fazhi-draw/4" and p.witness_id == present.pk
    snapshot = algo.DrawInput.from_bytes(zlib.decompress(bytes(p.draw_inputs)))
    assert set(snapshot.excluded) == {
        (drawer.person_id, "drawer"),
        (present.pk, "witness"),
        (world.reviewer_a.person_id, "legal_reviewer"),
    }
    # The excluded people are in the recorded pool: the snapshot shows they were kept out.
    assert kept_out <= {pid for pid, _ in snapshot.inspectors}
    # Deterministic: the same inputs and seed draw the same, and without the exclusions they
    # would not have (some of the three would be dealt).
    assert algo.run(snapshot).digest() == p.result_digest
    snapshot.excluded = []
    again = algo.run(snapshot)
    assert {pid for t in again.targets for pid in t.inspector_ids} & kept_out
    out = io.StringIO()
    call_command("draw_verify", p.pk, stdout=out)
    assert "复核一致" in out.getvalue()


def test_plan_page_asks_for_the_witness_and_shows_who_drew(world, county, client_for, legal_a):
    p = plan(world.county_a)
    w = witness(world.county_a, name="纪检组")
    c = client_for(legal_a)
    page = c.get(f"/supervision/plans/{p.pk}/draw/").content.decode()
    assert "见证人（监督人）" in page and w.name in page
    refused = c.post(
        f"/supervision/plans/{p.pk}/draw/", {"confirm": "1"}, follow=True
    ).content.decode()
    assert "须指定见证人" in refused
    c.post(f"/supervision/plans/{p.pk}/draw/", {"witness": w.pk, "confirm": "1"})
    p.refresh_from_db()
    assert p.status == "drawn" and p.drawn_by == legal_a and p.witness == w
    page = client_for(world.officer_a).get(p.get_absolute_url()).content.decode()
    assert f"{legal_a.person.name} / {w.name}" in page
    assert "抽取…" not in page and "确认抽取" not in page  # nothing to press for an inspector
