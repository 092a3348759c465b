"""Demo supervised entities: fictional units in every county, with valid 统一社会信用代码."""

from __future__ import annotations

import datetime

from core import audit
from core.validators import uscc_check_char
from demo.context import DemoContext
from registry.categories import CATEGORIES
from registry.models import CreditGrade, EntityStatus, RiskGrade, SupervisedEntity, normalise

ORDER = 10
BATCH = 5000

# Share of each category among supervised entities (roughly as in the seeds' counts).
MIX = [
    ("public_place", 0.36),
    ("medical", 0.30),
    ("occupational", 0.12),
    ("school", 0.08),
    ("water", 0.05),
    ("disinfection", 0.04),
    ("radiation", 0.03),
    ("infectious", 0.02),
]
NAME_PARTS = {
    "lodging": ("宾馆", "酒店", "旅馆"),
    "bathing": ("浴室", "足浴店"),
    "swimming": ("游泳馆",),
    "beauty": ("美发店", "美容院"),
    "entertainment": ("KTV", "影院"),
    "shopping": ("商场", "书店"),
    "waiting": ("客运站",),
    "other_place": ("体育馆",),
    "hospital": ("医院",),
    "primary": ("社区卫生服务中心", "卫生院"),
    "clinic": ("诊所", "门诊部"),
    "public_health": ("疾病预防控制中心",),
    "blood": ("献血屋",),
    "other_medical": ("医务室",),
    "central": ("自来水厂",),
    "secondary": ("小区二次供水",),
    "vending": ("现制水站",),
    "water_product": ("净水设备厂",),
    "primary_secondary": ("小学", "中学"),
    "university": ("职业学院",),
    "kindergarten": ("幼儿园",),
    "radiodiagnosis": ("口腔门诊",),
    "radiation_service": ("辐射检测公司",),
    "employer": ("机械厂", "化工厂", "家具厂"),
    "occupational_service": ("职业卫生检测公司",),
    "disinfection_maker": ("消毒用品厂",),
    "disinfection_user": ("保洁公司",),
    "infectious_medical": ("发热门诊",),
    "infectious_other": ("养老院",),
}
ROADS = ("人民路", "解放路", "建设路", "中山路", "滨江路", "文化路", "新华路", "胜利路", "和平路")


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    per_county = max(1, ctx.params["entities"] // len(ctx.counties))
    today = datetime.date(ctx.year, 12, 31)
    serial = 0
    total = per_county * len(ctx.counties)
    done = 0
    weights = [w for _c, w in MIX]
    for county in ctx.counties:
        regions = ctx.regions.get(county.pk, [])
        batch = []
        for i in range(per_county):
            serial += 1
            category = rng.choices([c for c, _w in MIX], weights)[0]
            sub = rng.choice(list(CATEGORIES[category][1]))
            name = (
                f"{county.short_name}{rng.choice(('康', '华', '安', '福', '民', '新', '盛'))}"
                f"{rng.choice(('源', '泰', '达', '和', '美', '顺', '宁'))}{i}号"
                f"{rng.choice(NAME_PARTS[sub])}"
            )
            address = f"{county.short_name}{rng.choice(ROADS)}{rng.randint(1, 999)}号{i}室"
            first17 = f"92{county.code[:6]}MA{serial:07d}"[:17]
            status = rng.choices(
                [
                    EntityStatus.OPEN,
                    EntityStatus.SUSPENDED,
                    EntityStatus.CLOSED,
                    EntityStatus.DEREGISTERED,
                ],
                [0.93, 0.03, 0.03, 0.01],
            )[0]
            batch.append(
                SupervisedEntity(
                    agency=county,
                    name=name,
                    uscc=first17 + uscc_check_char(first17),
                    address=address,
                    region=rng.choice(regions) if regions else None,
                    category=category,
                    subcategory=sub,
                    risk_grade=rng.choices(list(RiskGrade), [0.7, 0.25, 0.05])[0],
                    credit_grade=rng.choices(list(CreditGrade), [0.8, 0.15, 0.04, 0.01])[0],
                    status=status,
                    opened_on=today - datetime.timedelta(days=rng.randint(30, 7000)),
                    legal_representative="",
                    name_key=normalise(name),
                    address_key=normalise(address),
                )
            )
            if len(batch) >= BATCH:
                audit.bulk_create(SupervisedEntity, batch, batch_size=BATCH, note="演示数据")
                done += len(batch)
                batch = []
                ctx.progress("监管对象", done, total)
        if batch:
            audit.bulk_create(SupervisedEntity, batch, batch_size=BATCH, note="演示数据")
            done += len(batch)
    ctx.progress(f"监管对象 {done:,} 户")
