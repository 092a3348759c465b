"""What a sampling plan feeds the draw: 抽查事项, 分层比例 and the messages a failed draw gives."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from core.models import Region
from registry.models import SupervisedEntity
from registry.tests.factories import entity
from supervision import draw as algo
from supervision import services
from supervision.forms import PlanForm
from supervision.models import InspectionItem, SamplingPlan, Task
from supervision.tests.factories import draw, inspector, plan, witness


def _item(agency, category="public_place", name=None):
    return InspectionItem.objects.create(
        agency=agency,
        name=name or f"{category}监督抽查",
        category=category,
        basis="《公共场所卫生管理条例》",
        level="county",
    )


@pytest.fixture
def mixed(world):
    """County A: 6 公共场所 (credit A/C), 4 医疗机构, 2 生活饮用水; four inspectors."""
    places = [
        entity(world.county_a, credit_grade="C" if i < 2 else "A", name=f"临江{i}号宾馆")
        for i in range(6)
    ]
    clinics = [
        entity(world.county_a, category="medical", subcategory="clinic", name=f"东湖{i}号诊所")
        for i in range(4)
    ]
    water = [
        entity(world.county_a, category="drinking_water", subcategory="secondary_supply")
        for _ in range(2)
    ]
    people = [inspector(world.county_a) for _ in range(4)]
    return places, clinics, water, people


def _drawn_categories(p):
    return set(Task.objects.filter(plan=p).values_list("entity__category", flat=True))


# --- 抽查事项 filter the draw ----------------------------------------------------------------


def test_plan_with_only_the_public_place_item_draws_no_medical_entity(world, mixed):
    p = plan(world.county_a, strata_by=[], quota_value="1")
    p.items.set([_item(world.county_a)])
    draw(p, seed="items")
    assert _drawn_categories(p) == {"public_place"}
    assert Task.objects.filter(plan=p).count() == 6
    assert services.verify_draw(p).ok


def test_items_of_two_categories_draw_from_both(world, mixed):
    p = plan(world.county_a, strata_by=["category"], quota_value="1")
    p.items.set([_item(world.county_a), _item(world.county_a, "medical")])
    draw(p, seed="items")
    assert _drawn_categories(p) == {"public_place", "medical"}


def test_with_items_and_categories_an_entity_must_match_both(world, mixed):
    # Saved through the API before the check, or from older data: the draw intersects.
    p = plan(world.county_a, strata_by=[], quota_value="1", categories=["public_place", "medical"])
    p.items.set([_item(world.county_a)])
    draw(p, seed="both")
    assert _drawn_categories(p) == {"public_place"}


def test_items_and_categories_without_common_category_are_refused_by_the_draw(world, mixed):
    p = plan(world.county_a, strata_by=[], quota_value="1", categories=["medical"])
    p.items.set([_item(world.county_a)])
    with pytest.raises(ValidationError) as exc:
        draw(p, seed="none")
    assert "没有交集" in exc.value.messages[0]
    assert not Task.objects.filter(plan=p).exists()


def test_plan_without_items_records_the_same_inputs_as_before(world, mixed):
    # Without items the draw reads every category in scope, as before items filtered it: the
    # snapshot (and so the input digest of plans drawn earlier) is the one built from them.
    p = plan(world.county_a, strata_by=["category"], quota_value="0.5")
    strata: algo.Strata = {}
    rows = SupervisedEntity.objects.filter(agency=world.county_a).values_list("id", "category")
    for eid, category in rows:
        strata.setdefault(category, ([], None))[0].append(eid)
    inspectors = [(pid.pk, ()) for pid in [world.officer_a.person, *mixed[3]]]
    expected = algo.DrawInput.from_strata(
        "pin",
        strata,
        quotas={"*": ("proportion", "0.5")},
        inspectors=sorted(inspectors),
        conflicts=[],
        per_target=2,
        cap=None,
        region_restricted=False,
    )
    assert services.build_draw_input(p, "pin").digest() == expected.digest()
    # Items naming every category leave the same entities, so the same inputs.
    p.items.set([_item(world.county_a, c) for c in ("public_place", "medical", "drinking_water")])
    assert services.build_draw_input(p, "pin").digest() == expected.digest()


def test_item_filtered_draw_verifies_with_the_command(world, mixed, capsys):
    p = plan(world.county_a, strata_by=["category"], quota_value="0.5")
    p.items.set([_item(world.county_a, "medical")])
    draw(p, seed="cmd")
    call_command("draw_verify", str(p.pk))
    assert "复核一致" in capsys.readouterr().out
    assert _drawn_categories(p) == {"medical"}


def _plan_data(**extra):
    data = {
        "name": "2026年公共场所双随机抽查",
        "year": "2026",
        "source": "county",
        "quota_mode": "proportion",
        "quota_value": "0.05",
        "exclude_inspected_months": "0",
        "inspectors_per_target": "2",
        "planned_on": "2026-05-01",
        "check_ends_on": "2026-06-30",
    }
    data.update(extra)
    return data


def _page_data(**extra):
    """The plan page's data: the page takes the proportion as a percentage (the API a fraction)."""
    return _plan_data(**{"quota_value": "5%", **extra})


def test_form_refuses_items_and_categories_that_disagree(world):
    place = _item(world.county_a)
    form = PlanForm(
        data=_page_data(items=[place.pk], categories=["public_place", "medical"]),
        instance=SamplingPlan(agency=world.county_a),
    )
    assert not form.is_valid()
    assert "医疗卫生机构没有所选的抽查事项" in form.errors["categories"][0]
    form = PlanForm(
        data=_page_data(items=[place.pk], categories=["medical"]),
        instance=SamplingPlan(agency=world.county_a),
    )
    assert not form.is_valid()
    assert "不在本计划的对象类别中" in form.errors["items"][0]
    ok = PlanForm(
        data=_page_data(items=[place.pk], categories=["public_place"]),
        instance=SamplingPlan(agency=world.county_a),
    )
    assert ok.is_valid(), ok.errors


def test_api_sets_items_of_its_scope_only(world, api_for, legal_a):
    api = api_for(legal_a)
    own = _item(world.county_a)
    other = _item(world.county_b)
    body = {**_plan_data(), "items": [own.pk]}
    created = api.post("/api/supervision/plans/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["items"] == [own.pk]
    refused = api.post("/api/supervision/plans/", {**body, "items": [other.pk]}, format="json")
    assert refused.status_code == 400 and "items" in refused.json()
    mixed_up = api.post(
        "/api/supervision/plans/", {**body, "categories": ["medical"]}, format="json"
    )
    assert mixed_up.status_code == 400
    assert "不在本计划的对象类别中" in str(mixed_up.json()["items"])


# --- 分层比例 on the plan page ---------------------------------------------------------------


def test_plan_page_sets_quotas_per_credit_grade_by_their_chinese_names(
    world, mixed, client_for, legal_a
):
    c = client_for(legal_a)
    resp = c.post(
        "/supervision/plans/add/",
        _page_data(
            strata_by=["credit_grade"],
            stratum_quotas="C = 100%\nD级 = 100\nA级（守信）：5%\n",  # “%” may be left out
        ),
    )
    assert resp.status_code == 302, resp.content.decode()
    p = SamplingPlan.objects.get()
    assert p.stratum_quotas == {"C": "1", "D": "1", "A": "0.05"}
    page = c.get(f"/supervision/plans/{p.pk}/edit/").content.decode()
    assert "C级（失信） = 100%" in page and "A级（守信） = 5%" in page
    result = draw(p, seed="credit")
    assert result.stratum_sizes == {"A": (10, 1), "C": (2, 2)}  # 5% of 10 rounds up


def test_plan_page_quotas_by_category_and_region_name_and_count(world, mixed, client_for, legal_a):
    places = mixed[0]
    east = Region.objects.create(agency=world.county_a, name="东湖片区")
    SupervisedEntity.objects.filter(pk__in=[e.pk for e in places[:3]]).update(region=east)
    c = client_for(legal_a)
    resp = c.post(
        "/supervision/plans/add/",
        _page_data(
            strata_by=["category", "region"],
            quota_mode="count",
            quota_value="1",
            stratum_quotas="公共场所 / 东湖片区 = 3户\n医疗卫生机构 / 未划片区 = 2",
        ),
    )
    assert resp.status_code == 302, resp.content.decode()
    p = SamplingPlan.objects.get()
    assert p.stratum_quotas == {f"public_place|{east.pk}": "3", "medical|": "2"}
    page = c.get(f"/supervision/plans/{p.pk}/edit/").content.decode()
    assert "公共场所 / 东湖片区 = 3" in page and "医疗卫生机构 / 未划片区 = 2" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("X = 5%", "分层比例：第1行“X = 5%”：信用等级中没有“X”"),
        ("C 100%", "须写成“分层 = 比例”"),
        ("C = 150%", "分层比例：分层“C级（失信）”的比例“1.5（即150%）”无效，须大于0且不超过1"),
        ("C = abc", "分层“C级（失信）”的比例“abc”无效"),
        ("C = 0", "的比例“0（即0%）”无效"),
        ("C = 1\nC级 = 0.5", "分层比例：第2行“C级 = 0.5”：该分层已在前面写过"),
        ("公共场所 / C = 1", "本计划按“信用等级”分层，须依次写1项"),
    ],
)
def test_plan_page_shows_quota_errors_on_the_field_and_saves_nothing(
    world, client_for, text, message, legal_a
):
    c = client_for(legal_a)
    resp = c.post(
        "/supervision/plans/add/", _page_data(strata_by=["credit_grade"], stratum_quotas=text)
    )
    assert resp.status_code == 200
    page = resp.content.decode()
    errors = page.split('id="errors-stratum_quotas"')[1].split("</div></div>")[0]
    assert message in errors
    assert "分层比例：分层比例" not in page
    assert not SamplingPlan.objects.exists()


def test_plan_page_count_quota_must_be_a_whole_number(world, client_for, legal_a):
    c = client_for(legal_a)
    resp = c.post(
        "/supervision/plans/add/",
        _page_data(
            strata_by=["credit_grade"],
            quota_mode="count",
            quota_value="5",
            stratum_quotas="C = 2.5",
        ),
    )
    assert "分层比例：分层“C级（失信）”的户数“2.5”无效，须为正整数" in resp.content.decode()
    assert not SamplingPlan.objects.exists()


def test_quotas_without_strata_are_refused(world, client_for, legal_a):
    c = client_for(legal_a)
    resp = c.post("/supervision/plans/add/", _page_data(stratum_quotas="C = 1"))
    assert "本计划未选分层依据" in resp.content.decode()
    assert not SamplingPlan.objects.exists()


# --- 分层比例 through the API (the same model rule) ------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"stratum_quotas": {"public_place": "abc"}}, "分层“公共场所”的比例“abc”无效"),
        ({"stratum_quotas": {"public_place": 1.5}}, "须大于0且不超过1"),
        ({"stratum_quotas": {"public_place": True}}, "比例“True”无效"),
        ({"stratum_quotas": {"nightclub": "0.5"}}, "分层比例：“nightclub”不是本计划的分层"),
        ({"stratum_quotas": {"public_place|A": "0.5"}}, "不是本计划的分层"),
        ({"stratum_quotas": ["public_place"]}, "分层比例须为"),
        (
            {"quota_mode": "count", "quota_value": "5", "stratum_quotas": {"medical": "2.5"}},
            "分层户数：分层“医疗卫生机构”的户数“2.5”无效，须为正整数",
        ),
        ({"strata_by": [], "stratum_quotas": {"public_place": "1"}}, "本计划未选分层依据"),
    ],
)
def test_api_refuses_invalid_stratum_quotas_with_chinese_messages(
    world, api_for, extra, message, legal_a
):
    api = api_for(legal_a)
    body = {**_plan_data(), "strata_by": ["category"], **extra}
    resp = api.post("/api/supervision/plans/", body, format="json")
    assert resp.status_code == 400
    assert message in str(resp.json()["stratum_quotas"])
    assert not SamplingPlan.objects.exists()


def test_api_quotas_are_accepted_and_drawn(world, mixed, api_for, legal_a, witness_a):
    api = api_for(legal_a)
    body = {
        **_plan_data(),
        "strata_by": ["category"],
        "quota_value": "0.5",
        "stratum_quotas": {"public_place": 1, "medical": "0.25"},
    }
    resp = api.post("/api/supervision/plans/", body, format="json")
    assert resp.status_code == 201, resp.json()
    assert resp.json()["stratum_quotas"] == {"public_place": 1, "medical": "0.25"}
    drawn = api.post(
        f"/api/supervision/plans/{resp.json()['id']}/draw/",
        {"witness": witness_a.pk},
        format="json",
    )
    assert drawn.status_code == 200
    p = SamplingPlan.objects.get()
    sizes = services.algo.run(services.algo.DrawInput.from_bytes(_raw(p))).stratum_sizes
    assert sizes == {"public_place": (6, 6), "medical": (4, 1), "drinking_water": (2, 1)}


def _raw(p):
    import zlib

    return zlib.decompress(bytes(p.draw_inputs))


def test_invalid_quotas_saved_earlier_stop_the_draw_with_a_message_not_a_crash(
    world, mixed, api_for, legal_a
):
    p = plan(world.county_a, strata_by=["category"])
    SamplingPlan.objects.filter(pk=p.pk).update(stratum_quotas={"public_place": "abc"})
    resp = api_for(legal_a).post(
        f"/api/supervision/plans/{p.pk}/draw/",
        {"witness": witness(world.county_a).pk},
        format="json",
    )
    assert resp.status_code == 400
    assert "分层比例：分层“公共场所”的比例“abc”无效" in str(resp.json())
    assert not Task.objects.filter(plan=p).exists()


# --- A failed draw names strata in Chinese ---------------------------------------------------


def test_failed_draw_names_category_region_and_credit_grade_in_chinese(world):
    east = Region.objects.create(agency=world.county_a, name="东湖片区")
    target = entity(world.county_a, region=east, credit_grade="C", name="临江悦来宾馆")
    p = plan(
        world.county_a,
        strata_by=["category", "region", "credit_grade"],
        quota_value="1",
        inspectors_per_target=3,
    )
    inspector(world.county_a)  # with officer_a: two certified inspectors, three asked
    with pytest.raises(ValidationError) as exc:
        draw(p, seed="fail")
    message = exc.value.messages[0]
    assert message.startswith("分层“公共场所 / 东湖片区 / C级（失信）”：")
    assert f"监管对象“临江悦来宾馆”（{target.uscc}）无法抽取3名执法人员" in message
    assert "public_place" not in message and "ID " not in message
    assert not Task.objects.filter(plan=p).exists()


def test_failed_draw_page_message_names_the_stratum_in_chinese(world, client_for, legal_a):
    entity(world.county_a, category="medical", subcategory="clinic", name="东湖诊所")
    p = plan(world.county_a, strata_by=["subcategory"], quota_value="1", inspectors_per_target=3)
    c = client_for(legal_a)
    page = c.post(
        f"/supervision/plans/{p.pk}/draw/", {"witness": witness(world.county_a).pk}, follow=True
    ).content.decode()
    assert "分层“诊所”：监管对象“东湖诊所”" in page


# --- 联合抽查: the partner department ------------------------------------------------------


def test_partner_department_is_saved_from_page_and_api_and_shown_and_exported(
    world, client_for, api_for, legal_a
):
    entity(world.county_a, name="临江悦来宾馆")
    inspector(world.county_a)
    partner = "临江市市场监督管理局"
    c = client_for(legal_a)
    resp = c.post(
        "/supervision/plans/add/",
        _page_data(quota_mode="count", quota_value="1", partner_department=partner),
    )
    assert resp.status_code == 302, resp.content.decode()
    p = SamplingPlan.objects.get()
    assert p.partner_department == partner
    assert partner in c.get(p.get_absolute_url()).content.decode()

    api = api_for(legal_a)
    made = api.post(
        "/api/supervision/plans/",
        {**_plan_data(name="API联合抽查"), "partner_department": "临江市教育局"},
        format="json",
    )
    assert made.status_code == 201 and made.json()["partner_department"] == "临江市教育局"
    assert SamplingPlan.objects.get(pk=made.json()["id"]).partner_department == "临江市教育局"

    draw(p, seed="joint")
    task = p.tasks.get()
    Task.objects.filter(pk=task.pk).update(
        status="inspected", result="passed", inspected_on=datetime.date(2026, 5, 10)
    )
    services.publish_plan(p, on=datetime.date(2026, 6, 1), actor=world.officer_a)
    c.logout()
    assert f"联合{partner}" in c.get("/portal/random-checks/").content.decode()
    plans_csv = b"".join(c.get("/portal/random-plans/export.csv").streaming_content).decode(
        "utf-8-sig"
    )
    assert "联合抽查部门" in plans_csv.splitlines()[0] and partner in plans_csv
    results_csv = b"".join(c.get("/portal/random-checks/export.csv").streaming_content).decode(
        "utf-8-sig"
    )
    assert "联合抽查部门" in results_csv.splitlines()[0] and partner in results_csv


def test_plan_and_task_pages_name_strata_in_chinese(world, mixed, client_for):
    east = Region.objects.create(agency=world.county_a, name="东湖片区")
    SupervisedEntity.objects.filter(category="public_place").update(region=east)
    p = plan(world.county_a, strata_by=["category", "region"], quota_value="1")
    draw(p, seed="labels")
    assert Task.objects.filter(plan=p, stratum=f"public_place|{east.pk}").exists()
    SamplingPlan.objects.filter(pk=p.pk).update(stratum_quotas={f"public_place|{east.pk}": "1"})
    c = client_for(world.officer_a)
    c.get(p.get_absolute_url())  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in (p.get_absolute_url(), "/supervision/tasks/"):
        with CaptureQueriesContext(connection) as queries:
            page = c.get(url).content.decode()
        # The plan's 片区 names are read once per page, for every label and quota shown.
        assert sum('FROM "core_region"' in q["sql"] for q in queries) == 1, url
        assert "公共场所 / 东湖片区" in page and "医疗卫生机构 / 未划片区" in page, url
        assert f"public_place|{east.pk}" not in page and "medical|<" not in page, url


def test_plan_page_states_quotas_as_people_write_them(world, mixed, client_for):
    p = plan(
        world.county_a,
        strata_by=["credit_grade"],
        quota_value="0.05",
        stratum_quotas={"C": "1", "D": "0.5"},
    )
    page = client_for(world.officer_a).get(p.get_absolute_url()).content.decode()
    assert "按比例 5%，按信用等级分层；其中C级（失信） 100%、D级" in page and " 50%" in page
    assert "0.0500" not in page
    p.quota_mode, p.quota_value, p.stratum_quotas = "count", "10", {}
    p.save()
    page = client_for(world.officer_a).get(p.get_absolute_url()).content.decode()
    assert "按户数 10户" in page and "其中" not in page
