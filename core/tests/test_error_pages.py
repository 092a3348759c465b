"""Error pages are in Chinese, inside the site layout, and lead back to 首页."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_forbidden_page_is_chinese_with_menu_and_way_home(world, client_for):
    # 检查要点 are maintained by administrators only; an inspector may read, not add.
    resp = client_for(world.officer_a).get("/supervision/checklist/add/")
    assert resp.status_code == 403
    body = resp.content.decode()
    assert "无权访问" in body and "Forbidden" not in body
    assert 'href="/">返回首页</a>' in body
    assert 'class="dropdown-item' in body  # the user's menu, as on every page


def test_not_found_page_is_chinese(world, client_for):
    resp = client_for(world.officer_a).get("/supervision/plans/999999/")
    assert resp.status_code == 404
    body = resp.content.decode()
    assert "页面不存在" in body and "Not Found" not in body
    assert 'href="/">返回首页</a>' in body


def test_server_error_page_is_chinese():
    resp = server_error(RequestFactory().get("/"))
    assert resp.status_code == 500
    body = resp.content.decode()
    assert "系统错误" in body and "Server Error" not in body
    assert 'href="/">返回首页</a>' in body


def test_csrf_failure_page_is_chinese(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_a, backend="django.contrib.auth.backends.ModelBackend")
    resp = client.post("/supervision/campaigns/add/", {"name": "x"})
    assert resp.status_code == 403
    body = resp.content.decode()
    assert "页面已过期" in body and "CSRF verification failed" not in body
