"""许可证 pages: add, edit and withdraw (never delete) on the entity's page, scoped, audited."""

import datetime

import pytest
from django.utils import timezone

from core.models import AuditEvent
from registry.models import Licence
from registry.tests.factories import entity, licence


def form(**over):
    data = {
        "kind": "public_place",
        "number": "临卫公字〔2025〕第00042号",
        "valid_from": "2025-01-01",
        "valid_until": "2028-12-31",
    }
    data.update(over)
    return data


def events(obj, action):
    return AuditEvent.objects.filter(
        content_type__model="licence", object_id=str(obj.pk), action=action
    )


def test_entity_page_offers_licence_actions_to_its_own_agency(world, client_for):
    e = entity(world.county_a)
    lic = licence(e, valid_until=datetime.date(2020, 1, 1))
    html = client_for(world.officer_a).get(f"/registry/entities/{e.pk}/").content.decode()
    assert f'href="/registry/entities/{e.pk}/licences/add/"' in html
    assert f'href="/registry/licences/{lic.pk}/edit/"' in html
    assert f'href="/registry/licences/{lic.pk}/withdraw/"' in html
    assert lic.number in html and "已过期" in html
    assert f'href="/registry/entities/{e.pk}/edit/"' in html


def test_entity_page_flags_only_expired_licences(world, client_for):
    e = entity(world.county_a)
    today = timezone.localdate()
    licence(e, number="到期-今天", valid_until=today)
    licence(e, number="有效-1", valid_until=today + datetime.timedelta(days=30))
    licence(e, number="长期-1", valid_until=None)
    html = client_for(world.officer_a).get(f"/registry/entities/{e.pk}/").content.decode()
    assert "到期-今天" in html and "有效-1" in html and "长期-1" in html and "至 长期" in html
    assert "已过期" not in html


@pytest.mark.parametrize("persona", ["city_officer", "officer_b", "reviewer_a"])
def test_entity_page_offers_no_licence_actions_to_others(world, client_for, persona):
    e = entity(world.county_a)
    lic = licence(e)
    resp = client_for(getattr(world, persona)).get(f"/registry/entities/{e.pk}/")
    if persona == "officer_b":
        assert resp.status_code == 404
        return
    html = resp.content.decode()
    assert lic.number in html
    assert "/licences/add/" not in html and f"/licences/{lic.pk}/" not in html
    assert f"/registry/entities/{e.pk}/edit/" not in html


def test_add_licence_saves_it_on_the_entity_and_audits_it(world, client_for):
    e = entity(world.county_a)
    c = client_for(world.officer_a)
    page = c.get(f"/registry/entities/{e.pk}/licences/add/").content.decode()
    assert e.name in page and 'name="valid_until"' in page
    resp = c.post(f"/registry/entities/{e.pk}/licences/add/", form(valid_until=""))
    lic = Licence.objects.get()
    assert (
        resp.status_code == 302
        and resp["Location"] == f"/registry/entities/{e.pk}/#licence-{lic.pk}"
    )
    assert (lic.entity, lic.agency, lic.valid_until) == (e, world.county_a, None)
    assert lic.created_by == world.officer_a
    event = events(lic, "create").get()
    assert event.actor == world.officer_a and event.agency == world.county_a
    assert event.changes["after"]["number"] == "临卫公字〔2025〕第00042号"


def test_end_before_start_is_refused_in_chinese_and_nothing_saved(world, client_for):
    e = entity(world.county_a)
    resp = client_for(world.officer_a).post(
        f"/registry/entities/{e.pk}/licences/add/",
        form(valid_from="2025-06-01", valid_until="2025-05-31"),
    )
    assert resp.status_code == 200
    assert "有效期至：许可证有效期至不能早于有效期自。" in resp.content.decode()
    assert not Licence.objects.exists()


def test_same_type_and_number_is_refused_on_the_number_field(world, client_for):
    lic = licence(entity(world.county_b), number="重号-1")
    e = entity(world.county_a)
    c = client_for(world.officer_a)
    resp = c.post(f"/registry/entities/{e.pk}/licences/add/", form(number="重号-1"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "许可证号：同类许可证号已被登记：公共场所卫生许可证“重号-1”" in html
    assert html.count("同类许可证号已被登记") == 1
    assert Licence.objects.count() == 1
    # Another type may carry the same number.
    resp = c.post(
        f"/registry/entities/{e.pk}/licences/add/", form(number="重号-1", kind="water_supply")
    )
    assert resp.status_code == 302 and Licence.objects.count() == 2
    assert lic.pk in Licence.objects.values_list("pk", flat=True)


def test_inline_validation_shows_the_date_rule_and_saves_nothing(world, client_for):
    e = entity(world.county_a)
    resp = client_for(world.officer_a).post(
        f"/registry/entities/{e.pk}/licences/add/",
        form(valid_from="2025-06-01", valid_until="2025-01-01"),
        HTTP_HX_REQUEST="true",
        HTTP_X_VALIDATE_FIELD="valid_until",
    )
    html = resp.content.decode()
    assert resp.status_code == 200 and "<html" not in html
    assert 'id="errors-valid_until"' in html and "不能早于有效期自" in html
    assert not Licence.objects.exists()


def test_edit_licence_changes_it_and_audits_before_and_after(world, client_for):
    e = entity(world.county_a)
    lic = licence(e, number="旧号")
    c = client_for(world.officer_a)
    assert "旧号" in c.get(f"/registry/licences/{lic.pk}/edit/").content.decode()
    resp = c.post(f"/registry/licences/{lic.pk}/edit/", form(number="新号"))
    assert resp.status_code == 302 and resp["Location"].startswith(f"/registry/entities/{e.pk}/")
    lic.refresh_from_db()
    assert lic.number == "新号" and lic.updated_by == world.officer_a
    event = events(lic, "change").get()
    assert (
        event.changes["before"]["number"] == "旧号" and event.changes["after"]["number"] == "新号"
    )


def test_edit_keeps_the_date_rule(world, client_for):
    lic = licence(entity(world.county_a))
    resp = client_for(world.officer_a).post(
        f"/registry/licences/{lic.pk}/edit/",
        form(number=lic.number, valid_from="2025-06-01", valid_until="2025-01-01"),
    )
    assert resp.status_code == 200 and "不能早于有效期自" in resp.content.decode()
    lic.refresh_from_db()
    assert lic.valid_from == datetime.date(2024, 1, 1)


def test_withdraw_licence_asks_for_a_reason_keeps_the_record_and_audits(world, client_for):
    """A licence is a record of work: 撤回 with a reason, never a hard delete (once: 删除)."""
    e = entity(world.county_a)
    lic = licence(e, number="待撤-1")
    c = client_for(world.officer_a)
    assert c.get(f"/registry/licences/{lic.pk}/delete/").status_code == 404
    page = c.get(f"/registry/licences/{lic.pk}/withdraw/").content.decode()
    assert "确认撤回" in page and "待撤-1" in page and "撤回理由" in page
    resp = c.post(f"/registry/licences/{lic.pk}/withdraw/", {"reason": "  "})
    assert resp.status_code == 200 and "撤回理由：必填" in resp.content.decode()
    lic.refresh_from_db()
    assert not lic.is_withdrawn
    resp = c.post(f"/registry/licences/{lic.pk}/withdraw/", {"reason": "许可证号录入错误"})
    assert resp.status_code == 302
    lic.refresh_from_db()
    assert lic.is_withdrawn and lic.withdrawal_reason == "许可证号录入错误"
    assert lic.withdrawn_by == world.officer_a
    event = events(lic, "withdraw").get()
    assert event.actor == world.officer_a and event.changes["reason"] == "许可证号录入错误"
    assert not events(lic, "delete").exists()
    # Still on the entity's page, marked and without actions; no longer edited.
    html = c.get(f"/registry/entities/{e.pk}/").content.decode()
    assert "待撤-1" in html and "已撤回" in html and "许可证号录入错误" in html
    assert f'href="/registry/licences/{lic.pk}/edit/"' not in html
    assert c.get(f"/registry/licences/{lic.pk}/edit/").status_code == 404
    # Its number is free again for the corrected licence.
    resp = c.post(f"/registry/entities/{e.pk}/licences/add/", form(number="待撤-1"))
    assert resp.status_code == 302
    with pytest.raises(Exception, match="留存"):
        lic.delete()


@pytest.mark.parametrize("persona", ["officer_b", "city_officer"])
def test_other_agencies_get_404_and_change_nothing(world, client_for, persona):
    """County B is outside county A's tree; the city reads county A but changes only its own."""
    e = entity(world.county_a)
    lic = licence(e, number="原号")
    c = client_for(getattr(world, persona))
    assert c.get(f"/registry/entities/{e.pk}/licences/add/").status_code == 404
    assert c.post(f"/registry/entities/{e.pk}/licences/add/", form()).status_code == 404
    assert c.get(f"/registry/licences/{lic.pk}/edit/").status_code == 404
    assert c.post(f"/registry/licences/{lic.pk}/edit/", form(number="篡改")).status_code == 404
    assert c.post(f"/registry/licences/{lic.pk}/withdraw/", {"reason": "x"}).status_code == 404
    lic.refresh_from_db()
    assert lic.number == "原号" and Licence.objects.count() == 1


def test_role_without_licence_permissions_gets_403(world, client_for):
    e = entity(world.county_a)
    lic = licence(e)
    c = client_for(world.reviewer_a)  # 法制审核员 of county A: reads the registry only
    assert c.get(f"/registry/entities/{e.pk}/licences/add/").status_code == 403
    assert c.post(f"/registry/licences/{lic.pk}/edit/", form()).status_code == 403
    assert c.post(f"/registry/licences/{lic.pk}/withdraw/", {"reason": "x"}).status_code == 403
    lic.refresh_from_db()
    assert not lic.is_withdrawn


def test_api_withdraws_own_licence_only_and_never_deletes(world, api_for):
    lic = licence(entity(world.county_a))
    url = f"/api/registry/licences/{lic.pk}/"
    resp = api_for(world.officer_a).delete(url)
    assert resp.status_code == 405 and "撤回" in resp.json()["detail"]
    withdraw = f"{url}withdraw/"
    assert api_for(world.officer_b).post(withdraw, {"reason": "x"}).status_code == 404
    resp = api_for(world.officer_a).post(withdraw, {"reason": ""}, format="json")
    assert resp.status_code == 400 and "撤回理由" in str(resp.json())
    resp = api_for(world.officer_a).post(withdraw, {"reason": "重复登记"}, format="json")
    assert resp.status_code == 200 and resp.json()["withdrawal_reason"] == "重复登记"
    assert Licence.objects.get(pk=lic.pk).is_withdrawn
    assert events(lic, "withdraw").exists()
    # Withdrawn: read, never changed again.
    assert api_for(world.officer_a).get(url).status_code == 200
    resp = api_for(world.officer_a).patch(url, {"number": "改"}, format="json")
    assert resp.status_code == 404


def test_api_refuses_a_taken_number_on_the_number_field(world, api_for):
    licence(entity(world.county_b), number="重号-1")
    e = entity(world.county_a)
    resp = api_for(world.officer_a).post(
        "/api/registry/licences/",
        {"entity": e.pk, "kind": "public_place", "number": "重号-1", "valid_from": "2025-01-01"},
        format="json",
    )
    assert resp.status_code == 400
    assert resp.json() == {
        "number": ["同类许可证号已被登记：公共场所卫生许可证“重号-1”，同一类型的许可证号不能重复。"]
    }
    assert Licence.objects.count() == 1
