"""Cases through the pages: 线索 → 承办人员 → 立案 → … → 结案, refusals shown, scope kept."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from core.tests.scoping import ScopedEndpoints, assert_scoped
from enforcement.models import Case, CaseStatus
from enforcement.tests.factories import case, leader, violation
from supervision.tests.factories import inspector

pytestmark = pytest.mark.django_db


def _clue_data(**kw):
    data = {
        "cause": "某浴室未取得卫生许可证擅自营业案",
        "source": "complaint",
        "domain": "public_place",
        "clue_on": datetime.date.today().isoformat(),
        "party_kind": "org",
        "party_name": "临江某浴室",
    }
    data.update(kw)
    return data


def test_cases_are_scoped_like_every_record(world, client_for, api_for):
    assert_scoped(
        world,
        client_for,
        api_for,
        ScopedEndpoints(
            make=lambda agency: case(agency),
            list_url="enforcement:case_list",
            detail_url="enforcement:case_detail",
            edit_url="enforcement:case_edit",
            label=lambda c: c.party_name,
            edit_payload=lambda c: _clue_data(),
            export_url="enforcement:case_export",
        ),
    )


def _client(user):
    c = Client()
    c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return c


def test_a_case_from_clue_to_decision_through_the_pages(world):
    a = world.county_a
    officer = _client(world.officer_a)
    resp = officer.post(reverse("enforcement:case_add"), _clue_data())
    c = Case.objects.get(party_name="临江某浴室")
    assert resp.status_code == 302 and c.status == CaseStatus.CLUE and c.agency == a
    page = officer.get(c.get_absolute_url()).content.decode()
    assert "尚未确定承办人员" in page and "简易程序" in page
    people = [world.officer_a.person, inspector(a)]
    today = datetime.date.today()
    officer.post(
        reverse("enforcement:case_team", args=[c.pk]),
        {"investigators": [p.pk for p in people], "lead": people[0].pk, "declared_on": today},
    )
    assert c.team.count() == 2
    # The inspector cannot approve filing: the step is not offered, and a forged POST is refused.
    assert "批准立案" not in officer.get(c.get_absolute_url()).content.decode()
    resp = officer.post(
        reverse("enforcement:case_step", args=[c.pk, "file"]), {"file-on": today}, follow=True
    )
    assert "批准立案须由负责人办理" in resp.content.decode()
    boss = leader(a)
    chief = _client(boss)
    assert "批准立案" in chief.get(c.get_absolute_url()).content.decode()
    chief.post(reverse("enforcement:case_step", args=[c.pk, "file"]), {"file-on": today})
    c.refresh_from_db()
    assert c.status == CaseStatus.INVESTIGATING and c.number
    officer.post(
        reverse("enforcement:case_step", args=[c.pk, "close_investigation"]),
        {
            "close_investigation-on": today,
            "close_investigation-facts": "无证营业30日",
            "close_investigation-report": "建议罚款",
        },
    )
    v = violation()
    # A fine outside the level's range without a reason: refused on the page, nothing written.
    resp = officer.post(
        reverse("enforcement:case_step", args=[c.pk, "notify"]),
        {
            "penalty-violation": v.pk,
            "penalty-discretion_grade": "minor",
            "penalty-penalty_kinds": ["fine"],
            "penalty-fine": "5000",
            "penalty-confiscated_income": "0",
            "penalty-confiscated_property_value": "0",
            "notify-on": today,
        },
        follow=True,
    )
    body = resp.content.decode()
    assert "超出“轻微”档" in body, [m.message for m in resp.context["messages"]]
    c.refresh_from_db()
    assert c.status == CaseStatus.INVESTIGATED and c.fine == 0
    officer.post(
        reverse("enforcement:case_step", args=[c.pk, "notify"]),
        {
            "penalty-violation": v.pk,
            "penalty-discretion_grade": "minor",
            "penalty-penalty_kinds": ["fine"],
            "penalty-fine": "1500",
            "penalty-confiscated_income": "0",
            "penalty-confiscated_property_value": "0",
            "notify-on": today,
        },
    )
    c.refresh_from_db()
    assert c.status == CaseStatus.NOTIFIED and c.fine == Decimal(1500) and c.notice_number


def test_another_countys_case_cannot_be_moved(world, client_for):
    other = case(world.county_b)
    resp = client_for(leader(world.county_a)).post(
        reverse("enforcement:case_step", args=[other.pk, "file"]), {"file-on": "2026-03-02"}
    )
    assert resp.status_code == 404
    other.refresh_from_db()
    assert other.status == CaseStatus.CLUE


def test_the_party_id_number_is_masked_for_others(world, client_for):
    c = case(
        world.county_a, party_kind="person", party_name="张某", party_id_number="110105194912310021"
    )
    page = client_for(world.admin_a).get(c.get_absolute_url()).content.decode()
    assert "110105194912310021" not in page and "110105********0021" in page
    member = c.team.first().person
    from core.models import Role, User

    u = User(username="member", agency=world.county_a, role=Role.INSPECTOR, person=member)
    u.set_password(world.password)
    u.save()
    assert "110105194912310021" in client_for(u).get(c.get_absolute_url()).content.decode()


def test_an_inspection_concluding_a_case_opens_a_clue_once(world, client_for):
    from registry.tests.factories import entity
    from supervision.tests.factories import inspection

    a = world.county_a
    target = entity(a, name="临江违法浴室")
    insp = inspection(a, target, [inspector(a), inspector(a)], result="case", findings="无证营业")
    insp.case_requested = True
    insp.save()
    officer = client_for(world.officer_a)
    page = officer.get(insp.get_absolute_url()).content.decode()
    assert "待立案：行政处罚案件尚未登记" in page and "登记案件线索" in page
    resp = officer.post(reverse("enforcement:case_from_inspection", args=[insp.pk]))
    c = Case.objects.get(source_inspection=insp)
    assert resp.status_code == 302 and resp.url == c.get_absolute_url()
    assert (c.entity, c.party_name, c.party_code, c.facts) == (
        target,
        "临江违法浴室",
        target.uscc,
        "无证营业",
    )
    assert c.domain == "public_place" and c.source == "inspection"
    page = officer.get(insp.get_absolute_url()).content.decode()
    assert 'id="case-link"' in page and "待立案" not in page
    resp = officer.post(reverse("enforcement:case_from_inspection", args=[insp.pk]), follow=True)
    assert "该检查已转为案件" in resp.content.decode()
    assert Case.objects.filter(source_inspection=insp).count() == 1
    # Another county's officer cannot open a case from it.
    resp = client_for(world.officer_b).post(
        reverse("enforcement:case_from_inspection", args=[insp.pk])
    )
    assert resp.status_code == 404


def test_evidence_attaches_to_the_case_and_stays_in_its_agency(
    world, client_for, settings, tmp_path
):
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    c = case(world.county_a)
    url = f"/attachments/add/{ContentType.objects.get_for_model(c).pk}/{c.pk}/"
    photo = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 the unlicensed bath"
    officer = client_for(world.officer_a)
    assert "证据与全过程记录" in officer.get(c.get_absolute_url()).content.decode()
    resp = officer.post(
        url,
        {"file": SimpleUploadedFile("现场照片.jpg", photo, "image/jpeg"), "device_number": "JL-7"},
    )
    assert resp.status_code == 302
    saved = Attachment.objects.get(object_id=c.pk)
    assert saved.device_number == "JL-7" and len(saved.sm3) == 64
    assert "现场照片.jpg" in officer.get(c.get_absolute_url()).content.decode()
    other = client_for(world.officer_b).post(
        url, {"file": SimpleUploadedFile("x.jpg", photo, "image/jpeg")}
    )
    assert other.status_code == 404 and Attachment.objects.count() == 1
