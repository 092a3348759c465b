"""Each role's menu is the pages of its work, and a page hidden from a role refuses it.

Every role once saw the same 21 items, inspectors included 审计日志, 机构 and 节假日安排, and
those pages opened for them. The menu now follows permissions only (every item names one), so a
page the menu hides is a page the role may not open: this walks every item for every role.
"""

from __future__ import annotations

import pytest

from core.navigation import _sections, menu_for
from core.tests.pages import personas

pytestmark = pytest.mark.django_db


def labels(user) -> set[str]:
    return {i["label"] for s in menu_for(user) for i in s["items"]}


def all_items():
    return [item for section in _sections.values() for item in section.items]


def test_every_menu_item_names_the_permission_its_page_requires():
    assert not [i.label for i in all_items() if not i.permission]


def test_a_page_the_menu_hides_refuses_the_role(world, client_for):
    from django.urls import reverse

    failures = []
    for user in personas(world):
        shown = labels(user)
        client = client_for(user)
        for item in all_items():
            if item.label in shown:
                continue
            status = client.get(reverse(item.url_name)).status_code
            if status != 403:
                failures.append(f"{user.username} ({user.role}) {item.label}: {status}")
    assert not failures, "\n".join(failures)


def test_inspectors_see_the_menu_of_their_work(world):
    menu = labels(world.officer_a)
    # 人员: the directory of colleagues and their 执法证 (phone numbers masked).
    assert {"监管对象名录", "抽查任务", "监督检查", "整改与回头看", "回避申报", "人员"} <= menu
    hidden = {"审计日志", "机构", "节假日安排", "用户与角色", "科室", "片区", "本机构看板"}
    assert not menu & hidden, menu & hidden


def test_the_auditor_sees_the_audit_log_only(world):
    from core.models import Role, User

    auditor = User.objects.create(username="auditor_a", agency=world.county_a, role=Role.AUDITOR)
    assert labels(auditor) == {"审计日志"}


def test_the_administrator_sees_the_organisation_and_the_audit_log(world):
    menu = labels(world.admin_a)
    assert {"机构", "科室", "片区", "人员", "用户与角色", "节假日安排", "审计日志"} <= menu


def test_each_role_has_a_menu_of_its_own(world):
    menus = {u.role: frozenset(labels(u)) for u in personas(world)}
    assert len(set(menus.values())) == len(menus), menus
