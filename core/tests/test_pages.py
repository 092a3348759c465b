"""Every page opens for every role: a server error on any page, for any role, fails here.

The generic list once offered 新增 from the add permission alone and reversed
``<app>:<model>_add``, which some models have no page for (责令整改 is issued from an
inspection, 抽查任务 come from a draw): those lists were a 500 for every role that may add. A
test as one role, or of one page, does not see such a mistake; this one walks the URL conf.
"""

import pytest

from core.navigation import menu_for
from core.tests.pages import page_urls, personas

pytestmark = pytest.mark.django_db


def _get(client, url):
    try:
        return client.get(url), None
    except Exception as exc:  # collect every failing page, not just the first
        return None, f"{type(exc).__name__}: {exc}"


def test_every_page_without_parameters_opens_for_every_role(world, client_for):
    failures = []
    urls = page_urls()
    assert "/supervision/rectifications/" in urls and "/supervision/tasks/" in urls
    for user in personas(world):
        client = client_for(user)
        for url in urls:
            resp, error = _get(client, url)
            if error or resp.status_code >= 500:
                failures.append(f"{user.username} ({user.role}) {url}: {error or resp.status_code}")
    assert not failures, "\n".join(failures)


def test_every_menu_item_opens_for_the_user_it_is_shown_to(world, client_for):
    failures = []
    for user in personas(world):
        client = client_for(user)
        for section in menu_for(user):
            for item in section["items"]:
                resp, error = _get(client, item["url"])
                status = error or resp.status_code
                if status != 200:
                    failures.append(f"{user.username} ({user.role}) {item['url']}: {status}")
    assert not failures, "\n".join(failures)


def test_list_offers_add_only_where_an_add_page_exists(world, client_for):
    client = client_for(world.admin_a)
    body = client.get("/supervision/rectifications/").content.decode()
    assert "新增责令整改" not in body
    body = client.get("/supervision/tasks/").content.decode()
    assert "新增抽查任务" not in body
    body = client.get("/supervision/campaigns/").content.decode()
    assert 'href="/supervision/campaigns/add/"' in body
