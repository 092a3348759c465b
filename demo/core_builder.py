"""Demo agencies, departments, regions, people and logins (the core part of the demo)."""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password

from core import audit
from core.models import (
    Agency,
    AgencyLevel,
    CertificateReview,
    Department,
    Person,
    Region,
    Role,
    User,
)
from demo.context import DEMO_PASSWORD, DemoContext
from demo.names import CITY_NAMES, PROVINCE_NAME, TOWN_STEMS, county_name, person_name

DEPARTMENTS = ["办公室", "政策法规科", "医政医管科", "公共卫生科", "综合监督科"]
SUPERVISION_DEPARTMENTS = ["医疗卫生监督科", "公共卫生监督科", "职业与放射卫生监督科", "稽查科"]
SPECIALTIES = [
    "医疗卫生",
    "公共场所",
    "生活饮用水",
    "学校卫生",
    "职业卫生",
    "放射卫生",
    "传染病防治",
    "消毒产品",
]


def build(ctx: DemoContext) -> None:
    p = ctx.params
    if p["cities"] > 1:
        ctx.top = Agency.objects.create(
            code="320000",
            name=f"{PROVINCE_NAME}卫生健康委员会",
            short_name="省卫健委",
            level=AgencyLevel.PROVINCE,
        )
        parents = [ctx.top]
    else:
        parents = [None]
    for pi, parent in enumerate(parents):
        for ci in range(p["cities"]):
            code = f"32{ci + 1:02d}00" if parent else "330100"
            city = Agency.objects.create(
                code=code,
                name=f"{CITY_NAMES[ci]}市卫生健康委员会",
                short_name=f"{CITY_NAMES[ci]}市卫健委",
                level=AgencyLevel.CITY,
                parent=parent,
                division_code=code,
            )
            ctx.cities.append(city)
            if ctx.top is None:
                ctx.top = city
            for k in range(p["counties_per_city"]):
                ccode = f"{code[:4]}{k + 2:02d}"
                cname = county_name(k + ci * p["counties_per_city"] * (pi + 1) % 20)
                county = Agency.objects.create(
                    code=ccode,
                    name=f"{CITY_NAMES[ci]}市{cname}卫生健康局",
                    short_name=cname,
                    level=AgencyLevel.COUNTY,
                    parent=city,
                    division_code=ccode,
                )
                ctx.counties.append(county)
    town_rows = []
    for county in ctx.counties:
        for t in range(p["towns_per_county"]):
            town_rows.append(
                Agency(
                    code=f"{county.code}{t + 1:03d}",
                    name=f"{county.short_name}{TOWN_STEMS[t]}街道卫生健康办",
                    short_name=TOWN_STEMS[t],
                    level=AgencyLevel.TOWN,
                    parent=county,
                )
            )
    for town in town_rows:  # Agency.save() maintains the path; towns are few
        town.save()
    ctx.towns = town_rows
    ctx.progress(f"机构 {1 + len(ctx.cities) + len(ctx.counties) + len(ctx.towns)} 个")
    _people(ctx)
    _users(ctx)


def _people(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = datetime.date(ctx.year + 1, 1, 1)
    cert = 0
    for agency in [*ctx.cities, *ctx.counties]:
        is_county = agency.level == AgencyLevel.COUNTY
        names = DEPARTMENTS + (SUPERVISION_DEPARTMENTS if is_county else [])
        depts = audit.bulk_create(
            Department, [Department(agency=agency, name=n, kind=n) for n in names], note="演示数据"
        )
        n = ctx.params["people_per_county"] if is_county else 12
        people = []
        for i in range(n):
            cert += 1
            dept = depts[5 + i % 4] if is_county and i >= 3 else depts[1 if i < 3 else 0]
            expired = rng.random() < 0.05
            people.append(
                Person(
                    agency=agency,
                    name=person_name(rng),
                    department=dept,
                    position="科长" if i % 7 == 0 else "监督员",
                    certificate_number=f"{agency.code[:2]}{cert:08d}",
                    certificate_issuer=f"{agency.name[:3]}人民政府",
                    certificate_valid_until=today
                    + datetime.timedelta(days=-30 if expired else rng.randint(200, 1500)),
                    certificate_review=CertificateReview.PASSED,
                    has_legal_qualification=(dept.name == "政策法规科"),
                    specialties="、".join(rng.sample(SPECIALTIES, 2)),
                )
            )
        ctx.people[agency.pk] = audit.bulk_create(Person, people, note="演示数据")
        if is_county:
            _regions(ctx, agency)
    ctx.progress(f"人员 {sum(len(v) for v in ctx.people.values())} 名")


def _regions(ctx: DemoContext, county: Agency) -> None:
    people = [p for p in ctx.people[county.pk] if p.department and "监督" in p.department.name]
    regions = audit.bulk_create(
        Region,
        [
            Region(agency=county, name=f"第{'一二三四五六七'[i]}片区", code=f"P{i + 1}")
            for i in range(min(7, max(2, ctx.params["towns_per_county"] // 2)))
        ],
        note="演示数据",
    )
    for i, region in enumerate(regions):
        region.inspectors.set(people[i :: len(regions)][:6])
    ctx.regions[county.pk] = regions


def _users(ctx: DemoContext) -> None:
    top = ctx.top
    first_city = ctx.cities[0]
    specs = [
        ("admin", top, Role.ADMIN, True),
        ("legal", first_city, Role.LEGAL_OFFICE, False),
        ("leader", first_city, Role.LEADER, False),
        ("supervisor", first_city, Role.SUPERVISOR, False),
        # 三员分立: the audit log is read by an auditor who neither administers nor works.
        ("auditor", top, Role.AUDITOR, False),
    ]
    for i, county in enumerate(ctx.counties[:3], start=1):
        specs += [
            (f"county{i}.inspector", county, Role.INSPECTOR, False),
            (f"county{i}.reviewer", county, Role.LEGAL_REVIEWER, False),
            (f"county{i}.legal", county, Role.LEGAL_OFFICE, False),
            (f"county{i}.admin", county, Role.ADMIN, False),
        ]
    # One hash for the one published demo password: hashing is deliberately slow (Argon2).
    password = make_password(DEMO_PASSWORD)
    for username, agency, role, superuser in specs:
        staff = ctx.people.get(agency.pk) or []
        person = staff.pop(0) if staff else None
        user = User(
            username=username,
            agency=agency,
            role=role,
            person=person,
            is_superuser=superuser,
            is_staff=superuser,
        )
        user.password = password
        user.save()
        ctx.users.append((username, Role(role).label, agency.name))
