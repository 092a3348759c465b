"""检查要点 per 抽查事项, falling back to the 监管类别's points, and retired (停用) points."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from registry.tests.factories import entity
from supervision import services
from supervision.models import ChecklistPoint, Finding, InspectionItem, Task
from supervision.tests.factories import inspection, inspector, plan

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 5, 11)


def _item(agency, name="公共场所卫生监督抽查", category="public_place"):
    return InspectionItem.objects.create(
        agency=agency,
        name=name,
        category=category,
        basis="《公共场所卫生管理条例》",
        level="county",
    )


def _point(text, *, item=None, category="public_place", **kw):
    return ChecklistPoint.objects.create(
        category=category, item=item, text=text, basis="《公共场所卫生管理条例》第七条", **kw
    )


def _random_inspection(agency, item):
    """A 双随机 inspection of a task drawn under a plan of ``item``."""
    p = plan(agency)
    p.items.set([item])
    unit = entity(agency)
    task = Task.objects.create(agency=agency, plan=p, entity=unit, stratum="*", seq=1)
    people = [inspector(agency), inspector(agency)]
    return inspection(agency, unit, people, day=DAY, task=task)


def _texts(insp):
    return list(ChecklistPoint.objects.for_inspection(insp).values_list("text", flat=True))


def test_an_inspection_of_an_item_shows_the_items_points_not_the_categorys(world, client_for):
    item = _item(world.county_a)
    _point("客房床上用品一客一换", item=item, order=1)
    _point("公共用品用具消毒", item=item, order=2)
    _point("类别通用：卫生许可证悬挂", order=1)
    insp = _random_inspection(world.county_a, item)

    assert _texts(insp) == ["客房床上用品一客一换", "公共用品用具消毒"]
    page = client_for(world.officer_a).get(insp.get_absolute_url()).content.decode()
    assert "客房床上用品一客一换" in page
    assert "类别通用：卫生许可证悬挂" not in page
    assert "检查要点（公共场所卫生监督抽查）" in page


def test_an_inspection_without_item_points_falls_back_to_the_categorys(world, client_for):
    item = _item(world.county_a)
    other = _item(world.county_a, name="另一事项")
    _point("仅另一事项的要点", item=other)
    _point("类别通用：从业人员健康合格证明")
    insp = _random_inspection(world.county_a, item)  # its item has no points
    routine = inspection(
        world.county_a, entity(world.county_a), [inspector(world.county_a)] * 2, kind="routine"
    )

    for i in (insp, routine):
        texts = _texts(i)
        assert "类别通用：从业人员健康合格证明" in texts
        assert "仅另一事项的要点" not in texts
    page = client_for(world.officer_a).get(routine.get_absolute_url()).content.decode()
    assert "类别通用：从业人员健康合格证明" in page
    assert "检查要点（公共场所）" in page


def test_an_item_whose_points_are_all_retired_falls_back_to_the_category(world):
    item = _item(world.county_a)
    _point("已停用的事项要点", item=item, retired_on=DAY, retired_reason="标准修订")
    _point("类别通用：空气质量")
    insp = _random_inspection(world.county_a, item)
    assert "类别通用：空气质量" in _texts(insp)
    assert "已停用的事项要点" not in _texts(insp)


def test_a_retired_point_is_not_offered_but_old_inspections_keep_it(world, client_for, api_for):
    item = _item(world.county_a)
    kept = _point("卫生管理制度", item=item, order=1)
    retired = _point("旧版要点：集中空调通风", item=item, order=2)
    old = _random_inspection(world.county_a, item)
    services.record_findings(
        old,
        [
            {"point": kept, "compliant": True, "note": ""},
            {"point": retired, "compliant": False, "note": "未清洗"},
        ],
        actor=world.officer_a,
    )
    retired.retired_on, retired.retired_reason = DAY, "并入新版要点"
    retired.full_clean()
    retired.save()
    new = _random_inspection(world.county_a, item)

    assert _texts(new) == ["卫生管理制度"]
    assert _texts(old) == ["卫生管理制度", "旧版要点：集中空调通风"]
    client = client_for(world.officer_a)
    assert "旧版要点：集中空调通风" not in client.get(new.get_absolute_url()).content.decode()
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert "旧版要点：集中空调通风" in old_page and "已停用（2026-05-11）" in old_page

    # The page saves only the points it offers: a retired point posted for a new inspection
    # is ignored; the old inspection's finding on it is kept when it is saved again.
    client.post(
        f"/supervision/inspections/{new.pk}/checklist/",
        {f"p{kept.pk}": "1", f"p{retired.pk}": "0", f"n{retired.pk}": "x"},
    )
    assert set(Finding.objects.filter(inspection=new).values_list("point", flat=True)) == {kept.pk}
    client.post(
        f"/supervision/inspections/{old.pk}/checklist/",
        {f"p{kept.pk}": "1", f"p{retired.pk}": "0", f"n{retired.pk}": "仍未清洗"},
    )
    assert Finding.objects.get(inspection=old, point=retired).note == "仍未清洗"

    # The API refuses the retired point for the new inspection, naming the rule.
    api = api_for(world.officer_a)
    body = [{"point": retired.pk, "compliant": True, "note": ""}]
    r = api.put(f"/api/supervision/inspections/{new.pk}/findings/", body, format="json")
    assert r.status_code == 400
    assert "停用" in str(r.json())
    assert not Finding.objects.filter(inspection=new, point=retired).exists()
    r = api.put(f"/api/supervision/inspections/{old.pk}/findings/", body, format="json")
    assert r.status_code == 200


def test_api_refuses_a_point_of_another_item(world, api_for):
    item = _item(world.county_a)
    other = _item(world.county_a, name="另一事项")
    _point("本事项要点", item=item)
    stray = _point("另一事项要点", item=other)
    insp = _random_inspection(world.county_a, item)
    r = api_for(world.officer_a).put(
        f"/api/supervision/inspections/{insp.pk}/findings/",
        [{"point": stray.pk, "compliant": True, "note": ""}],
        format="json",
    )
    assert r.status_code == 400
    assert "不属于本次检查的抽查事项" in str(r.json())


def test_retiring_needs_a_reason_and_an_items_category_must_match(world):
    item = _item(world.county_a, category="school", name="学校卫生监督抽查")
    point = ChecklistPoint(category="public_place", item=item, text="t", basis="b")
    with pytest.raises(ValidationError) as exc:
        point.full_clean()
    assert "对象类别" in str(exc.value.message_dict["item"])
    point = ChecklistPoint(category="public_place", text="t", basis="b", retired_on=DAY)
    with pytest.raises(ValidationError) as exc:
        point.full_clean()
    assert exc.value.message_dict["retired_reason"] == ["停用检查要点须写明停用原因。"]


def test_only_the_top_level_admin_retires_a_point(world, api_for):
    point = _point("要点")
    body = {"retired_on": "2026-05-11", "retired_reason": "废止"}
    r = api_for(world.admin_a).patch(f"/api/supervision/checklist/{point.pk}/", body, format="json")
    assert r.status_code == 403
    r = api_for(world.city_admin).patch(
        f"/api/supervision/checklist/{point.pk}/", body, format="json"
    )
    assert r.status_code == 200, r.json()
    point.refresh_from_db()
    assert point.retired_on == DAY and point.retired_reason == "废止"
    # Never deleted: findings refer to it.
    r = api_for(world.city_admin).delete(f"/api/supervision/checklist/{point.pk}/")
    assert r.status_code in (403, 405)
    assert ChecklistPoint.objects.filter(pk=point.pk).exists()


def test_the_api_lists_points_in_force_and_those_of_one_item(world, api_for):
    item = _item(world.county_a)
    mine = _point("事项要点", item=item)
    _point("停用要点", item=item, retired_on=DAY, retired_reason="废止")
    api = api_for(world.officer_a)
    rows = api.get(f"/api/supervision/checklist/?item={item.pk}&retired=false").json()
    assert [r["id"] for r in rows["results"]] == [mine.pk]
    retired = api.get(f"/api/supervision/checklist/?item={item.pk}&retired=true").json()
    assert [r["text"] for r in retired["results"]] == ["停用要点"]
    # Another county's item is refused as one that does not exist.
    theirs = _item(world.county_b)
    other = api_for(world.officer_b)
    foreign = other.get(f"/api/supervision/checklist/?item={item.pk}")
    missing = other.get(f"/api/supervision/checklist/?item={theirs.pk + 1000}")
    assert foreign.status_code == missing.status_code == 400
