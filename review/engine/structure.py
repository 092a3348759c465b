"""Structure of a report: metadata, heading hierarchy, mandated parts."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from review.engine.model import Section
from review.engine.numerals import cn_to_int

CN = "零〇一二三四五六七八九十百"
# Level patterns at the start of a line: (level, regex, numbering style).
HEADING_PATTERNS = [
    (1, re.compile(rf"^[ \t\u3000]*([{CN}]+)[、，,．.]"), "cn"),
    (2, re.compile(rf"^[ \t\u3000]*[（(]([{CN}]+)[）)]"), "cn_paren"),
    (3, re.compile(r"^[ \t\u3000]*(\d{1,2})(?:[.．、](?!\d)|\s)"), "arabic"),
    (4, re.compile(r"^[ \t\u3000]*[（(](\d{1,2})[）)]"), "arabic_paren"),
]

# Mandated parts (RULES.md §1.1) and the words their headings use (§1.3 variants).
PART_KEYWORDS = [
    ("first_responsible_duty", re.compile(r"第一责任人|主要负责人.{0,12}(职责|履职)|述法")),
    ("shortcomings_and_causes", re.compile(r"不足|存在的.{0,4}问题|短板|差距|薄弱")),
    (
        "next_year_plan",
        re.compile(
            r"下一?年度?|下步|下一步|工作计划|工作打算|主要安排|初步安排|"
            r"工作思路|\d{4}年.{0,10}(打算|安排|计划|思路)"
        ),
    ),
    ("measures_and_results", re.compile(r"举措|成效|主要工作|工作开展|工作情况|主要做法|工作成果")),
    ("other", re.compile(r"其他|其它")),
]

DATE_RE = re.compile(r"(20\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
CN_DATE_RE = re.compile(
    r"(二[〇○零][一二三四五六七八九〇○零]{2})年([一二三四五六七八九十]{1,3})月"
    r"([一二三四五六七八九十]{1,3})日"
)
PUBLISHED_RE = re.compile(
    r"(发布(?:时间|日期)|公开(?:时间|日期)|发文日期)\s*[\]】]?\s*[:：]?\s*"
    r"(20\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2})"
)
WRITTEN_RE = re.compile(
    r"成文日期\s*[\]】]?\s*[:：]?\s*(20\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2})"
)
TITLE_HINT = re.compile(r"法治政府建设|法治建设|依法行政|述法")
AGENCY_RE = re.compile(
    r"^(.{2,40}?(?:卫生健康委员会|卫生健康局|卫生健康委|卫健委|卫健局|"
    r"卫生局|委员会|人民政府|政府|局|委|办公室|中心|所))"
)


@dataclass
class Line:
    start: int
    end: int
    text: str  # the line as in the input (offsets refer to it)


def lines_of(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.rstrip("\r\n")
        out.append(Line(pos, pos + len(stripped), stripped))
        pos += len(raw)
    return out


def parse_date(s: str) -> datetime.date | None:
    m = DATE_RE.search(s)
    if m:
        try:
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    m = CN_DATE_RE.search(s)
    if m:
        try:
            return datetime.date(cn_to_int(m[1]), cn_to_int(m[2]), cn_to_int(m[3]))
        except ValueError:
            return None
    return None


def heading_text(line: str, match: re.Match) -> str:
    """A heading runs to the end of its line, or to the first 。 when body text follows it."""
    rest = line[match.end() :]
    cut = re.search(r"[。！？]", rest)
    if cut and cut.end() < len(rest.rstrip()):
        rest = rest[: cut.start()]
    return rest.strip()


def find_sections(lines: list[Line], text_len: int) -> list[Section]:
    sections: list[Section] = []
    for ln in lines:
        for level, pattern, _style in HEADING_PATTERNS:
            m = pattern.match(ln.text)
            if not m:
                continue
            heading = heading_text(ln.text, m)
            if not heading or len(heading) > 60:
                break
            sections.append(Section(level, m.group(0).strip(), heading, None, ln.start, ln.end))
            break
    # A section ends where the next section of the same or a higher level starts.
    for i, s in enumerate(sections):
        s.end = text_len
        for later in sections[i + 1 :]:
            if later.level <= s.level:
                s.end = later.start
                break
    assign_parts(sections)
    return sections


def parts_of_heading(heading: str) -> list[str]:
    return [key for key, rx in PART_KEYWORDS if rx.search(heading)]


def assign_parts(sections: list[Section]) -> None:
    """Map each top-level section to a mandated part; children inherit it."""
    top = min((s.level for s in sections), default=1)
    current: str | None = None
    for s in sections:
        if s.level == top:
            found = parts_of_heading(s.heading)
            current = found[0] if found else None
        s.part = current


# A part may also be reported as a sub-section (seed 002 puts the 第一责任人 part under 举措).
ANY_LEVEL_PARTS = {"first_responsible_duty"}


def covered_parts(sections: list[Section]) -> set[str]:
    present: set[str] = set()
    top = min((s.level for s in sections), default=1)
    for s in sections:
        found = parts_of_heading(s.heading)
        if s.level == top:
            present.update(found)
        else:
            present.update(p for p in found if p in ANY_LEVEL_PARTS)
    return present


@dataclass
class Metadata:
    title: str = ""
    title_start: int = 0
    agency: str = ""
    report_year: int | None = None
    published: datetime.date | None = None
    published_start: int = 0
    published_end: int = 0
    signed: datetime.date | None = None


def metadata(text: str, lines: list[Line]) -> Metadata:
    meta = Metadata()
    head = [ln for ln in lines[:30] if ln.text.strip()]
    from review.engine.checks import CHROME_RE

    for i, ln in enumerate(head):
        t = ln.text.strip()
        if CHROME_RE.search(t) or re.search(r"[>|]", t):
            continue
        if (
            TITLE_HINT.search(t)
            and ("报告" in t or "情况" in t)
            and len(t) <= 80
            and not re.match(r"^[一二三四五六七八九十]+、", t)
        ):
            title = t
            start = ln.start
            if (
                i > 0
                and len(head[i - 1].text.strip()) <= 20
                and not re.search(r"[:：。]|\d{4}-", head[i - 1].text)
                and "报告" not in head[i - 1].text
                and AGENCY_RE.match(head[i - 1].text.strip())
            ):
                title = head[i - 1].text.strip() + t  # a title broken over two lines
                start = head[i - 1].start
            meta.title, meta.title_start = re.sub(r"\s+", "", title), start
            break
    if meta.title:
        m = AGENCY_RE.match(meta.title)
        if m and "关于" not in m[1]:
            meta.agency = m[1]
        elif "关于" in meta.title:
            meta.agency = meta.title.split("关于")[0]
        y = re.search(r"(20\d{2})\s*年", meta.title) or re.search(
            r"(二[〇○零][一二三四五六七八九〇○零]{2})年", meta.title
        )
        if y:
            meta.report_year = int(y[1]) if y[1].isdigit() else cn_to_int(y[1])
    m = PUBLISHED_RE.search(text[:3000])
    if m:
        meta.published = parse_date(m[2])
        meta.published_start, meta.published_end = m.start(2), m.end(2)
    # The 落款 date: the last date alone on one of the last lines.
    for ln in reversed([ln for ln in lines[-8:] if ln.text.strip()]):
        t = ln.text.strip()
        if len(t) <= 20 and (DATE_RE.fullmatch(t) or CN_DATE_RE.fullmatch(t)):
            meta.signed = parse_date(t)
            break
    if meta.published is None:
        w = WRITTEN_RE.search(text[:3000])
        if w:
            meta.published = parse_date(w[1])
            meta.published_start, meta.published_end = w.start(1), w.end(1)
    return meta
