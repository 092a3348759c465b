"""Chinese numerals → numbers (两家, 十二件, 一百二十三, 二〇二五)."""

from __future__ import annotations

DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}
CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(BIG)


def cn_to_int(text: str) -> int:
    """Parse a Chinese numeral; digit strings without units (二〇二五) read digit by digit."""
    if not text:
        raise ValueError("empty numeral")
    if all(c in DIGITS for c in text) and len(text) > 1:
        return int("".join(str(DIGITS[c]) for c in text))
    total, section, number = 0, 0, 0
    for c in text:
        if c in DIGITS:
            number = DIGITS[c]
        elif c in UNITS:
            section += (number or 1) * UNITS[c]
            number = 0
        elif c in BIG:
            total += (section + number) * BIG[c]
            section = number = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + number
