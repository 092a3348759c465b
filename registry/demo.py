"""Demo data: fictional supervised entities for the demo city (``fazhi demo``)."""

from __future__ import annotations

import random

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
BATCH = 5_000
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


def build(agencies, scale: str, rng: random.Random) -> dict[str, int]:
    """Create ``ENTITIES[scale]`` fictional entities spread over ``agencies`` (bulk, batched)."""
    agencies = list(agencies)
    total = ENTITIES[scale]
    cats = list(CATEGORY_WEIGHTS)
    weights = list(CATEGORY_WEIGHTS.values())
    start = SupervisedEntity.objects.count()
    regions = {a.pk: _regions(a) for a in agencies}
    risks, credits = RiskGrade.values, CreditGrade.values
    batch: list[SupervisedEntity] = []
    made = 0
    for i in range(start, start + total):
        agency = agencies[i % len(agencies)]
        cat = rng.choices(cats, weights)[0]
        sub = rng.choice(SUBCATEGORIES[cat])[0]
        body = f"9{agency.pk % 10}{i:015d}"[:17]
        name = f"{rng.choice(WORDS)}{i}号{SUFFIX.get(sub, '单位')}"
        address = f"演示路{i // 100}巷{i % 100}号"
        batch.append(
            SupervisedEntity(
                agency=agency,
                name=name,
                uscc=body + uscc_check_char(body),
                address=address,
                region_id=rng.choice(regions[agency.pk]),
                category=cat,
                subcategory=sub,
                risk_grade=rng.choices(risks, (70, 22, 8))[0],
                credit_grade=rng.choices(credits, (80, 15, 4, 1))[0],
                status=rng.choices(EntityStatus.values, (94, 3, 2, 1))[0],
                match_key=match_key(name, address),
            )
        )
        if len(batch) >= BATCH:
            SupervisedEntity.objects.bulk_create(batch)
            made += len(batch)
            batch = []
    SupervisedEntity.objects.bulk_create(batch)
    made += len(batch)
    return {"entities": made}


ORDER = 10


def build_demo(ctx) -> None:
    """``fazhi demo`` entry point: entities spread over the demo's counties."""
    counts = build(ctx.counties, ctx.scale, ctx.rng)
    total = sum(counts.values()) if isinstance(counts, dict) else 0
    ctx.progress(f"监管对象 {total:,} 户")
