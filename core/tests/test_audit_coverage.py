"""Every write endpoint of the API leaves an event in the audit chain.

The write operations (POST, PUT, PATCH, DELETE, custom actions included) are read from the
OpenAPI schema; ``STEPS`` makes one permitted, valid call of each, in an order where each finds
the records it needs, and the test asserts that each call added to the chain. Rewriting an
inspection's findings through the API, issuing a token and changing shared data once wrote
nothing; a new endpoint that writes without an audit event fails here, and one that has no step
yet fails the coverage check, so it cannot be added without being looked at.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from core.models import AuditAction, AuditEvent, Person, Role, User
from registry.tests.factories import entity, entity_row, make_uscc, workbook
from supervision.models import ChecklistPoint, Inspection, RectificationOrder, Task
from supervision.tests.factories import inspector, plan

pytestmark = pytest.mark.django_db

WRITES = ("post", "put", "patch", "delete")
YEAR = 2024


def write_operations() -> set[tuple[str, str]]:
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return {(m.upper(), path) for path, ops in paths.items() for m in ops if m in WRITES}


@dataclass
class Step:
    """One call: ``op`` as in the schema, the persona, and how to build the URL and body."""

    op: tuple[str, str]
    actor: str
    call: Any  # (ctx) -> (url, body, format)
    note: str = ""


def ctx_world(world):
    """The records the steps start from, all in county A."""
    c = type("Ctx", (), {})()
    c.world = world
    drawer = Person.objects.create(agency=world.county_a, name="法规科抽取员")
    c.witness = Person.objects.create(agency=world.county_a, name="纪检见证员")
    legal = User(username="legal_a", agency=world.county_a, role=Role.LEGAL_OFFICE, person=drawer)
    legal.set_unusable_password()
    legal.save()
    c.legal_a = legal
    c.entities = [entity(world.county_a) for _ in range(4)]
    c.people = [inspector(world.county_a) for _ in range(4)]
    c.point = ChecklistPoint.objects.create(
        category="public_place", text="卫生许可证悬挂", basis="公共场所卫生管理条例"
    )
    c.plan = plan(world.county_a, strata_by=[], quota_mode="count", quota_value="2")
    boss = Person.objects.create(agency=world.county_a, name="局长")
    c.leader_a = User(username="leader_a", agency=world.county_a, role=Role.LEADER, person=boss)
    c.leader_a.set_unusable_password()
    c.leader_a.save()
    c.ids = {}
    return c


def _put(api, url, change):
    body = api.get(url).json()
    body.update(change)
    return url, body, "json"


def _task(c, n: int = 0) -> Task:
    return Task.objects.filter(plan=c.plan).order_by("seq")[n]


def _inspection_body(c, **over):
    body = {
        "entity": c.entities[0].pk,
        "kind": "routine",
        "inspected_on": "2026-05-10",
        "inspectors": [c.people[0].pk, c.people[1].pk],
        "findings": "现场检查未见异常",
        "result": "passed",
    }
    body.update(over)
    return body


def _xlsx():
    buf = workbook([entity_row(9001, 统一社会信用代码=make_uscc(9001))])
    buf.name = "名录.xlsx"
    return buf


STEPS: list[Step] = [
    # --- token ---------------------------------------------------------------------------------
    Step(("POST", "/api/token/"), "anonymous", lambda c: ("/api/token/", None, None), "token"),
    # --- core ----------------------------------------------------------------------------------
    Step(
        ("POST", "/api/core/departments/"),
        "admin_a",
        lambda c: ("/api/core/departments/", {"name": "综合监督科", "kind": "supervision"}, "json"),
    ),
    Step(
        ("PUT", "/api/core/departments/{id}/"),
        "admin_a",
        lambda c: _put(
            c.api, f"/api/core/departments/{c.ids['departments']}/", {"name": "监督一科"}
        ),
    ),
    Step(
        ("PATCH", "/api/core/departments/{id}/"),
        "admin_a",
        lambda c: (f"/api/core/departments/{c.ids['departments']}/", {"name": "监督二科"}, "json"),
    ),
    Step(
        ("POST", "/api/core/regions/"),
        "admin_a",
        lambda c: ("/api/core/regions/", {"name": "东片区"}, "json"),
    ),
    Step(
        ("PUT", "/api/core/regions/{id}/"),
        "admin_a",
        lambda c: _put(c.api, f"/api/core/regions/{c.ids['regions']}/", {"name": "西片区"}),
    ),
    Step(
        ("PATCH", "/api/core/regions/{id}/"),
        "admin_a",
        lambda c: (f"/api/core/regions/{c.ids['regions']}/", {"name": "北片区"}, "json"),
    ),
    Step(
        ("POST", "/api/core/people/"),
        "admin_a",
        lambda c: ("/api/core/people/", {"name": "钱多多"}, "json"),
    ),
    Step(
        ("PUT", "/api/core/people/{id}/"),
        "admin_a",
        lambda c: _put(c.api, f"/api/core/people/{c.ids['people']}/", {"name": "钱多"}),
    ),
    Step(
        ("PATCH", "/api/core/people/{id}/"),
        "admin_a",
        lambda c: (f"/api/core/people/{c.ids['people']}/", {"name": "钱小多"}, "json"),
    ),
    # --- registry ------------------------------------------------------------------------------
    Step(
        ("POST", "/api/registry/entities/"),
        "admin_a",
        lambda c: (
            "/api/registry/entities/",
            {
                "name": "东湖宾馆",
                "uscc": make_uscc(8801),
                "address": "东湖路1号",
                "category": "public_place",
                "subcategory": "lodging",
            },
            "json",
        ),
    ),
    Step(
        ("PUT", "/api/registry/entities/{id}/"),
        "admin_a",
        lambda c: _put(c.api, f"/api/registry/entities/{c.ids['entities']}/", {"name": "东湖饭店"}),
    ),
    Step(
        ("PATCH", "/api/registry/entities/{id}/"),
        "admin_a",
        lambda c: (f"/api/registry/entities/{c.ids['entities']}/", {"name": "东湖酒店"}, "json"),
    ),
    Step(
        ("POST", "/api/registry/entities/import/"),
        "admin_a",
        lambda c: ("/api/registry/entities/import/", {"file": _xlsx()}, "multipart"),
    ),
    Step(
        ("POST", "/api/registry/licences/"),
        "admin_a",
        lambda c: (
            "/api/registry/licences/",
            {
                "entity": c.ids["entities"],
                "kind": "public_place",
                "number": "临卫公字〔2025〕第001号",
                "valid_from": "2025-01-01",
            },
            "json",
        ),
    ),
    Step(
        ("PUT", "/api/registry/licences/{id}/"),
        "admin_a",
        lambda c: _put(
            c.api, f"/api/registry/licences/{c.ids['licences']}/", {"valid_until": "2029-12-31"}
        ),
    ),
    Step(
        ("PATCH", "/api/registry/licences/{id}/"),
        "admin_a",
        lambda c: (
            f"/api/registry/licences/{c.ids['licences']}/",
            {"valid_until": "2030-12-31"},
            "json",
        ),
    ),
    Step(
        ("POST", "/api/registry/licences/{id}/withdraw/"),
        "admin_a",
        lambda c: (
            f"/api/registry/licences/{c.ids['licences']}/withdraw/",
            {"reason": "录入错误"},
            "json",
        ),
    ),
    # --- attachments ---------------------------------------------------------------------------
    Step(
        ("POST", "/api/core/attachments/"),
        "admin_a",
        lambda c: (
            "/api/core/attachments/",
            {
                "target": f"registry.supervisedentity:{c.ids['entities']}",
                "file": _file("现场照片.jpg", b"\xff\xd8\xff\xe0photo"),
            },
            "multipart",
        ),
    ),
    Step(
        ("POST", "/api/core/attachments/{id}/withdraw/"),
        "admin_a",
        lambda c: (
            f"/api/core/attachments/{c.ids['attachments']}/withdraw/",
            {"reason": "拍错了对象"},
            "json",
        ),
    ),
    # --- 文书模板 ---------------------------------------------------------------------------------
    Step(
        ("POST", "/api/core/document-templates/"),
        "admin_a",
        lambda c: (
            "/api/core/document-templates/",
            {"document": "supervision.record", "file": _file("笔录模板.docx", _template())},
            "multipart",
        ),
    ),
    Step(
        ("POST", "/api/core/document-templates/{id}/retire/"),
        "admin_a",
        lambda c: (
            f"/api/core/document-templates/{c.ids['document-templates']}/retire/",
            {},
            "json",
        ),
    ),
    # --- supervision: reference lists ------------------------------------------------------------
    Step(
        ("POST", "/api/supervision/checklist/"),
        "city_admin",
        lambda c: (
            "/api/supervision/checklist/",
            {"category": "school", "text": "教室采光", "basis": "GB 7793", "order": 1},
            "json",
        ),
        "shared data: the top-level 系统管理员",
    ),
    Step(
        ("PUT", "/api/supervision/checklist/{id}/"),
        "city_admin",
        lambda c: _put(
            c.api, f"/api/supervision/checklist/{c.ids['checklist']}/", {"text": "教室照明"}
        ),
    ),
    Step(
        ("PATCH", "/api/supervision/checklist/{id}/"),
        "city_admin",
        lambda c: (
            f"/api/supervision/checklist/{c.ids['checklist']}/",
            {"text": "教室采光照明"},
            "json",
        ),
    ),
    Step(
        ("POST", "/api/supervision/items/"),
        "admin_a",
        lambda c: (
            "/api/supervision/items/",
            {
                "name": "公共场所卫生检查",
                "category": "public_place",
                "basis": "公共场所卫生管理条例",
                "level": "county",
            },
            "json",
        ),
    ),
    Step(
        ("PUT", "/api/supervision/items/{id}/"),
        "admin_a",
        lambda c: _put(c.api, f"/api/supervision/items/{c.ids['items']}/", {"method": "书面检查"}),
    ),
    Step(
        ("PATCH", "/api/supervision/items/{id}/"),
        "admin_a",
        lambda c: (
            f"/api/supervision/items/{c.ids['items']}/",
            {"method": "现场检查"},
            "json",
        ),
    ),
    Step(
        ("POST", "/api/supervision/campaigns/"),
        "admin_a",
        lambda c: (
            "/api/supervision/campaigns/",
            {"name": "游泳场所专项", "starts_on": "2026-06-01", "ends_on": "2026-08-31"},
            "json",
        ),
    ),
    Step(
        ("PUT", "/api/supervision/campaigns/{id}/"),
        "admin_a",
        lambda c: _put(
            c.api, f"/api/supervision/campaigns/{c.ids['campaigns']}/", {"name": "泳池专项"}
        ),
    ),
    Step(
        ("PATCH", "/api/supervision/campaigns/{id}/"),
        "admin_a",
        lambda c: (
            f"/api/supervision/campaigns/{c.ids['campaigns']}/",
            {"name": "游泳池专项"},
            "json",
        ),
    ),
    Step(
        ("POST", "/api/supervision/conflicts/"),
        "admin_a",
        lambda c: (
            "/api/supervision/conflicts/",
            {"person": c.people[3].pk, "entity": c.entities[3].pk, "reason": "亲属经营"},
            "json",
        ),
    ),
    Step(
        ("PUT", "/api/supervision/conflicts/{id}/"),
        "admin_a",
        lambda c: _put(
            c.api, f"/api/supervision/conflicts/{c.ids['conflicts']}/", {"reason": "曾任职"}
        ),
    ),
    Step(
        ("PATCH", "/api/supervision/conflicts/{id}/"),
        "admin_a",
        lambda c: (
            f"/api/supervision/conflicts/{c.ids['conflicts']}/",
            {"reason": "近亲属经营"},
            "json",
        ),
    ),
    # --- supervision: the 双随机 flow ------------------------------------------------------------
    Step(
        ("POST", "/api/supervision/plans/"),
        "legal_a",
        lambda c: (
            "/api/supervision/plans/",
            {
                "name": "2026年公共场所抽查",
                "year": 2026,
                "source": "county",
                "strata_by": [],
                "quota_mode": "count",
                "quota_value": "1",
                "planned_on": "2026-05-01",
                "check_ends_on": "2026-06-30",
                "inspectors_per_target": 2,
            },
            "json",
        ),
    ),
    Step(
        ("PUT", "/api/supervision/plans/{id}/"),
        "legal_a",
        lambda c: _put(c.api, f"/api/supervision/plans/{c.ids['plans']}/", {"name": "抽查一"}),
    ),
    Step(
        ("PATCH", "/api/supervision/plans/{id}/"),
        "legal_a",
        lambda c: (f"/api/supervision/plans/{c.ids['plans']}/", {"name": "抽查二"}, "json"),
    ),
    Step(
        ("POST", "/api/supervision/plans/{id}/draw/"),
        "legal_a",
        lambda c: (f"/api/supervision/plans/{c.plan.pk}/draw/", {"witness": c.witness.pk}, "json"),
    ),
    Step(
        ("POST", "/api/supervision/tasks/{id}/amend/"),
        "legal_a",
        lambda c: (
            f"/api/supervision/tasks/{_task(c, 1).pk}/amend/",
            {
                "kind": "replace_inspector",
                "reason": "执法人员申请回避",
                "person": _task(c, 1).inspectors.first().pk,
            },
            "json",
        ),
    ),
    Step(
        ("POST", "/api/supervision/plans/{id}/publish/"),
        "legal_a",
        lambda c: (
            f"/api/supervision/plans/{c.plan.pk}/publish/",
            {"published_on": "2026-12-01"},
            "json",
        ),
    ),
    Step(
        ("POST", "/api/supervision/tasks/"),
        "admin_a",
        lambda c: ("/api/supervision/tasks/", {}, "json"),
        "refused: tasks come from a draw",
    ),
    Step(
        ("POST", "/api/supervision/inspections/"),
        "officer_a",
        lambda c: (
            "/api/supervision/inspections/",
            _inspection_body(
                c, entity=_task(c).entity_id, kind="random", task=_task(c).pk, result="rectify"
            ),
            "json",
        ),
    ),
    Step(
        ("PUT", "/api/supervision/inspections/{id}/"),
        "officer_a",
        lambda c: _put(
            c.api,
            f"/api/supervision/inspections/{c.ids['inspections']}/",
            {"findings": "发现卫生许可证未公示"},
        ),
    ),
    Step(
        ("PATCH", "/api/supervision/inspections/{id}/"),
        "officer_a",
        lambda c: (
            f"/api/supervision/inspections/{c.ids['inspections']}/",
            {"findings": "卫生许可证未在显著位置公示"},
            "json",
        ),
    ),
    Step(
        ("PUT", "/api/supervision/inspections/{id}/findings/"),
        "officer_a",
        lambda c: (
            f"/api/supervision/inspections/{c.ids['inspections']}/findings/",
            [{"point": c.point.pk, "compliant": False, "note": "未公示"}],
            "json",
        ),
        "once not audited",
    ),
    Step(
        ("POST", "/api/supervision/inspections/{id}/check-in/"),
        "officer_a",
        lambda c: (
            f"/api/supervision/inspections/{c.ids['inspections']}/check-in/",
            {
                "entity_code": Inspection.objects.get(pk=c.ids["inspections"]).entity.uscc,
                "person_code": c.people[0].certificate_number,
            },
            "json",
        ),
    ),
    Step(
        ("POST", "/api/supervision/rectifications/"),
        "officer_a",
        lambda c: (
            "/api/supervision/rectifications/",
            {
                "inspection": c.ids["inspections"],
                "issued_on": "2026-05-10",
                "due_on": "2026-06-10",
                "requirements": "公示卫生许可证",
            },
            "json",
        ),
    ),
    Step(
        ("PUT", "/api/supervision/rectifications/{id}/"),
        "officer_a",
        lambda c: _put(
            c.api,
            f"/api/supervision/rectifications/{c.ids['rectifications']}/",
            {"requirements": "在显著位置公示卫生许可证"},
        ),
    ),
    Step(
        ("PATCH", "/api/supervision/rectifications/{id}/"),
        "officer_a",
        lambda c: (
            f"/api/supervision/rectifications/{c.ids['rectifications']}/",
            {"requirements": "在前台公示卫生许可证"},
            "json",
        ),
    ),
    Step(
        ("POST", "/api/supervision/rectifications/{id}/follow-up/"),
        "officer_a",
        lambda c: (
            f"/api/supervision/rectifications/{c.ids['rectifications']}/follow-up/",
            {"follow_up": _follow_up(c).pk, "rectified": True},
            "json",
        ),
    ),
    Step(
        ("POST", "/api/supervision/tasks/{id}/transition/"),
        "officer_a",
        lambda c: (
            f"/api/supervision/tasks/{_task(c, 1).pk}/transition/",
            {"to": "unable", "reason": "closed", "evidence": "现场已停业，拍照存证"},
            "json",
        ),
    ),
    Step(
        ("POST", "/api/supervision/inspections/publish/"),
        "officer_a",
        lambda c: (
            "/api/supervision/inspections/publish/",
            {"inspected_to": "2026-06-30", "published_on": "2026-07-01"},
            "json",
        ),
    ),
    Step(
        ("POST", "/api/supervision/inspections/{id}/correct/"),
        "officer_a",
        lambda c: (
            f"/api/supervision/inspections/{_published_routine(c).pk}/correct/",
            {"result": "rectify", "reason": "检查结论录入错误"},
            "json",
        ),
    ),
    Step(
        ("POST", "/api/supervision/plans/{id}/correct/"),
        "legal_a",
        lambda c: (
            f"/api/supervision/plans/{c.plan.pk}/correct/",
            {"name": "2026年公共场所卫生双随机抽查", "reason": "计划名称录入错误"},
            "json",
        ),
    ),
    # --- reports -------------------------------------------------------------------------------
    Step(
        ("POST", "/api/reports/reports/"),
        "admin_a",
        lambda c: ("/api/reports/reports/", {"year": YEAR}, "json"),
    ),
    Step(
        ("POST", "/api/reports/reports/{id}/narrative/"),
        "admin_a",
        lambda c: (
            f"/api/reports/reports/{c.ids['reports']}/narrative/",
            {"key": "duty.text", "text": "主要负责人履行推进法治建设第一责任人职责。"},
            "json",
        ),
    ),
    Step(
        ("POST", "/api/reports/reports/{id}/regenerate/"),
        "admin_a",
        lambda c: (f"/api/reports/reports/{c.ids['reports']}/regenerate/", {}, "json"),
    ),
    Step(
        ("POST", "/api/reports/reports/{id}/transition/"),
        "admin_a",
        lambda c: (
            f"/api/reports/reports/{c.ids['reports']}/transition/",
            {"to": "legal_review"},
            "json",
        ),
        "a refused transition (required parts empty) changes nothing and is not an event",
    ),
    # --- enforcement: a case from 线索 to 立案 -------------------------------------------------
    Step(
        ("POST", "/api/enforcement/cases/"),
        "officer_a",
        lambda c: (
            "/api/enforcement/cases/",
            {
                "cause": "某宾馆未取得卫生许可证擅自营业案",
                "source": "inspection",
                "domain": "public_place",
                "clue_on": "2026-11-30",
                "party_kind": "org",
                "party_name": "临江某宾馆",
            },
            "json",
        ),
    ),
    Step(
        ("PUT", "/api/enforcement/cases/{id}/"),
        "officer_a",
        lambda c: _put(c.api, f"/api/enforcement/cases/{c.ids['cases']}/", {"place": "东湖路1号"}),
    ),
    Step(
        ("PATCH", "/api/enforcement/cases/{id}/"),
        "officer_a",
        lambda c: (f"/api/enforcement/cases/{c.ids['cases']}/", {"place": "东湖路2号"}, "json"),
    ),
    Step(
        ("POST", "/api/enforcement/cases/{id}/team/"),
        "officer_a",
        lambda c: (
            f"/api/enforcement/cases/{c.ids['cases']}/team/",
            {
                "members": [
                    {
                        "person": c.world.officer_a.person_id,
                        "lead": True,
                        "declared_on": "2026-11-30",
                    },
                    {"person": c.people[1].pk, "declared_on": "2026-11-30"},
                ]
            },
            "json",
        ),
    ),
    Step(
        ("POST", "/api/enforcement/cases/{id}/steps/"),
        "leader_a",
        lambda c: (
            f"/api/enforcement/cases/{c.ids['cases']}/steps/",
            {"step": "file", "on": "2026-11-30"},
            "json",
        ),
    ),
]


#: Steps whose call is refused by design: the chain records nothing because nothing changed
#: (a 403 is recorded as a denial; these are 400/405 answers).
REFUSED = {
    ("POST", "/api/supervision/tasks/"): 403,
    ("POST", "/api/reports/reports/{id}/transition/"): 400,
}


def _template() -> bytes:
    """A small 现场笔录 template with the placeholders it must have."""
    import docx

    d = docx.Document()
    d.add_paragraph("{{ agency_name }} {{ number }} {{ entity_name }}")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _file(name: str, data: bytes):
    f = io.BytesIO(data)
    f.name = name
    return f


def _follow_up(c) -> Inspection:
    """The 回头看 visit: a later routine inspection of the same entity."""
    order = RectificationOrder.objects.get(pk=c.ids["rectifications"])
    insp = Inspection.objects.create(
        agency=order.agency,
        entity=order.inspection.entity,
        kind="follow_up"
        if "follow_up" in dict(Inspection._meta.get_field("kind").choices)
        else "routine",
        inspected_on=datetime.date(2026, 6, 5),
        findings="已整改",
        result="passed",
    )
    insp.inspectors.set(c.people[:2])
    return insp


def _published_routine(c) -> Inspection:
    """A routine inspection of county A whose result (合格) is published."""
    from supervision import services
    from supervision.tests.factories import inspection

    insp = inspection(c.world.county_a, c.entities[1], c.people[:2], kind="routine")
    services.publish_inspections(
        Inspection.objects.filter(pk=insp.pk),
        on=datetime.date(2026, 7, 1),
        actor=c.world.officer_a,
    )
    return insp


def test_every_write_endpoint_of_the_schema_has_a_step():
    covered = {s.op for s in STEPS}
    missing = sorted(write_operations() - covered)
    assert not missing, (
        "写接口没有审计用例（在 core/tests/test_audit_coverage.py 的 STEPS 中加入一次有效调用）："
        + "; ".join(f"{m} {p}" for m, p in missing)
    )


@time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC))
def test_every_write_endpoint_leaves_an_audit_event(world):
    c = ctx_world(world)
    schema = write_operations()
    failures = []
    for step in STEPS:
        if step.op not in schema:
            continue  # the endpoint is gone; the coverage test above says nothing of it
        api = APIClient()
        if step.actor != "anonymous":
            user = getattr(c, step.actor, None) or getattr(world, step.actor)
            api.force_authenticate(user)
        c.api = api
        if step.op == ("POST", "/api/token/"):
            url, body, fmt = (
                "/api/token/",
                {"username": "admin_a", "password": world.password},
                None,
            )
        else:
            url, body, fmt = step.call(c)
        before = AuditEvent.objects.count()
        method = getattr(api, step.op[0].lower())
        resp = method(url, body, format=fmt) if fmt else method(url, body)
        added = AuditEvent.objects.filter(seq__gt=before)
        expected = REFUSED.get(step.op)
        label = f"{step.op[0]} {step.op[1]} ({step.actor})"
        if expected is not None:
            if resp.status_code != expected:
                failures.append(f"{label}: {resp.status_code}, expected {expected}")
            continue
        if resp.status_code >= 300:
            failures.append(f"{label}: {resp.status_code} {resp.content[:300]!r}")
            continue
        if not added.exists():
            failures.append(f"{label}: {resp.status_code} but no audit event")
            continue
        data = (
            resp.json()
            if resp.content and resp["Content-Type"].startswith("application/json")
            else {}
        )
        if (
            isinstance(data, dict)
            and "id" in data
            and step.op[0] == "POST"
            and "{id}" not in step.op[1]
        ):
            c.ids[step.op[1].strip("/").split("/")[-1]] = data["id"]
    assert not failures, "\n".join(failures)
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN).exists()
    assert AuditEvent.objects.filter(action=AuditAction.CHECKLIST).exists()
    assert Person.objects.filter(name="钱小多").exists()
