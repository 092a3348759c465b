"""报告文档模型: the report as plain frozen values, independent of any output format.

A ``Document`` holds the title block, an optional preamble and the top-level parts (``Section``).
Sections nest up to four levels; their numbers (一、 （一） 1. （1）) are added by the writers, so a
heading must be passed without one. Blocks inside a section are ``Paragraph`` (a sequence of
``Run``), ``Table`` and ``Note`` (an editorial remark such as 本部分数据未接入, shown apart from the
report text).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

MAX_LEVEL = 4  # GB/T 9704-2012 7.3.3: 一、 （一） 1. （1）

# A heading that already carries a number of one of the four levels (also with ASCII punctuation,
# full-width digits, or a 第X部分 prefix): the writers would print the number twice.
_PRENUMBERED = re.compile(
    r"^[\s\u3000]*(?:"
    r"[一二三四五六七八九十百零〇]+[、，,．.]"
    r"|[（(][一二三四五六七八九十百零〇]+[）)]"
    r"|[0-9０-９]{1,3}(?:[、，,．.](?![0-9０-９])|\s)"
    r"|[（(][0-9０-９]{1,3}[）)]"
    r"|第[一二三四五六七八九十百零〇0-9]+[部章节条]"
    r")"
)


@dataclass(frozen=True)
class Run:
    """文字片段: a piece of text, optionally bold or linked (``href``)."""

    text: str
    href: str | None = None
    bold: bool = False


Cell = str | Run


def _run(item: str | Run) -> Run:
    if isinstance(item, Run):
        return item
    if isinstance(item, str):
        return Run(item)
    raise TypeError(f"expected str or Run, got {type(item).__name__}")


@dataclass(frozen=True)
class Paragraph:
    """段落: a body paragraph made of runs."""

    runs: tuple[Run, ...]

    def __post_init__(self) -> None:
        runs = (self.runs,) if isinstance(self.runs, str | Run) else self.runs
        object.__setattr__(self, "runs", tuple(_run(r) for r in runs))

    @classmethod
    def of(cls, *items: str | Run) -> Paragraph:
        """Build a paragraph from strings and runs: ``Paragraph.of("共检查", Run("9", href))``."""
        return cls(tuple(_run(i) for i in items))

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Table:
    """表格: a captioned table; every row has as many cells as the header."""

    caption: str
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "header", tuple(self.header))
        rows = tuple(tuple(row) for row in self.rows)
        object.__setattr__(self, "rows", rows)
        if not self.header:
            raise ValueError(f"表格“{self.caption}”没有表头。")
        for i, row in enumerate(rows, start=1):
            if len(row) != len(self.header):
                raise ValueError(
                    f"表格“{self.caption}”第{i}行有{len(row)}个单元格，表头有{len(self.header)}个。"
                )


@dataclass(frozen=True)
class Note:
    """编者注: an editorial note about the report (e.g. 本部分数据未接入), not report text."""

    text: str


Block = Paragraph | Table | Note


def _check_heading(heading: str) -> None:
    if not heading.strip():
        raise ValueError("标题不能为空 (empty heading).")
    if _PRENUMBERED.match(heading):
        raise ValueError(
            f"标题“{heading}”已带编号；编号由导出程序生成，请去掉编号 "
            "(heading is already numbered; numbers are added by the writers)."
        )


@dataclass(frozen=True)
class Section:
    """章节: a heading with its blocks and sub-sections.

    ``level`` is the nesting depth (1 = 一、, 2 = （一）, 3 = 1., 4 = （1）). It follows from the
    nesting: a child left at the default level 1 is given its parent's level + 1; an explicit level
    that contradicts the nesting, or a fifth level, raises ``ValueError``.
    """

    heading: str
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    level: int = 1

    def __post_init__(self) -> None:
        _check_heading(self.heading)
        if not 1 <= self.level <= MAX_LEVEL:
            raise ValueError(
                f"标题“{self.heading}”位于第{self.level}层；公文标题最多{MAX_LEVEL}层 "
                f"(GB/T 9704 defines {MAX_LEVEL} heading levels)."
            )
        object.__setattr__(self, "blocks", tuple(self.blocks))
        children = []
        for child in self.children:
            if child.level not in (1, self.level + 1):
                raise ValueError(
                    f"标题“{child.heading}”的层级为{child.level}，但它位于第{self.level}层标题"
                    f"“{self.heading}”之下，应为{self.level + 1}。"
                )
            if child.level != self.level + 1:
                child = _shift(child, self.level + 1)
            children.append(child)
        object.__setattr__(self, "children", tuple(children))


def _shift(section: Section, level: int) -> Section:
    """The same sub-tree one or more levels deeper (it was built on its own, from level 1)."""
    if level > MAX_LEVEL:
        raise ValueError(
            f"标题“{section.heading}”位于第{level}层；公文标题最多{MAX_LEVEL}层 "
            f"(GB/T 9704 defines {MAX_LEVEL} heading levels)."
        )
    shifted = object.__new__(Section)
    for name, value in (
        ("heading", section.heading),
        ("blocks", section.blocks),
        ("children", tuple(_shift(c, level + 1) for c in section.children)),
        ("level", level),
    ):
        object.__setattr__(shifted, name, value)
    return shifted


@dataclass(frozen=True)
class Document:
    """年度报告: title, issuing agency, report year, 成文日期 and the parts in order.

    ``preamble`` holds the blocks between the title and the first part (现将……报告如下：).
    """

    title: str
    agency: str
    year: int
    date: datetime.date
    parts: tuple[Section, ...]
    preamble: tuple[Block, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(self.parts))
        object.__setattr__(self, "preamble", tuple(self.preamble))
        for part in self.parts:
            if part.level != 1:
                raise ValueError(f"标题“{part.heading}”是报告的一级部分，层级应为1。")
