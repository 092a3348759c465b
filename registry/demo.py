"""Demo data: fictional supervised entities for the demo city (``fazhi demo``)."""

from __future__ import annotations

import itertools
import random

from django.db import transaction

from core import tallies
from core.bulk import foreign_keys_checked_once, insert_rows
from core.models import Region
from core.validators import uscc_check_char
from registry.models import (
    SUBCATEGORIES,
    CreditGrade,
    EntityCategory,
    EntityStatus,
    RiskGrade,
    SupervisedEntity,
    match_key,
)

ENTITIES = {"small": 3_000, "city": 100_000, "province": 1_000_000}
BATCH = 20_000
#: Rough mix of a county's directory (public places dominate, as in seed 004).
CATEGORY_WEIGHTS = {
    EntityCategory.PUBLIC_PLACE: 45,
    EntityCategory.MEDICAL: 25,
    EntityCategory.DRINKING_WATER: 8,
    EntityCategory.SCHOOL: 7,
    EntityCategory.RADIATION: 3,
    EntityCategory.OCCUPATIONAL: 6,
    EntityCategory.DISINFECTION: 3,
    EntityCategory.INFECTIOUS: 3,
}
WORDS = "安康 明德 长青 福瑞 清源 和美 华庭 新悦 瑞丰 永宁 嘉禾 锦程 益民 仁和 春晖 兴隆".split()
SUFFIX = {
    "lodging": "宾馆",
    "bathing": "浴室",
    "swimming": "游泳馆",
    "hairdressing": "美发店",
    "entertainment": "KTV",
    "waiting_room": "客运站",
    "shopping": "商场",
    "hospital": "医院",
    "clinic": "诊所",
    "outpatient": "门诊部",
    "health_center": "卫生院",
    "village_clinic": "村卫生室",
    "maternal_child": "妇幼保健院",
    "cdc": "疾控中心",
    "medical_beauty": "医疗美容诊所",
    "blood": "中心血站",
    "central_supply": "自来水厂",
    "secondary_supply": "小区二次供水",
    "water_products": "净水设备公司",
    "vending": "自助售水点",
    "primary_secondary": "中学",
    "university": "学院",
    "kindergarten": "幼儿园",
    "radiology": "影像中心",
    "radiation_service": "辐射检测公司",
    "employer": "制造公司",
    "occ_service": "职业卫生检测公司",
    "disinfection_maker": "消毒用品厂",
    "disinfection_service": "餐具消毒中心",
    "infection_control": "社区防疫站",
}
REGIONS_PER_AGENCY = 7


def _regions(agency) -> list[int]:
    existing = list(Region.objects.filter(agency=agency).values_list("pk", flat=True))
    if existing:
        return existing
    Region.objects.bulk_create(
        [
            Region(agency=agency, name=f"第{i}片区", code=f"P{i:02d}")
            for i in range(1, REGIONS_PER_AGENCY + 1)
        ]
    )
    return list(Region.objects.filter(agency=agency).values_list("pk", flat=True))


def build(agencies, scale: str, rng: random.Random, progress=None) -> dict[str, int]:
    """Create ``ENTITIES[scale]`` fictional entities spread over ``agencies`` (bulk, batched).

    Rows are generated valid by construction and written with ``core.bulk.insert_rows``;
    ``progress(label, done, total)`` is called after each batch when given.
    """
    agencies = list(agencies)
    total = ENTITIES[scale]
    cats = list(CATEGORY_WEIGHTS)
    # cum_weights draws exactly as weights= does, without re-summing on every call.
    cat_cum = list(itertools.accumulate(CATEGORY_WEIGHTS.values()))
    risk_cum = list(itertools.accumulate((70, 22, 8)))
    credit_cum = list(itertools.accumulate((80, 15, 4, 1)))
    status_cum = list(itertools.accumulate((94, 3, 2, 1)))
    subs = {cat: [code for code, _label in SUBCATEGORIES[cat]] for cat in cats}
    start = SupervisedEntity.objects.count()
    regions = {a.pk: _regions(a) for a in agencies}
    risks, credits, statuses = RiskGrade.values, CreditGrade.values, EntityStatus.values
    choice, choices = rng.choice, rng.choices
    fields = [
        "agency_id",
        "name",
        "uscc",
        "address",
        "region_id",
        "category",
        "subcategory",
        "risk_grade",
        "credit_grade",
        "status",
        "match_key",
    ]
    made = 0
    with (
        transaction.atomic(),
        foreign_keys_checked_once(SupervisedEntity),
        tallies.counted_once(SupervisedEntity),
    ):
        for first in range(start, start + total, BATCH):
            rows = []
            for i in range(first, min(first + BATCH, start + total)):
                agency_id = agencies[i % len(agencies)].pk
                cat = choices(cats, cum_weights=cat_cum)[0]
                sub = choice(subs[cat])
                body = f"9{agency_id % 10}{i:015d}"[:17]
                name = f"{choice(WORDS)}{i}号{SUFFIX.get(sub, '单位')}"
                address = f"演示路{i // 100}巷{i % 100}号"
                rows.append(
                    (
                        agency_id,
                        name,
                        body + uscc_check_char(body),
                        address,
                        choice(regions[agency_id]),
                        cat.value,
                        sub,
                        choices(risks, cum_weights=risk_cum)[0],
                        choices(credits, cum_weights=credit_cum)[0],
                        choices(statuses, cum_weights=status_cum)[0],
                        match_key(name, address),
                    )
                )
            made += insert_rows(SupervisedEntity, fields, rows)
            if progress:
                progress("监管对象", made, total)
    return {"entities": made}


ORDER = 10


def build_demo(ctx) -> None:
    """``fazhi demo`` entry point: entities spread over the demo's counties."""
    counts = build(ctx.counties, ctx.scale, ctx.rng, progress=ctx.progress)
    total = sum(counts.values()) if isinstance(counts, dict) else 0
    ctx.progress(f"监管对象 {total:,} 户")
