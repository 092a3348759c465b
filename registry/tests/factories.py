"""Builders for entities with valid credit codes (GB 32100) and fictional names."""

from __future__ import annotations

import itertools

from core.validators import uscc_check_char
from registry.models import EntityCategory, SupervisedEntity

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
