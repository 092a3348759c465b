"""The supervision forms as a user meets them: what the page shows, what posting it back does."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from registry.tests.factories import entity
from supervision.models import Conflict, Inspection, SamplingPlan
from supervision.tests.factories import draw, inspection, inspector

DAY = datetime.date(2026, 5, 10)


def form_values(html: str) -> dict[str, list[str]]:
    """What a browser would post for the page's main form, left as the page shows it."""
    form = BeautifulSoup(html, "lxml").select_one("form.fz-form")
    assert form is not None, "no form.fz-form on the page"
    data: dict[str, list[str]] = {}
    for el in form.select("input[name], select[name], textarea[name]"):
        name = el["name"]
        if el.name == "textarea":
            values = [el.text.removeprefix("\n")]
        elif el.name == "select":
            chosen = el.select("option[selected]")
            values = [o.get("value", o.text) for o in chosen]
        elif el.get("type") in ("checkbox", "radio"):
            values = [el.get("value", "on")] if el.has_attr("checked") else []
        else:
            values = [el.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data


def field_value(html: str, name: str) -> str:
    el = BeautifulSoup(html, "lxml").select_one(f"[name={name}]")
    assert el is not None, name
    return el.get("value", "")


# --- 1. The unit is shown and taken by its 统一社会信用代码 -----------------------------------


def test_inspection_edit_form_shows_the_unit_code_and_saves_unchanged(world, client_for):
    unit = entity(world.county_a)
    people = [inspector(world.county_a), inspector(world.county_a)]
    insp = inspection(world.county_a, unit, people, kind="routine", result="passed")
    c = client_for(world.officer_a)
    html = c.get(f"/supervision/inspections/{insp.pk}/edit/").content.decode()
    assert field_value(html, "entity") == unit.uscc

    resp = c.post(f"/supervision/inspections/{insp.pk}/edit/", form_values(html))
    assert resp.status_code == 302, resp.context["form"].errors
    assert Inspection.objects.get(pk=insp.pk).entity == unit


def test_conflict_edit_form_shows_the_unit_code_and_saves_unchanged(world, client_for):
    unit = entity(world.county_a)
    conflict = Conflict.objects.create(
        agency=world.county_a, person=inspector(world.county_a), entity=unit, reason="亲属"
    )
    c = client_for(world.officer_a)
    html = c.get(f"/supervision/conflicts/{conflict.pk}/edit/").content.decode()
    assert field_value(html, "entity") == unit.uscc

    resp = c.post(f"/supervision/conflicts/{conflict.pk}/edit/", form_values(html))
    assert resp.status_code == 302, resp.context["form"].errors


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91330102MA2", "统一社会信用代码应为18位（当前11位）"),
        ("91330102MA27XXXXXX", "校验码错误：第18位应为"),
        ("91330102MA2IOZSVX1", "不允许的字符"),
    ],
)
def test_a_malformed_unit_code_says_what_is_wrong(world, client_for, code, message):
    c = client_for(world.officer_a)
    resp = c.post(
        "/supervision/inspections/add/",
        {"entity": code, "kind": "routine", "inspected_on": DAY.isoformat(), "result": "passed"},
    )
    html = resp.content.decode()
    assert resp.status_code == 200
    assert message in html
    assert "未找到该统一社会信用代码" not in html


def test_a_wellformed_unknown_code_is_not_found(world, client_for):
    c = client_for(world.officer_a)
    resp = c.post("/supervision/inspections/add/", {"entity": "91330102MA99999997"})
    assert "未找到该统一社会信用代码" in resp.content.decode()


# --- 3. 下达责令整改 keeps what was typed ------------------------------------------------------


def _inspected(world):
    people = [inspector(world.county_a), inspector(world.county_a)]
    return inspection(world.county_a, entity(world.county_a), people, kind="routine", day=DAY)


def test_a_refused_rectification_order_keeps_the_input_beside_its_errors(world, client_for):
    insp = _inspected(world)
    c = client_for(world.officer_a)
    resp = c.post(
        f"/supervision/inspections/{insp.pk}/rectification/",
        {"number": "", "issued_on": "2026-05-10", "due_on": "2026-05-01", "requirements": "布草"},
    )
    assert resp.status_code == 200
    page = BeautifulSoup(resp.content.decode(), "lxml")
    assert page.select_one("#rectification-panel").has_attr("open")
    errors = page.select_one("#errors-due_on").get_text()
    assert "整改期限不能早于检查日期（2026-05-10）" in errors
    assert page.select_one("#id_due_on")["value"] == "2026-05-01"
    assert page.select_one("#id_requirements").get_text().strip() == "布草"
    assert not page.select(".alert-danger")  # no banner: the error is beside its field
    assert not insp.rectifications.exists()


def test_rectification_number_is_optional_and_numbered_automatically(world, client_for):
    insp = _inspected(world)
    c = client_for(world.officer_a)
    page = BeautifulSoup(c.get(insp.get_absolute_url()).content.decode(), "lxml")
    label = page.select_one("label[for=id_number]").get_text()
    assert "文书编号" in label and "*" not in label
    assert "留空则自动编号" in page.select_one("#field-number").get_text()
    resp = c.post(
        f"/supervision/inspections/{insp.pk}/rectification/",
        {"number": "", "issued_on": "2026-05-10", "due_on": "2026-05-25", "requirements": "布草"},
    )
    assert resp.status_code == 302
    assert insp.rectifications.get().number  # numbered by services.issue_rectification


# --- 4. 比例或户数 is typed as a percentage ---------------------------------------------------


def _plan_page_data(**extra):
    data = {
        "name": "2026年公共场所双随机抽查",
        "year": "2026",
        "source": "county",
        "quota_mode": "proportion",
        "exclude_inspected_months": "0",
        "inspectors_per_target": "2",
        "planned_on": "2026-05-01",
        "check_ends_on": "2026-06-30",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("5", "0.05", "5%"),
        ("5%", "0.05", "5%"),
        ("0.5%", "0.005", "0.5%"),
        ("１００％", "1", "100%"),
    ],
)
def test_plan_proportion_is_typed_as_a_percentage(world, client_for, typed, stored, shown, legal_a):
    c = client_for(legal_a)
    resp = c.post("/supervision/plans/add/", _plan_page_data(quota_value=typed))
    assert resp.status_code == 302, resp.context["form"].errors
    plan = SamplingPlan.objects.get()
    assert plan.quota_value == Decimal(stored)
    assert f"按比例 {shown}" in c.get(plan.get_absolute_url()).content.decode()
    html = c.get(f"/supervision/plans/{plan.pk}/edit/").content.decode()
    assert field_value(html, "quota_value") == shown
    # The edit form posted back unchanged keeps the proportion.
    assert c.post(f"/supervision/plans/{plan.pk}/edit/", form_values(html)).status_code == 302
    plan.refresh_from_db()
    assert plan.quota_value == Decimal(stored)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("150", "比例须大于0且不超过100%"),
        ("0", "比例须大于0且不超过100%"),
        ("五", "请填写百分数"),
        ("0.001%", "最多精确到0.01%"),
    ],
)
def test_plan_proportion_out_of_range_is_refused(world, client_for, typed, message, legal_a):
    c = client_for(legal_a)
    resp = c.post("/supervision/plans/add/", _plan_page_data(quota_value=typed))
    assert resp.status_code == 200
    errors = BeautifulSoup(resp.content.decode(), "lxml").select_one("#errors-quota_value")
    assert message in errors.get_text()
    assert not SamplingPlan.objects.exists()


def test_plan_count_is_typed_as_a_number_of_units(world, client_for, legal_a):
    c = client_for(legal_a)
    data = _plan_page_data(quota_mode="count", quota_value="10户")
    resp = c.post("/supervision/plans/add/", data)
    assert resp.status_code == 302, resp.context["form"].errors
    plan = SamplingPlan.objects.get()
    assert plan.quota_value == 10
    html = c.get(f"/supervision/plans/{plan.pk}/edit/").content.decode()
    assert field_value(html, "quota_value") == "10"
    label = BeautifulSoup(html, "lxml").select_one("label[for=id_quota_value]").get_text()
    assert "%" in label


# --- 5. Inspectors without a valid 执法证 on the inspection date: not offered, else marked ------


def _choice_labels(html: str) -> dict[str, str]:
    page = BeautifulSoup(html, "lxml")
    return {
        page.select_one(f"label[for={box['id']}]").get_text(): box["value"]
        for box in page.select("input[name=inspectors]")
    }


def test_inspection_form_offers_only_inspectors_certified_on_the_day(world, client_for):
    today = timezone.localdate()
    valid = inspector(world.county_a, name="钱卫东")
    expired = inspector(
        world.county_a, name="孙晓燕", certificate_valid_until=today - datetime.timedelta(days=1)
    )
    c = client_for(world.officer_a)
    unit = entity(world.county_a)
    labels = _choice_labels(
        c.get(f"/supervision/inspections/add/?entity={unit.pk}").content.decode()
    )
    assert labels["钱卫东"] == str(valid.pk)
    assert not [label for label in labels if "孙晓燕" in label]  # expired: not offered

    # Marked against the inspection's own date: valid then, not marked on its edit page.
    insp = inspection(
        world.county_a, entity(world.county_a), [valid, expired], day=today - datetime.timedelta(30)
    )
    labels = _choice_labels(c.get(f"/supervision/inspections/{insp.pk}/edit/").content.decode())
    assert "孙晓燕" in labels

    # A refused save (the rule in rules.inspector_problems) shows the marked choice again.
    resp = c.post(
        "/supervision/inspections/add/",
        {
            "entity": insp.entity.uscc,
            "kind": "routine",
            "inspected_on": today.isoformat(),
            "inspectors": [valid.pk, expired.pk],
            "result": "passed",
        },
    )
    html = resp.content.decode()
    assert "孙晓燕在检查日期无有效执法证" in html
    assert "孙晓燕（执法证已过期）" in _choice_labels(html)


def test_the_inspection_form_offers_open_tasks_in_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    """The 抽查任务 choices print plan · unit: joined, not read once per task; and a county's
    concluded tasks (tens of thousands in a few years) are not offered."""
    from registry.tests.factories import entity
    from supervision.models import Task
    from supervision.tests.factories import inspector, plan

    for _ in range(12):
        entity(world.county_a)
    inspector(world.county_a), inspector(world.county_a)
    p = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="12")
    draw(p, seed="choices")
    closed = Task.objects.filter(plan=p).order_by("pk")[:4]
    Task.objects.filter(pk__in=[t.pk for t in closed]).update(status="closed")
    c = client_for(world.officer_a)
    url = f"/supervision/inspections/add/?entity={entity(world.county_a).pk}"
    c.get(url)
    with django_assert_max_num_queries(22):
        html = c.get(url).content.decode()
    choices = html.split('name="task"')[1].split("</select>")[0]
    assert choices.count("<option value=") == 1 + 8  # （请选择） and the 8 open tasks
    assert f'value="{closed[0].pk}"' not in choices
