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
NOT_AN_AGENCY = re.compile(r"\d|年|法治|依法|建设|报告|情况")
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
    year_source: str | None = None  # title | body | metadata
    agency_source: str | None = None


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
            and not re.search(r"[:：]$|如下|^现将", t)  # the sentence introducing the report
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
        if NOT_AN_AGENCY.search(meta.agency):
            meta.agency = ""  # “2025年度法治政府建设…”: a title that names no agency
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
    if meta.report_year is not None:
        meta.year_source = "title"
    else:
        _year_from_text(text, lines, meta)
    if meta.agency:
        meta.agency_source = "title"
    else:
        _agency_from_text(text, lines, meta)
    return meta


# --- metadata from the body or the page's information lines -----------------------------------

CJK_CLASS = "\u4e00-\u9fff"
CN_YEAR = r"二[〇○零][一二三四五六七八九〇○零]{2}"
# “2025年，……坚持……” / “2025年以来” / “2025年度，” opening a paragraph.
OPENING_YEAR_RE = re.compile(
    rf"^[ \t\u3000]*(?:[一二三四五六七八九十]+、)?(20\d{{2}}|{CN_YEAR})\s*年(?:度)?(?:以来)?\s*"
    rf"(?:[，,]|是|[{CJK_CLASS}]{{0,6}}(?:坚持|在|围绕|深入|全面|紧紧|认真|着力))",
    re.M,
)
# “现将2025年度法治政府建设情况报告如下” and the like, anywhere near the top.
REPORTING_YEAR_RE = re.compile(
    rf"(?:现将|关于)[^。\n]{{0,20}}?(20\d{{2}}|{CN_YEAR})\s*年(?:度)?[^。\n]{{0,20}}?"
    r"(?:法治政府建设|法治建设|依法行政|述法)"
)
HEALTH_AGENCY = (
    "卫生健康委员会|卫生和计划生育委员会|卫生健康(?:和|与)[\u4e00-\u9fff]{2,6}?局|卫生健康局|"
    "卫生健康委|卫生健康厅|卫生计生委|卫生计生局|卫健委|卫健局|卫生局|卫生厅"
)
PLAN_YEAR_RE = re.compile(
    r"^[ \t\u3000]*[一二三四五六七八九十]+、\s*(20\d{2})\s*年(?:度)?[^\n。]{0,16}"
    r"(?:计划|打算|安排|思路)",
    re.M,
)
BODY_YEAR_RE = re.compile(r"(?<!\d)(20\d{2})\s*年(?!\d)")
HEALTH_AGENCY_RE = re.compile(f"(?:{HEALTH_AGENCY})")
PLACE_SEQ = re.compile(
    rf"(?:[{CJK_CLASS}]{{1,7}}?(?:省|自治区|自治州|市|州|盟|地区|新区|区|县|旗))+"
)
LEAD_WORDS = re.compile(
    r"^(?:中共|现将|关于|按照|根据|会同|联合|配合|经|据|由|在|对|向|为|是|以|将|我|年|的|了|及|其)+"
)
SOURCE_LINE_RE = re.compile(
    r"(?:信息来源|发布机构|来源|发文机关|发布单位|来源单位)\s*[\]】]?\s*[:：]?\s*"
    r"([^\s:：\[\]【】|,，。]{2,40})"
)
AGENCY_END_RE = re.compile(r"(?:局|委员会|委|厅|办公室|办|政府|中心|所|院)$")


def _year_value(s: str) -> int:
    return int(s) if s.isdigit() else cn_to_int(s)


def _year_from_text(text: str, lines: list[Line], meta: Metadata) -> None:
    head = text[:4000]
    m = OPENING_YEAR_RE.search(head) or REPORTING_YEAR_RE.search(head)
    if m:
        meta.report_year, meta.year_source = _year_value(m[1]), "body"
        return
    # The page's date lines: a report is published after its year (RULES.md §1.2); one dated
    # in the first half of a year reports on the year before.
    dated = meta.published or meta.signed
    if dated is not None:
        meta.report_year = dated.year - 1 if dated.month <= 6 else dated.year
        meta.year_source = "metadata" if meta.published else "body"
        return
    # The plan part names the next year (“2026年工作打算”).
    m = PLAN_YEAR_RE.search(text)
    if m:
        meta.report_year, meta.year_source = int(m[1]) - 1, "body"
        return
    # Else the year the body mentions most, outside titles and document numbers.
    body = re.sub(r"《[^》\n]*》|〔\d{4}〕|[\[（(]\d{4}[\]）)]", "", text)
    years = [int(y) for y in BODY_YEAR_RE.findall(body)]
    if years:
        meta.report_year = max(set(years), key=lambda y: (years.count(y), -y))
        meta.year_source = "body"


def _agency_with_place(text: str, start: int) -> str | None:
    """The agency name ending at ``start`` (its health suffix starts there), with its place."""
    prefix = text[max(0, start - 16) : start]
    cut = max((i for i, c in enumerate(prefix) if not ("\u4e00" <= c <= "\u9fff")), default=-1)
    prefix = LEAD_WORDS.sub("", prefix[cut + 1 :])
    for p in range(len(prefix)):
        if PLACE_SEQ.fullmatch(prefix[p:]):
            return prefix[p:]
    return None


def _agency_from_text(text: str, lines: list[Line], meta: Metadata) -> None:
    from_source = None
    for m in SOURCE_LINE_RE.finditer(text[:4000]):
        value = m[1].strip()
        if AGENCY_END_RE.search(value) and "网" not in value:
            from_source = value
            break
    has_place = from_source and not from_source.startswith(("市", "区", "县"))
    if has_place and PLACE_SEQ.match(from_source):
        meta.agency, meta.agency_source = from_source, "metadata"
        return
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in HEALTH_AGENCY_RE.finditer(text):
        place = _agency_with_place(text, m.start())
        if place and len(place) >= 2 and place not in ("省", "市", "区", "县"):
            name = place + m[0]
            counts[name] = counts.get(name, 0) + 1
            first.setdefault(name, m.start())
    if counts:
        # The 落款 (a short line near the end naming the agency) decides; else the most cited.
        tail = [ln.text.strip() for ln in lines[-10:] if ln.text.strip()]
        signed = [name for name in counts if name in tail]
        name = signed[0] if signed else max(counts, key=lambda n: (counts[n], -first[n]))
        meta.agency, meta.agency_source = name, "body"
        return
    if from_source:
        meta.agency, meta.agency_source = from_source, "metadata"
