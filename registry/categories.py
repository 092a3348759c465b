"""Categories of supervised entities (监管对象类别) and their subcategories, defined in code.

Health supervision is organised by specialty; the 国家随机监督抽查计划 and the seeds count
entities per category (公共场所 904户, 医疗卫生机构 866户 …).
"""

from __future__ import annotations

CATEGORIES: dict[str, tuple[str, dict[str, str]]] = {
    "medical": (
        "医疗卫生机构",
        {
            "hospital": "医院",
            "primary": "基层医疗卫生机构",
            "clinic": "诊所、门诊部",
            "public_health": "专业公共卫生机构",
            "blood": "采供血机构",
            "other_medical": "其他医疗机构",
        },
    ),
    "public_place": (
        "公共场所",
        {
            "lodging": "住宿场所",
            "bathing": "沐浴场所",
            "swimming": "游泳场所",
            "beauty": "美容美发场所",
            "entertainment": "文化娱乐场所",
            "shopping": "商场（店）、书店",
            "waiting": "候车（机、船）室",
            "other_place": "其他公共场所",
        },
    ),
    "water": (
        "生活饮用水",
        {
            "central": "集中式供水",
            "secondary": "二次供水",
            "vending": "现制现售饮用水",
            "water_product": "涉水产品",
        },
    ),
    "school": (
        "学校卫生",
        {
            "primary_secondary": "中小学校",
            "university": "高等学校",
            "kindergarten": "托幼机构",
        },
    ),
    "radiation": (
        "放射卫生",
        {
            "radiodiagnosis": "放射诊疗机构",
            "radiation_service": "放射卫生技术服务机构",
        },
    ),
    "occupational": (
        "职业卫生",
        {
            "employer": "职业卫生用人单位",
            "occupational_service": "职业卫生技术服务机构",
        },
    ),
    "disinfection": (
        "消毒产品",
        {
            "disinfection_maker": "消毒产品生产企业",
            "disinfection_user": "消毒产品经营使用单位",
        },
    ),
    "infectious": (
        "传染病防治",
        {
            "infectious_medical": "医疗机构传染病防治",
            "infectious_other": "其他传染病防治单位",
        },
    ),
}

CATEGORY_CHOICES = [(code, label) for code, (label, _subs) in CATEGORIES.items()]
SUBCATEGORY_CHOICES = [
    (sub, f"{label}·{sub_label}")
    for code, (label, subs) in CATEGORIES.items()
    for sub, sub_label in subs.items()
]
SUBCATEGORY_PARENT = {sub: code for code, (_l, subs) in CATEGORIES.items() for sub in subs}
SUBCATEGORY_LABEL = {
    sub: sub_label for _c, (_l, subs) in CATEGORIES.items() for sub, sub_label in subs.items()
}
