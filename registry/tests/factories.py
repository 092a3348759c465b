"""Builders for entities with valid credit codes (GB 32100) and fictional names, their
licences, and .xlsx workbooks in the import layout."""

from __future__ import annotations

import datetime
import io
import itertools

from openpyxl import Workbook

from core.validators import uscc_check_char
from registry.models import EntityCategory, Licence, LicenceKind, SupervisedEntity, match_key

_seq = itertools.count(1)


def make_uscc(n: int) -> str:
    body = f"91330102MA{n:07d}"[:17]
    return body + uscc_check_char(body)


def entity(agency, *, category=EntityCategory.PUBLIC_PLACE, subcategory="lodging", **kw):
    n = next(_seq)
    defaults = dict(
        name=f"临江测试{n}号宾馆",
        uscc=make_uscc(n),
        address=f"东湖路{n}号",
        category=category,
        subcategory=subcategory,
    )
    defaults.update(kw)
    return SupervisedEntity.objects.create(agency=agency, **defaults)


def entities(
    agency, n, *, category=EntityCategory.PUBLIC_PLACE, subcategory="lodging", name="测试单位", **kw
) -> list[SupervisedEntity]:
    """``n`` units in one INSERT (``bulk_create``), numbered on from every other built unit so
    their codes and names never collide: for the hundreds of units of a seed figure."""
    objs = []
    for _ in range(n):
        i = next(_seq)
        e = SupervisedEntity(
            agency=agency,
            name=f"{name}{i}号",
            uscc=make_uscc(i),
            address=f"测试路{i}号",
            category=category,
            subcategory=subcategory,
            **kw,
        )
        e.match_key = match_key(e.name, e.address)
        objs.append(e)
    return SupervisedEntity.objects.bulk_create(objs)


def licence(entity, *, kind=LicenceKind.PUBLIC_PLACE, **kw):
    n = next(_seq)
    defaults = dict(
        number=f"临卫公字〔2024〕第{n:05d}号",
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2028, 12, 31),
    )
    defaults.update(kw)
    return Licence.objects.create(entity=entity, agency=entity.agency, kind=kind, **defaults)


def workbook(entity_rows, licence_rows=None, *, licence_headers=None) -> io.BytesIO:
    """An .xlsx file in the import layout: “监管对象” then, if given, “许可证” (lists of cells)."""
    from registry.io import COLUMNS, LICENCE_COLUMNS, LICENCE_SHEET, headers

    wb = Workbook()
    ws = wb.active
    ws.title = "监管对象"
    ws.append(headers(COLUMNS))
    for r in entity_rows:
        ws.append(r)
    if licence_rows is not None:
        ws = wb.create_sheet(LICENCE_SHEET)
        ws.append(licence_headers or headers(LICENCE_COLUMNS))
        for r in licence_rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def entity_row(n, **over):
    """One row of the “监管对象” sheet, by header."""
    from registry.io import COLUMNS, headers

    base = {
        "单位名称": f"导入{n}号浴室",
        "统一社会信用代码": make_uscc(500000 + n),
        "地址": f"西湖路{n}号",
        "片区": "",
        "监管类别": "公共场所",
        "细分类别": "沐浴",
        "风险等级": "低风险",
        "信用等级": "A级（守信）",
        "经营状态": "营业",
        "开业日期": datetime.date(2020, 1, 1),
        "法定代表人/负责人": "张三",
    }
    base.update(over)
    return [base[h] for h in headers(COLUMNS)]


def licence_row(code, number, **over):
    """One row of the “许可证” sheet, by header."""
    from registry.io import LICENCE_COLUMNS, headers

    base = {
        "统一社会信用代码": code,
        "单位名称": "",
        "许可证类型": "公共场所卫生许可证",
        "许可证号": number,
        "有效期自": datetime.date(2024, 3, 1),
        "有效期至": datetime.date(2028, 2, 29),
    }
    base.update(over)
    return [base[h] for h in headers(LICENCE_COLUMNS)]


def entity_adder_only(world):
    """County A's 法制审核员 (reads the registry) given ``add_supervisedentity`` directly, without
    ``add_licence``: half of what an import needs."""
    from django.contrib.auth.models import Permission

    from core.models import User

    user = world.reviewer_a
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="registry", codename="add_supervisedentity")
    )
    user = User.objects.get(pk=user.pk)  # no cached permissions
    assert user.has_perm("registry.add_supervisedentity")
    assert not user.has_perm("registry.add_licence")
    return user


def erase_directory() -> None:
    """Empty the directory as a fresh installation would have it (tests of export → import).

    Licences are retained records, which the application never deletes: only a test erases them,
    below the ORM's guard.
    """
    from registry.models import Licence, SupervisedEntity

    Licence.objects.all()._raw_delete(Licence.objects.db)
    SupervisedEntity.objects.all().delete()


#: model → builder of a saved record in a given agency (``core.tests.scoping.record_makers``).
RECORD_MAKERS = {
    SupervisedEntity: lambda agency: entity(agency),
    Licence: lambda agency: licence(entity(agency)),
}
