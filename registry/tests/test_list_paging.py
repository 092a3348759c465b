"""The entity list at scale: keyset pages (no OFFSET, no COUNT) and indexed name search."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.tests.factories import entity

LIST = "/registry/entities/"


def names(html: str) -> list[str]:
    return re.findall(r'href="/registry/entities/\d+/">([^<]+)</a>', html)


def link(html: str, rel: str) -> str | None:
    m = re.search(rf'href="\?([^"]*)" rel="{rel}"', html)
    return m.group(1).replace("&amp;", "&") if m else None


@pytest.fixture
def thirty(world):
    return [entity(world.county_a, name=f"东湖{i:02d}号宾馆") for i in range(30)]


def test_next_and_previous_walk_the_list_by_keyset_without_offset(world, client_for, thirty):
    c = client_for(world.officer_a)
    first = c.get(LIST).content.decode()
    assert names(first) == [f"东湖{i:02d}号宾馆" for i in range(29, 4, -1)]  # newest first
    assert link(first, "prev") is None
    nxt = link(first, "next")
    assert nxt == f"after={thirty[5].pk}"
    with CaptureQueriesContext(connection) as ctx:
        second = c.get(f"{LIST}?{nxt}").content.decode()
    assert not any(" OFFSET " in q["sql"].upper() for q in ctx.captured_queries)
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
    assert names(second) == [f"东湖{i:02d}号宾馆" for i in range(4, -1, -1)]
    assert link(second, "next") is None
    back = c.get(f"{LIST}?{link(second, 'prev')}").content.decode()
    assert names(back) == names(first)
    assert link(back, "next") == nxt and link(back, "prev") is None


def test_keyset_by_name_keeps_filters_and_sort_and_breaks_ties_by_id(world, client_for):
    c = client_for(world.officer_a)
    made = [entity(world.county_a, name="同名宾馆", address=f"路{i}") for i in range(26)]
    entity(world.county_a, name="阿里宾馆")
    entity(
        world.county_a, name="同名宾馆", address="另址", category="medical", subcategory="clinic"
    )
    first = c.get(f"{LIST}?sort=name&category=public_place").content.decode()
    assert names(first)[0] == "同名宾馆" and names(first)[-1] == "同名宾馆"
    nxt = link(first, "next")
    assert "sort=name" in nxt and "category=public_place" in nxt
    second = c.get(f"{LIST}?{nxt}").content.decode()
    # 27 public places sorted by name (同 < 阿 in code point order): 26 ties, then 阿里.
    assert names(second) == ["同名宾馆", "阿里宾馆"]
    assert nxt.endswith(f"after={made[24].pk}")


def test_short_query_matches_the_start_of_names_long_query_any_part(world, client_for):
    entity(world.county_a, name="东湖甲宾馆")
    entity(world.county_a, name="西山东湖宾馆")
    c = client_for(world.officer_a)
    short = c.get(f"{LIST}?q=东湖").content.decode()
    assert names(short) == ["东湖甲宾馆"]
    assert "只匹配名称开头" in short
    assert sorted(names(c.get(f"{LIST}?q=东湖甲").content.decode())) == ["东湖甲宾馆"]
    assert sorted(names(c.get(f"{LIST}?q=湖宾馆").content.decode())) == ["西山东湖宾馆"]
    assert names(c.get(f"{LIST}?q=无此").content.decode()) == []
    assert names(c.get(f"{LIST}?q=100%_*").content.decode()) == []


def test_search_follows_renames_and_deletes(world, client_for):
    e = entity(world.county_a, name="旧名称宾馆")
    c = client_for(world.officer_a)
    assert names(c.get(f"{LIST}?q=名称宾").content.decode()) == ["旧名称宾馆"]
    e.name = "新名称宾馆"
    e.save()
    assert names(c.get(f"{LIST}?q=名称宾").content.decode()) == ["新名称宾馆"]
    assert names(c.get(f"{LIST}?q=旧名称").content.decode()) == []
    e.delete()
    assert names(c.get(f"{LIST}?q=名称宾").content.decode()) == []


def test_search_stays_in_scope(world, client_for):
    entity(world.county_b, name="西山乙宾馆")
    c = client_for(world.officer_a)
    assert names(c.get(f"{LIST}?q=山乙宾").content.decode()) == []
    b = entity(world.county_b, name="西山丙宾馆")
    assert names(c.get(f"{LIST}?after={b.pk}").content.decode()) == []


def test_common_word_search_walks_the_list_and_finds_the_same_rows(world, client_for, monkeypatch):
    from registry import filters

    for i in range(5):
        entity(world.county_a, name=f"临江幼儿园{i}")
    entity(world.county_a, name="临江中学")
    c = client_for(world.officer_a)
    direct = names(c.get(f"{LIST}?q=幼儿园").content.decode())
    monkeypatch.setattr(filters, "WALK_ABOVE", 1)  # every word counts as common
    walked = names(c.get(f"{LIST}?q=幼儿园").content.decode())
    assert direct == walked == [f"临江幼儿园{i}" for i in range(4, -1, -1)]
    assert names(c.get(f'{LIST}?q=幼儿"园').content.decode()) == []


def test_short_query_lists_by_name_unless_another_sort_is_chosen(world, client_for):
    entity(world.county_a, name="东湖乙店")
    entity(world.county_a, name="东湖丙店")
    entity(world.county_a, name="东湖甲店")
    c = client_for(world.officer_a)
    assert names(c.get(f"{LIST}?q=东湖").content.decode()) == ["东湖丙店", "东湖乙店", "东湖甲店"]
    by_id = names(c.get(f"{LIST}?q=东湖&sort=-id").content.decode())
    assert by_id == ["东湖甲店", "东湖丙店", "东湖乙店"]
