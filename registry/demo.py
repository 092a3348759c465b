"""Demo data: fictional supervised entities and their licences (``fazhi demo``)."""

from __future__ import annotations

import datetime
import itertools
import random

from django.db import transaction
from django.db.models import Max

from core import tallies
from core.bulk import foreign_keys_checked_once, insert_rows
from core.models import Region
from core.validators import uscc_check_char
from registry.models import (
    SUBCATEGORIES,
    CreditGrade,
    EntityCategory,
    EntityStatus,
    Licence,
    LicenceKind,
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

#: The licences a unit of each subcategory holds. Units of the other subcategories (schools,
#: 二次供水, 疾控, 血站, technical services, employers…) hold none of the kinds listed here.
LICENCES: dict[str, tuple[LicenceKind, ...]] = {
    **{
        sub: (LicenceKind.PUBLIC_PLACE,)
        for sub in (
            "lodging",
            "bathing",
            "swimming",
            "hairdressing",
            "entertainment",
            "waiting_room",
            "shopping",
        )
    },
    **{
        sub: (LicenceKind.MEDICAL_PRACTICE,)
        for sub in (
            "hospital",
            "clinic",
            "outpatient",
            "health_center",
            "village_clinic",
            "maternal_child",
            "medical_beauty",
        )
    },
    # An imaging centre is a medical institution that also performs 放射诊疗.
    "radiology": (LicenceKind.MEDICAL_PRACTICE, LicenceKind.RADIATION),
    "central_supply": (LicenceKind.WATER_SUPPLY,),
    "disinfection_maker": (LicenceKind.DISINFECTION,),
}
#: Validity in years: 公共场所卫生许可证, 供水单位卫生许可证 and 消毒产品生产企业卫生许可证 four
#: years, 医疗机构执业许可证 five. The 放射诊疗许可证 is verified with the unit's 执业许可证
#: (《放射诊疗管理规定》), so the demo gives it the same period.
TERM_YEARS = {
    LicenceKind.PUBLIC_PLACE: 4,
    LicenceKind.MEDICAL_PRACTICE: 5,
    LicenceKind.WATER_SUPPLY: 4,
    LicenceKind.DISINFECTION: 4,
    LicenceKind.RADIATION: 5,
}
#: Licence numbers in the usual shapes (issuing year, the county's 行政区划代码 or else its code),
#: unique per type by the entity's id.
NUMBERS = {
    LicenceKind.PUBLIC_PLACE: "卫公证字〔{year}〕第{area}{pk:07d}号",
    LicenceKind.MEDICAL_PRACTICE: "PDY{pk:08d}{area}A1001",
    LicenceKind.WATER_SUPPLY: "卫水证字〔{year}〕第{area}{pk:07d}号",
    LicenceKind.DISINFECTION: "卫消证字〔{year}〕第{area}{pk:07d}号",
    LicenceKind.RADIATION: "卫放证字〔{year}〕第{area}{pk:07d}号",
}
#: Share of licences that ran out in the past year and were not renewed (shown as 已过期).
EXPIRED_SHARE = 0.04


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


def build(
    agencies,
    scale: str,
    rng: random.Random,
    progress=None,
    today: datetime.date | None = None,
) -> dict[str, int]:
    """Create ``ENTITIES[scale]`` fictional entities spread over ``agencies`` (bulk, batched),
    then the licences they hold (``LICENCES``), valid or expired as of ``today``.

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
    last_pk = SupervisedEntity.objects.aggregate(m=Max("pk"))["m"] or 0
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
        foreign_keys_checked_once(SupervisedEntity, Licence),
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
        # The licences draw from a generator of their own, seeded by one draw, so that what
        # they draw does not shift the values of the builders that follow.
        licences = _licences(
            agencies,
            last_pk,
            random.Random(rng.getrandbits(64)),
            today or datetime.date.today(),
            progress,
        )
    return {"entities": made, "licences": licences}


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _licences(agencies, after_pk: int, rng: random.Random, today: datetime.date, progress) -> int:
    """The licences held by the entities with an id above ``after_pk`` (``LICENCES``).

    A cancelled (注销) unit's licences went with it. Each unit's licences end on a day drawn
    within their term from ``today``, or, for ``EXPIRED_SHARE`` of them, in the past year; they
    start the day after the same date ``TERM_YEARS`` earlier (2022-03-01 to 2026-02-28).
    """
    areas = {a.pk: a.division_code or a.code for a in agencies}
    units = (
        SupervisedEntity.objects.filter(pk__gt=after_pk, subcategory__in=LICENCES)
        .exclude(status=EntityStatus.CANCELLED)
        .order_by("pk")
        .values_list("pk", "agency_id", "subcategory")
    )
    total = units.count()
    fields = ["agency_id", "entity_id", "kind", "number", "valid_from", "valid_until"]
    random_, randrange = rng.random, rng.randrange
    done = made = 0
    while chunk := list(units.filter(pk__gt=after_pk)[:BATCH]):
        rows = []
        for pk, agency_id, sub in chunk:
            kinds = LICENCES[sub]
            term = TERM_YEARS[kinds[0]]
            if random_() < EXPIRED_SHARE:
                left = -1 - randrange(365)
            else:
                left = randrange(term * 365)
            until = today + datetime.timedelta(days=left)
            since = _years_before(until, term) + datetime.timedelta(days=1)
            area = areas.get(agency_id, "")
            for kind in kinds:
                number = NUMBERS[kind].format(year=since.year, area=area, pk=pk)
                rows.append((agency_id, pk, kind.value, number, since, until))
        made += insert_rows(Licence, fields, rows)
        done += len(chunk)
        after_pk = chunk[-1][0]
        if progress:
            progress("许可证（持证单位）", done, total)
    return made


ORDER = 10


def build_demo(ctx) -> None:
    """``fazhi demo`` entry point: entities and their licences spread over the demo's counties."""
    counts = build(ctx.counties, ctx.scale, ctx.rng, progress=ctx.progress)
    ctx.progress(f"监管对象 {counts['entities']:,} 户，许可证 {counts['licences']:,} 张")
