"""Proofreading checks: punctuation pairs, cited titles and official names, period words and
years, missing counts, run-on items.

Each rule is general (a kind of fault, not a sentence of one report); the word lists live in
``review/data`` with their sources so they can be maintained without touching code.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from review.engine.model import Finding, Section
from review.engine.numerals import cn_to_int
from review.engine.structure import OPENING_YEAR_RE, REPORTING_YEAR_RE, Metadata

DATA = Path(__file__).resolve().parent.parent / "data"
CJK = "\u4e00-\u9fff"

# --- punctuation pairs -------------------------------------------------------------------------

OPENERS = {"（": "paren", "(": "paren", "《": "book", "〈": "angle", "【": "square", "[": "square"}
OPENERS |= {"“": "dquote", "‘": "squote", "「": "corner", "『": "wcorner"}
CLOSERS = {"）": "paren", ")": "paren", "》": "book", "〉": "angle", "】": "square", "]": "square"}
CLOSERS |= {"”": "dquote", "’": "squote", "」": "corner", "』": "wcorner"}
PAIR_NAME = {
    "paren": "括号（）",
    "book": "书名号《》",
    "angle": "书名号〈〉",
    "square": "方括号【】",
    "dquote": "引号“”",
    "squote": "引号‘’",
    "corner": "引号「」",
    "wcorner": "引号『』",
}
PAIR_RE = re.compile(r"[（()《〈【\[“‘「『）)》〉】\]”’」』]|\n")
# A paragraph ends where a line ends a sentence (or is empty); lines broken by PDF conversion
# run on, so a pair may span them.
PARA_END = re.compile(r"[。！？：；…”’」』]\s*$")
# “1）”“a)” at a line start number an item; the closer has no opener by design.
ITEM_CLOSER = re.compile(r"(?:^|[\n；;，,。：:\s])[ \t\u3000]*[\dA-Za-z一二三四五六七八九十]{1,2}$")


def unbalanced(text: str) -> list[Finding]:
    """Brackets, 书名号 and quotation marks: each closed, by its own kind, within its paragraph."""
    out: list[Finding] = []
    stack: list[tuple[str, int, str]] = []  # (kind, position, char)

    def unclosed() -> None:
        for kind, pos, ch in stack:
            out.append(
                Finding(
                    "unbalanced",
                    "warning",
                    f"“{ch}”没有对应的结束符号（{PAIR_NAME[kind]}不配对）。",
                    pos,
                    pos + 1,
                )
            )
        stack.clear()

    for m in PAIR_RE.finditer(text):
        ch, pos = m[0], m.start()
        if ch == "\n":
            if not stack:
                continue
            line_start = text.rfind("\n", 0, pos) + 1
            line = text[line_start:pos]
            # A blank line alone does not end a paragraph: PDF and web copies put blank lines
            # inside sentences; the last line with text decides.
            if line.strip() and PARA_END.search(line):
                unclosed()
            continue
        if ch in OPENERS:
            stack.append((OPENERS[ch], pos, ch))
            continue
        kind = CLOSERS[ch]
        if stack and stack[-1][0] == kind:
            stack.pop()
            continue
        if any(k == kind for k, _p, _c in stack):
            # “《A（B》”: what was opened inside is left open; report it and close both.
            while stack and stack[-1][0] != kind:
                k, p, c = stack.pop()
                out.append(
                    Finding(
                        "unbalanced",
                        "warning",
                        f"“{c}”没有对应的结束符号（{PAIR_NAME[k]}不配对）。",
                        p,
                        p + 1,
                    )
                )
            stack.pop()
            continue
        if stack:
            k, p, c = stack.pop()
            out.append(
                Finding(
                    "unbalanced",
                    "warning",
                    f"“{c}”以“{ch}”结束：{PAIR_NAME[k]}与{PAIR_NAME[kind]}混用。",
                    pos,
                    pos + 1,
                )
            )
            continue
        if kind == "paren" and ITEM_CLOSER.search(text[max(0, pos - 8) : pos]):
            continue
        out.append(
            Finding(
                "unbalanced",
                "warning",
                f"“{ch}”前面没有对应的开始符号（{PAIR_NAME[kind]}不配对）。",
                pos,
                pos + 1,
            )
        )
    unclosed()
    return out


# Patterns start with a character or a class (not a repeat or a lookahead) so the regex engine
# skips ahead to where they may match.
HYPHEN_RE = re.compile(r"--?|－－?")
PROSE_LINE = re.compile(r"[，。；]")
NAV_LINE = re.compile(r"首页|当前位置|[>|]|网站|政务公开")
CJK_RE = re.compile(f"[{CJK}]")


def hyphens(text: str) -> list[Finding]:
    """A hyphen between Chinese words where a dash (——) belongs."""
    out = []
    if "-" not in text and "－" not in text:
        return out
    for m in HYPHEN_RE.finditer(text):
        a, b = m.start(), m.end()
        if a > 0 and text[a - 1] in " \t":
            a -= 1
        if b < len(text) and text[b] in " \t":
            b += 1
        before, after = text[a - 1 : a] if a else "", text[b : b + 1]
        if not (CJK_RE.match(before) and (CJK_RE.match(after) or after == "“")):
            continue
        line = text[text.rfind("\n", 0, a) + 1 : text.find("\n", b) % (len(text) + 1)]
        if PROSE_LINE.search(line) and not NAV_LINE.search(line):
            out.append(
                Finding(
                    "punct",
                    "warning",
                    f"汉字之间的“{m[0]}”应为破折号“——”（或连接号“—”）。",
                    m.start(),
                    m.end(),
                )
            )
    return out


# --- titles of laws and documents, official names ----------------------------------------------

PRC = "中华人民共和国"
DASHES = re.compile(r"[-－–~～]")


@cache
def known_titles() -> frozenset[str]:
    out = set()
    for line in (DATA / "titles.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.add(line.split("\t")[0].strip())
    return frozenset(out)


@cache
def official_names() -> tuple[tuple[re.Pattern, str, str, str], ...]:
    out = []
    for line in (DATA / "names.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            wrong, right, note = ([*line.split("\t"), "", ""])[:3]
            out.append((compile_rule(wrong), right, note, required_literal(wrong)))
    return tuple(out)


# “(?<![从就])职业…”: a leading lookbehind, then plain characters.
LEADING_LOOKBEHIND = re.compile(r"\(\?<([!=])([^()]+)\)([^\\()\[\]{}?*+|.^$]+)(?![?*{+])")


def compile_rule(pattern: str) -> re.Pattern:
    """``pattern`` compiled so the regex engine can skip ahead to where it may match.

    A pattern that starts with a lookbehind is tried at every position of the text; the same
    pattern with the lookbehind moved after the plain characters that follow it
    (``(?<!A)BC…`` → ``BC(?<!(?:A)BC)…``) matches exactly the same spans and is found by a
    fast search for ``BC``.
    """
    m = LEADING_LOOKBEHIND.match(pattern)
    if m:
        sign, behind, literal = m.groups()
        pattern = f"{literal}(?<{sign}(?:{behind}){literal}){pattern[m.end() :]}"
    return re.compile(pattern)


class Literals:
    """Which of many words occur in a text, in one pass (instead of one ``in`` per word).

    One alternation, longest word first, is searched from every position where a word starts;
    the word found there is the longest one starting there, and every shorter word starting
    there is a prefix of it.
    """

    def __init__(self, words) -> None:
        words = sorted({w for w in words if w}, key=len, reverse=True)
        self.rx = re.compile("|".join(map(re.escape, words))) if words else None
        self.prefixes = {w: [v for v in words if w.startswith(v)] for w in words}

    def present(self, text: str) -> set[str]:
        found: set[str] = set()
        if self.rx is None:
            return found
        search, m = self.rx.search, self.rx.search(text)
        while m:
            found.update(self.prefixes[m[0]])
            m = search(text, m.start() + 1)
        return found


def required_literal(pattern: str) -> str:
    """The longest run of plain characters every match of ``pattern`` contains ("" if none).

    Used to skip a pattern cheaply (``literal in text``) on texts that cannot match it. Groups,
    classes and lookarounds are skipped; a character made optional by a quantifier ends the run.
    """
    runs, run, depth, i = [], "", 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            runs.append(run)
            run, i = "", i + 2
            continue
        if c == "[" and depth == 0:
            runs.append(run)
            run = ""
            i = pattern.index("]", i + 1) + 1
            continue
        if c == "(":
            depth += 1
            runs.append(run)
            run = ""
        elif c == ")":
            depth -= 1
        elif depth == 0:
            if c in "?*{":
                run = run[:-1]
                runs.append(run)
                run = ""
                if c == "{":
                    i = pattern.index("}", i) + 1
                    continue
            elif c in "+|.^$":
                if c == "|":
                    return ""  # top-level alternatives share no literal
                runs.append(run)
                run = ""
            else:
                run += c
        i += 1
    runs.append(run)
    return max(runs, key=len)


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early once every path exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _dropped_inside(short: str, full: str) -> bool:
    """``short`` is ``full`` with one run of 1–4 characters dropped from its middle."""
    n = len(full) - len(short)
    if not 1 <= n <= 4:
        return False
    i = 0
    while i < len(short) and short[i] == full[i]:
        i += 1
    return 0 < i < len(short) and short[i:] == full[i + n :]


@cache
def nearest_title(title: str) -> str | None:
    """The known title this one misquotes (a word dropped, a character or two wrong), if any."""
    if len(title) < 5:
        return None
    chars = set(title)
    for known in known_titles():
        if abs(len(known) - len(title)) > 4 or len(chars & set(known)) < 0.7 * len(set(known)):
            continue
        if _dropped_inside(title, known):
            return known
        if re.sub(r"\d", "", title) == re.sub(r"\d", "", known):
            continue  # another edition or period of the same document
        limit = 2 if len(known) >= 12 else 1 if len(known) >= 6 else 0
        if limit and len(title) == len(known) and _distance(title, known, limit) <= limit:
            return known
    return None


TITLE_RE = re.compile(r"《([^《》\n]{2,60})》")


def titles(text: str) -> list[Finding]:
    out: list[Finding] = []
    known = known_titles()
    for m in TITLE_RE.finditer(text):
        raw = m[1]
        title = re.sub(r"\s+", "", raw).removeprefix(PRC).replace("(", "（").replace(")", "）")
        if title in known:
            continue
        dashed = DASHES.sub("—", title)
        if dashed in known:
            out.append(
                Finding(
                    "punct",
                    "info",
                    f"《{raw}》中的年份区间应使用连接号“—”：《{dashed}》。",
                    m.start(),
                    m.end(),
                )
            )
            continue
        near = nearest_title(dashed)
        if near:
            out.append(
                Finding(
                    "title_misquoted",
                    "warning",
                    f"《{raw}》与正式名称不符，应为《{near}》。",
                    m.start(),
                    m.end(),
                )
            )
    for pattern, right, note, literal in official_names():  # a few rules: ``in`` is quicker
        if literal and literal not in text:
            continue
        for m in pattern.finditer(text):
            out.append(
                Finding(
                    "term",
                    "warning",
                    f"“{m[0]}”应为“{right}”：{note}。",
                    m.start(),
                    m.end(),
                )
            )
    return out


# --- period words and years --------------------------------------------------------------------

PERIOD_RE = re.compile(r"今年以来|今年|明年|本年以来|截至目前|截止目前|目前")
# Parts where “目前” describes the present state, as it should.
PRESENT_TENSE_PARTS = {"shortcomings_and_causes", "next_year_plan"}


def _year(s: str) -> int | None:
    try:
        return int(s) if s.isdigit() else cn_to_int(s)
    except ValueError:
        return None


def period_words(text: str, meta: Metadata, sections: list[Section]) -> list[Finding]:
    out: list[Finding] = []
    y = meta.report_year
    top = min((s.level for s in sections), default=1)
    tops = [s for s in sections if s.level == top]
    for m in PERIOD_RE.finditer(text):
        word = m[0]
        if word in ("截至目前", "截止目前"):
            continue  # reported as partial_period
        if word == "目前":
            part = next((s.part for s in reversed(tops) if s.start <= m.start()), None)
            if part in PRESENT_TENSE_PARTS or text[m.end() : m.end() + 1] in ("仍", "尚", "还"):
                continue
            out.append(
                Finding(
                    "period_word",
                    "info",
                    "年度报告中“目前”所指时间不明，数据宜写明截至日期（如“截至"
                    f"{y or 'XXXX'}年底”）。",
                    m.start(),
                    m.end(),
                )
            )
            continue
        year = (y + 1 if word == "明年" else y) if y else None
        right = f"{year}年" if year else "具体年份"
        out.append(
            Finding(
                "period_word",
                "warning",
                f"“{word}”在年度报告中指向不明（报告发布时已是下一年），应写“{right}”。",
                m.start(),
                m.end(),
            )
        )
    if y is None or meta.year_source != "title":
        return out
    for rx in (OPENING_YEAR_RE, REPORTING_YEAR_RE):
        for m in rx.finditer(text, 0, min(len(text), 4000)):
            found = _year(m[1])
            if found and found != y:
                out.append(
                    Finding(
                        "year_mismatch",
                        "warning",
                        f"“{m[1]}年”与报告年度（{y}年）不符。",
                        m.start(1),
                        m.end(1),
                    )
                )
    for s in tops:
        if s.part != "next_year_plan":
            continue
        ym = re.search(r"(20\d{2})\s*年", s.heading)
        if ym and int(ym[1]) != y + 1:
            out.append(
                Finding(
                    "year_mismatch",
                    "warning",
                    f"下一年度安排写的是“{ym[1]}年”，报告年度为{y}年，应为{y + 1}年。",
                    s.start,
                    s.start + len(s.number) + len(s.heading),
                )
            )
    return out


# --- missing counts, run-on items --------------------------------------------------------------

MISSING_NUMBER_RE = re.compile(
    r"(?:共|共计|合计|累计|达|对|约|近|其中|开展|组织|举办|召开|出动|检查|查处|办理|受理|立案|结案|"
    r"处理|发放|收到|完成|罚款|罚没|评查|抽查|抽检|培训|没收)"
    r"(?:(件|起|家|户|场|份|名|宗|笔|万元|元)"
    r"(?![数量次率均以的为达共总额度庭具属长居电籍外口型内事单称义所地景素旦草诉来点到步始见码牌录号子师中主誉门里人])"
    # 户次/人次/批次 also name a column or a measure (“检查户次、覆盖率”): only mid-sentence
    r"|(家次|户次|人次|件次|批次)(?=[\u4e00-\u9fff“《])(?!进行|[数量率均以的为达共总])"
    r")"
)


def missing_numbers(text: str) -> list[Finding]:
    """“评查组对件行政处罚案件”: a measure word where the count should have been."""
    return [
        Finding(
            "missing_number",
            "warning",
            f"“{m[0]}”：“{m[1] or m[2]}”前缺少数字。",
            m.start(m.lastindex) - 1,
            m.end(m.lastindex),
        )
        for m in MISSING_NUMBER_RE.finditer(text)
    ]


INLINE_ITEM_RE = re.compile(
    r"[（(2-9](?:(?<=[（(])([二三四五六七八九十])[）)]|(?<=([2-9]))[、．](?=[\u4e00-\u9fff]))"
)


def inline_items(text: str) -> list[Finding]:
    """“……加强学法（二）规范执法……”: a new item starts inside a sentence without 。."""
    out = []
    for m in INLINE_ITEM_RE.finditer(text):
        before = text[m.start() - 1 : m.start()] if m.start() else ""
        if not (CJK_RE.match(before) or before == "%" or (before.isdigit() and m[1])):
            continue
        n = cn_to_int(m[1]) if m[1] else int(m[2])
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : m.start()]
        if m[1]:
            previous = (f"（{_cn(n - 1)}）", f"({_cn(n - 1)})")
        else:
            previous = (f"{n - 1}、", f"{n - 1}．")
        if not any(p in line for p in previous):
            continue
        out.append(
            Finding(
                "runon",
                "warning",
                f"“{m[0]}”前缺少句号，新条目与上一条连在一起。",
                m.start() - 1,
                m.end(),
            )
        )
    return out


def _cn(n: int) -> str:
    return "零一二三四五六七八九十"[n] if 0 <= n <= 10 else str(n)


def run_all(text: str, sections: list[Section], meta: Metadata) -> list[Finding]:
    findings: list[Finding] = []
    findings += unbalanced(text)
    findings += hyphens(text)
    findings += titles(text)
    findings += period_words(text, meta, sections)
    findings += missing_numbers(text)
    findings += inline_items(text)
    return findings
