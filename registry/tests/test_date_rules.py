"""Dates of the directory: the import refuses what the form and the API refuse (core.validators)."""

import datetime

import time_machine

from registry.io import import_entities
from registry.models import Licence, SupervisedEntity
from registry.tests.factories import entity_row, licence_row, make_uscc, workbook


def test_import_refuses_a_two_digit_year_and_an_opening_tomorrow_in_beijing(world):
    rows = [
        entity_row(1),
        entity_row(2, 开业日期=datetime.date(2026, 5, 12)),  # tomorrow in Beijing
        entity_row(3, 开业日期=datetime.date(2026, 5, 11)),  # today in Beijing: accepted
    ]
    licences = [licence_row(make_uscc(500001), "临卫公字〔2026〕第1号", 有效期自="0026-03-01")]
    # 2026-05-10 17:00 UTC is 2026-05-11 01:00 in Beijing.
    moment = datetime.datetime(2026, 5, 10, 17, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        res = import_entities(workbook(rows, licences), world.county_a)
    assert not res.ok
    by_column = {e.column: e.message for e in res.errors}
    assert "开业日期不能晚于今天（2026-05-11）" in by_column["开业日期"]
    assert "有效期自的年份须为四位年份（1900–2100）" in by_column["有效期自"]
    assert len(res.errors) == 2  # row 3 (today in Beijing) is fine
    assert not SupervisedEntity.objects.exists() and not Licence.objects.exists()


def test_api_refuses_an_opening_after_today_in_beijing(world, client_for, api_for):
    moment = datetime.datetime(2026, 5, 10, 16, 1, tzinfo=datetime.UTC)  # 00:01 on the 11th
    with time_machine.travel(moment, tick=False):
        resp = api_for(world.admin_a).post(
            "/api/registry/entities/",
            {
                "name": "明日宾馆",
                "uscc": make_uscc(600001),
                "address": "东湖路1号",
                "category": "public_place",
                "subcategory": "lodging",
                "opened_on": "2026-05-12",
            },
            format="json",
        )
    assert resp.status_code == 400
    assert resp.json()["opened_on"] == [
        "开业日期不能晚于今天（2026-05-11）：已完成的工作不能填写将来的日期。"
    ]
