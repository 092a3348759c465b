"""Fictional place and person names for the demo city. Any resemblance is coincidental."""

CITY_NAMES = [
    "临江",
    "云岭",
    "青川",
    "白沙",
    "松原",
    "望海",
    "栖霞",
    "明溪",
    "翠屏",
    "金城",
    "长汀",
    "安平",
]
PROVINCE_NAME = "江南省"
COUNTY_STEMS = [
    "东湖",
    "西山",
    "南屏",
    "北岸",
    "清河",
    "柳溪",
    "桃源",
    "石门",
    "龙泉",
    "凤鸣",
    "梅岭",
    "竹林",
    "兰亭",
    "荷塘",
    "枫桥",
    "杏坛",
    "松涛",
    "云溪",
    "月湾",
    "星港",
]
TOWN_STEMS = [
    "城关",
    "新桥",
    "古镇",
    "河口",
    "平安",
    "永丰",
    "太平",
    "长乐",
    "福田",
    "高桥",
    "双溪",
    "三江",
    "五里",
    "七星",
    "九龙",
    "十里",
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力斌宇浩凯健俊帆鹏志"
    "国晨欣怡雪梅琳婷晓云峰"
)


def person_name(rng) -> str:
    n = 1 if rng.random() < 0.3 else 2
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(n))


def county_name(i: int) -> str:
    stem = COUNTY_STEMS[i % len(COUNTY_STEMS)]
    return stem + ("区" if i % 3 else "县") if i < len(COUNTY_STEMS) else f"{stem}{i // 20 + 1}区"
