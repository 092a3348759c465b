import csv
import datetime
import io

from openpyxl import load_workbook

from registry.tests.factories import entity
from supervision import services
from supervision.models import InspectionItem
from supervision.tests.factories import draw, inspector, plan


def published(world):
    e = entity(world.county_a, name="公示测试宾馆")
    people = [inspector(world.county_a, name=n) for n in ("甲执法", "乙执法")]
    p = plan(world.county_a, quota_value="1", strata_by=[])
    p.items.set(
        [
            InspectionItem.objects.create(
                agency=world.county_a,
                name=name,
                category="public_place",
                basis="《公共场所卫生管理条例》",
                level="county",
            )
            for name in ("住宿场所卫生监督抽查", "公共场所卫生监督抽查")
        ]
    )
    draw(p, seed="pub")
    t = p.tasks.get(entity=e)
    type(t).objects.filter(pk=t.pk).update(
        result="passed", status="inspected", inspected_on=datetime.date(2026, 5, 10)
    )
    services.publish_plan(p, on=datetime.date(2026, 5, 20), actor=world.officer_a)
    return e, people, p


def test_public_page_needs_no_login_and_shows_inspectors_with_certificate(world, client):
    e, _, p = published(world)
    html = client.get("/portal/random-checks/").content.decode()
    assert e.name in html and e.uscc in html
    for person in p.tasks.get(entity=e).inspectors.all():
        assert f"{person.name}（{person.certificate_number}）" in html
    assert 'name="password"' not in html  # no login form; only the header's link to it


def test_plan_list_links_to_how_to_verify_the_draw_instead_of_printing_its_seed(world, client):
    """The algorithm and seed are not content: the public gets a 复核 page explaining them."""
    _, _, p = published(world)
    p.refresh_from_db()
    html = client.get("/portal/random-checks/").content.decode()
    assert p.seed not in html and p.algorithm_version not in html
    assert f'href="/portal/random-checks/plans/{p.pk}/verify/"' in html
    page = client.get(f"/portal/random-checks/plans/{p.pk}/verify/").content.decode()
    for value in (p.seed, p.algorithm_version, p.input_digest, p.result_digest):
        assert value in page
    assert "如何复核抽取结果" in page and "fazhi draw verify" in page and "抽取1户" in page


def test_unpublished_plan_has_no_verify_page(world, client):
    entity(world.county_a)
    inspector(world.county_a)
    inspector(world.county_a)
    p = plan(world.county_a, quota_value="1", strata_by=[])
    draw(p, seed="x")
    assert client.get(f"/portal/random-checks/plans/{p.pk}/verify/").status_code == 404


def test_search_narrows_the_plans_too(world, client):
    """A unit's name finds the plans holding it; a plan's name finds that plan."""
    _many_published(world, 2)  # county A's plan holds 分页宾馆00/01; county B's 西山公示宾馆
    html = client.get("/portal/random-checks/", {"q": "西山公示"}).content.decode()
    assert "抽查计划（共1个）" in html and world.county_b.name + "：" in html
    assert world.county_a.name + "：" not in html
    html = client.get("/portal/random-checks/", {"q": "公共场所双随机"}).content.decode()
    assert "抽查计划（共2个）" in html
    html = client.get("/portal/random-checks/", {"q": "没有这个名字"}).content.decode()
    assert "没有符合条件的抽查计划" in html
    raw = b"".join(
        client.get("/portal/random-plans/export.csv", {"q": "西山公示"}).streaming_content
    ).decode("utf-8-sig")
    assert raw.count("\n") == 2 and world.county_b.name in raw


def test_unpublished_plan_is_not_shown(world, client):
    e = entity(world.county_a, name="未公示宾馆")
    inspector(world.county_a)
    p = plan(world.county_a, quota_value="1", strata_by=[])
    draw(p, seed="x")
    assert "未公示宾馆" not in client.get("/portal/random-checks/").content.decode()
    assert e.pk


def test_csv_and_excel_exports(world, client):
    e, _, _ = published(world)
    raw = _csv(client, "/portal/random-checks/export.csv")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0][4:10] == [
        "检查对象名称",
        "统一社会信用代码",
        "检查类型",
        "抽查事项",
        "检查日期",
        "检查结果",
    ]
    row = next(r for r in rows if r[5] == e.uscc)
    assert row[7:10] == ["住宿场所卫生监督抽查、公共场所卫生监督抽查", "2026-05-10", "合格"]
    wb = load_workbook(io.BytesIO(client.get("/portal/random-checks/export.xlsx").content))
    assert wb.active.cell(1, 1).value == "检查实施机关"
    plans = _csv(client, "/portal/random-plans/export.csv")
    assert "fazhi-draw/3" in plans


def _csv(client, url, query=None) -> str:
    return b"".join(client.get(url, query or {}).streaming_content).decode("utf-8-sig")


def test_json_download_of_results_and_plans(world, client):
    import json

    e, _, p = published(world)
    body = b"".join(client.get("/portal/random-checks/export.json").streaming_content)
    (row,) = json.loads(body)["rows"]
    assert row["统一社会信用代码"] == e.uscc and row["检查日期"] == "2026-05-10"
    assert row["检查结果"] == "合格" and row["更正说明"] == ""
    body = b"".join(client.get("/portal/random-plans/export.json").streaming_content)
    (plan_row,) = json.loads(body)["rows"]
    assert plan_row["抽查计划"] == p.name and plan_row["抽取户数"] == 1


def _many_published(world, n):
    """One county-A plan with ``n`` published, inspected tasks and one county-B plan."""
    for i in range(n):
        entity(world.county_a, name=f"分页宾馆{i:02d}")
    inspector(world.county_a)
    inspector(world.county_a)
    p = plan(world.county_a, quota_value="1", strata_by=[])
    draw(p, seed="many")
    p.tasks.update(result="passed", status="inspected", inspected_on=datetime.date(2026, 5, 10))
    services.publish_plan(p, on=datetime.date(2026, 5, 20), actor=world.officer_a)
    entity(world.county_b, name="西山公示宾馆")
    inspector(world.county_b)
    inspector(world.county_b)
    q = plan(
        world.county_b,
        quota_value="1",
        strata_by=[],
        year=2025,
        planned_on=datetime.date(2025, 5, 1),
        check_ends_on=datetime.date(2025, 6, 30),
    )
    draw(q, seed="b")
    q.tasks.update(result="passed", status="inspected", inspected_on=datetime.date(2025, 5, 10))
    services.publish_plan(q, on=datetime.date(2025, 5, 20), actor=world.officer_b)
    return p


def test_every_published_result_is_reachable_by_paging(world, client, monkeypatch):
    from portal import views

    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    _many_published(world, 9)  # 9 + 1 = 10 results → 3 pages of 4
    seen = set()
    for page in (1, 2, 3):
        html = client.get("/portal/random-checks/", {"page": page}).content.decode()
        seen |= {f"分页宾馆{i:02d}" for i in range(9) if f"分页宾馆{i:02d}" in html}
        assert f"第{page}页 / 共3页" in html
        assert 'href="?page=3"' in html or page == 3
    assert len(seen) == 9
    assert "共10条" in html


def test_filters_by_agency_year_and_name(world, client):
    _many_published(world, 2)
    html = client.get("/portal/random-checks/", {"agency": world.county_b.code}).content.decode()
    assert "西山公示宾馆" in html and "分页宾馆00" not in html
    html = client.get("/portal/random-checks/", {"year": "2026"}).content.decode()
    assert "西山公示宾馆" not in html and "分页宾馆01" in html
    html = client.get("/portal/random-checks/", {"q": "分页宾馆01"}).content.decode()
    assert "分页宾馆01" in html and "分页宾馆00" not in html
    raw = _csv(client, "/portal/random-checks/export.csv", {"year": "2025"})
    assert "西山公示宾馆" in raw and "分页宾馆" not in raw


def test_completed_rectification_is_shown_as_rectified(world, client):
    from supervision.models import RectificationOrder
    from supervision.tests.factories import inspection

    e, people, p = published(world)
    t = p.tasks.get(entity=e)
    insp = inspection(world.county_a, e, people, task=t, result="rectify")
    order = RectificationOrder.objects.create(
        inspection=insp,
        number="ZG-P",
        issued_on=insp.inspected_on,
        due_on=insp.inspected_on,
        requirements="x",
    )
    type(t).objects.filter(pk=t.pk).update(result="rectify")
    assert "责令整改（整改中）" in client.get("/portal/random-checks/").content.decode()
    follow = inspection(world.county_a, e, people, kind="follow_up")
    services.record_follow_up(order, follow, rectified=True, actor=world.officer_a)
    assert "责令整改（已整改）" in client.get("/portal/random-checks/").content.decode()


PUBLIC_PAGES = [
    "/portal/",
    "/portal/annual-reports/",
    "/portal/random-checks/",
    "/portal/inspections/",
]


def test_every_public_page_has_the_header_linking_the_others(world, client):
    """Someone arriving on any public page can reach the others, and staff can log in."""
    from reports import services as report_services
    from reports.models import AnnualReport

    report = report_services.create_report(world.county_a, 2025)
    AnnualReport.objects.filter(pk=report.pk).update(
        status="published", published_on=datetime.date(2026, 3, 20)
    )
    for url in [*PUBLIC_PAGES, f"/portal/annual-reports/{report.pk}/"]:
        resp = client.get(url)
        assert resp.status_code == 200, url
        html = resp.content.decode()
        for link in (
            "/portal/annual-reports/",
            "/portal/random-checks/",
            "/portal/inspections/",
            "/accounts/login/",
        ):
            assert f'href="{link}"' in html, (url, link)
        assert "portal/portal.css" in html, url  # the header's style (no inline styles: CSP)


def test_portal_home_says_what_is_published(world, client):
    published(world)
    html = client.get("/portal/").content.decode()
    assert "已公开 0 份" in html and "已公示抽查计划 1 个" in html


def test_login_page_links_the_public_pages_and_names_empty_fields(client):
    html = client.get("/accounts/login/").content.decode()
    for link in ("/portal/annual-reports/", "/portal/random-checks/", "/portal/inspections/"):
        assert f'href="{link}"' in html
    html = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert "请输入用户名。" in html and "请输入密码。" in html


def test_exports_are_named_in_chinese_with_the_day(world, client):
    from urllib.parse import unquote

    from django.utils import timezone

    published(world)
    day = timezone.localdate().strftime("%Y%m%d")
    for url, name in (
        ("/portal/random-checks/export.csv", f"双随机抽查结果-{day}.csv"),
        ("/portal/random-plans/export.xlsx", f"双随机抽查计划-{day}.xlsx"),
        ("/portal/inspections/export.xlsx", f"监督检查结果-{day}.xlsx"),
        ("/portal/inspections/export.json", f"监督检查结果-{day}.json"),
    ):
        header = client.get(url)["Content-Disposition"]
        assert header.startswith("attachment;") and unquote(header).endswith(f"''{name}"), header
