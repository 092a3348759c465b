import csv
import datetime
import io

from openpyxl import load_workbook

from registry.tests.factories import entity
from supervision import services
from supervision.tests.factories import inspector, plan


def published(world):
    e = entity(world.county_a, name="公示测试宾馆")
    people = [inspector(world.county_a, name=n) for n in ("甲执法", "乙执法")]
    p = plan(world.county_a, quota_value="1", strata_by=[])
    services.run_draw(p, actor=world.officer_a, seed="pub")
    t = p.tasks.get(entity=e)
    type(t).objects.filter(pk=t.pk).update(
        result="passed", status="inspected", inspected_on=datetime.date(2026, 5, 10)
    )
    services.publish_plan(p, on=datetime.date(2026, 5, 20), actor=world.officer_a)
    return e, people, p


def test_public_page_needs_no_login_and_shows_inspectors_with_certificate(world, client):
    e, _, p = published(world)
    html = client.get("/portal/random-checks/").content.decode()
    assert e.name in html and e.uscc in html and p.seed in html
    for person in p.tasks.get(entity=e).inspectors.all():
        assert f"{person.name}（{person.certificate_number}）" in html
    assert "login" not in html.lower()


def test_unpublished_plan_is_not_shown(world, client):
    e = entity(world.county_a, name="未公示宾馆")
    inspector(world.county_a)
    p = plan(world.county_a, quota_value="1", strata_by=[])
    services.run_draw(p, actor=world.officer_a, seed="x")
    assert "未公示宾馆" not in client.get("/portal/random-checks/").content.decode()
    assert e.pk


def test_csv_and_excel_exports(world, client):
    e, _, _ = published(world)
    raw = client.get("/portal/random-checks/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0][4:6] == ["检查对象名称", "统一社会信用代码"]
    assert next(r for r in rows if r[5] == e.uscc)[8] == "合格"
    wb = load_workbook(io.BytesIO(client.get("/portal/random-checks/export.xlsx").content))
    assert wb.active.cell(1, 1).value == "检查实施机关"
    plans = client.get("/portal/random-plans/export.csv").content.decode("utf-8-sig")
    assert "fazhi-draw/1" in plans
