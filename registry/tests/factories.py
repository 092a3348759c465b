"""Factories with valid 统一社会信用代码 and realistic names."""

import itertools

from core.validators import uscc_check_char
from registry.models import SupervisedEntity

_seq = itertools.count(1)


def make_uscc(n: int) -> str:
    first17 = f"92330102MA{n:07d}"
    first17 = first17[:17]
    return first17 + uscc_check_char(first17)


def entity(agency, **kw) -> SupervisedEntity:
    n = next(_seq)
    values = {
        "name": f"东湖区第{n}宾馆",
        "uscc": make_uscc(n),
        "address": f"东湖路{n}号",
        "category": "public_place",
        "subcategory": "lodging",
    }
    values.update(kw)
    obj = SupervisedEntity(agency=agency, **values)
    obj.full_clean()
    obj.save()
    return obj
