"""标题编号: heading numbers of GB/T 9704-2012 (一、 （一） 1. （1）) and dates as 2026年3月18日.

Every writer numbers headings through ``numbered_sections`` so .docx, HTML and Markdown agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from reports.export.model import MAX_LEVEL, Document, Section

DIGITS = "零一二三四五六七八九"
MAX_NUMBER = 99  # 九十九: beyond that a report has a structure problem, not a numbering one


def cn_numeral(n: int) -> str:
    """小写中文数字 for 1–99: 1→一, 10→十, 11→十一, 20→二十, 23→二十三."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"cn_numeral expects an int, got {type(n).__name__}")
    if not 1 <= n <= MAX_NUMBER:
        raise ValueError(f"编号{n}超出范围：标题编号应在1至{MAX_NUMBER}之间。")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    prefix = "十" if tens == 1 else DIGITS[tens] + "十"
    return prefix + (DIGITS[ones] if ones else "")


def heading_label(level: int, n: int) -> str:
    """The number of the n-th heading at ``level``: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{cn_numeral(n)}、"
    if level == 2:
        return f"（{cn_numeral(n)}）"
    if level in (3, 4):
        if not 1 <= n <= MAX_NUMBER:
            raise ValueError(f"编号{n}超出范围：标题编号应在1至{MAX_NUMBER}之间。")
        return f"{n}." if level == 3 else f"（{n}）"
    raise ValueError(f"标题层级{level}无效：应为1至{MAX_LEVEL}。")


def numbered_sections(doc: Document) -> Iterator[tuple[str, Section, int]]:
    """Every section in reading order as (label, section, depth), depth 1 for the parts."""

    def walk(sections: tuple[Section, ...], depth: int) -> Iterator[tuple[str, Section, int]]:
        for n, section in enumerate(sections, start=1):
            yield heading_label(depth, n), section, depth
            yield from walk(section.children, depth + 1)

    return walk(doc.parts, 1)


def format_date(date: datetime.date) -> str:
    """成文日期 in Arabic numerals without zero padding (GB/T 9704-2012 7.3.5.1): 2026年3月18日."""
    return f"{date.year}年{date.month}月{date.day}日"
