"""Findings: missing parts, numbering, arithmetic, duplicates, stray text, chrome, typos, dates."""

from __future__ import annotations

import bisect
import datetime
import itertools
import re
from difflib import SequenceMatcher
from pathlib import Path

from review.engine import proofread
from review.engine.facts import extract
from review.engine.model import PART_LABELS, REQUIRED_PARTS, Finding, Section
from review.engine.numerals import cn_to_int
from review.engine.structure import HEADING_PATTERNS, Line, Metadata

TYPOS_FILE = Path(__file__).resolve().parent.parent / "data" / "typos.txt"
CJK = r"\u4e00-\u9fff"

CHROME_RE = re.compile(
    r"分享到|打印本页|【打印】?|打印】?|【关闭】?|关闭】?|关闭窗口|扫一扫在手机|在手机打开|字号[:：]?|字体[:：]|"
    r"浏览次数|访问量|信息来源[:：]|无障碍|网站支持IPv6|您当前(的)?位置|TOP\b|返回顶部|"
    r"中国政府网\s*\||人民政府网|网站地图|收藏本站"
)
META_LABEL_RE = re.compile(
    r"^\s*[\[【]?\s*(索\s*引\s*号|发文机关|成文日期|发文字号|发布日期|时\s*效|名\s*称|主题分类|"
    r"发布机构|文\s*号|有\s*效\s*性)\s*[\]】]?\s*[:：]?\s*(.*)$"
)


def load_typos(path: Path = TYPOS_FILE) -> list[tuple[re.Pattern, str, str, str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        wrong, right, kind, note = ([*line.split("\t"), "", "", ""])[:4]
        out.append(
            (
                proofread.compile_rule(wrong),
                right,
                kind or "typo",
                note,
                proofread.required_literal(wrong),
            )
        )
    return out


TYPOS = load_typos()
TYPO_LITERALS = proofread.Literals(literal for *_rule, literal in TYPOS)


def run_all(
    text: str,
    lines: list[Line],
    sections: list[Section],
    parts: set[str],
    meta: Metadata,
    facts=None,
) -> list[Finding]:
    findings: list[Finding] = []
    sentences = list(SENTENCE_RE.finditer(text))  # read once, used by two checks
    findings += missing_parts(parts, sections, text)
    findings += numbering(lines, sections)
    findings += enumerations(text)
    findings += arithmetic(text, facts, sentences)
    findings += duplicates(text, sentences)
    findings += stray(text)
    findings += chrome(lines)
    findings += typos(text)
    findings += partial_period(text, meta)
    findings += publication(meta)
    findings += style(text, sections)
    findings += proofread.run_all(text, sections, meta)
    findings = _dedupe(findings)
    findings.sort(key=lambda f: (f.start, f.kind))
    return findings


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per span for word lists that overlap (a typo also caught as a term)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for f in findings:
        if f.kind in ("typo", "term", "truncated") and f.end > f.start:
            if any(a <= f.start < b or f.start <= a < f.end for a, b in seen):
                continue
            seen.add((f.start, f.end))
        out.append(f)
    return out


# --- parts -------------------------------------------------------------------------------------


def missing_parts(parts: set[str], sections: list[Section], text: str) -> list[Finding]:
    out = []
    for key in REQUIRED_PARTS:
        if key not in parts:
            out.append(
                Finding(
                    "missing_part",
                    "error",
                    f"缺少必备部分：{PART_LABELS[key]}（法治政府建设年度报告须包含）",
                    0,
                    0,
                )
            )
    for s in sections:
        if s.part == "shortcomings_and_causes" and s.level == min(x.level for x in sections):
            body = text[s.start : s.end]
            if "原因" not in body:
                out.append(
                    Finding(
                        "part_incomplete",
                        "warning",
                        "“存在的不足和原因”部分只写了不足，未分析原因。",
                        s.start,
                        s.start + len(s.number) + len(s.heading),
                    )
                )
    return out


# --- numbering ---------------------------------------------------------------------------------


NOT_NUMERAL_RE = re.compile(r"[^\d零〇一二三四五六七八九十百]")
STYLE_OF_LEVEL = {lv: st for lv, _rx, st in reversed(HEADING_PATTERNS)}  # first pattern wins


def _value(number: str) -> int | None:
    digits = NOT_NUMERAL_RE.sub("", number)
    if not digits:
        return None
    return int(digits) if digits.isdigit() else cn_to_int(digits)


def numbering(lines: list[Line], sections: list[Section]) -> list[Finding]:
    """Gaps, repeats and style breaks in each level's sequence under its parent."""
    out: list[Finding] = []
    last: dict[int, tuple[int, str]] = {}  # level -> (value, style) of the previous sibling
    for s in sections:
        for deeper in [lv for lv in last if lv > s.level]:
            del last[deeper]
        value = _value(s.number)
        if value is None:
            continue
        style = STYLE_OF_LEVEL[s.level]
        # “（5）” right after “（四）”: a level-4 number continuing a level-2 sequence.
        if s.level == 4 and 2 in last and 3 not in last:
            expected = last[2][0] + 1
            out.append(
                Finding(
                    "numbering_style",
                    "error",
                    f"编号“{s.number}”与同级“（{_cn(last[2][0])}）”格式不一致，"
                    f"应为“（{_cn(expected)}）”。",
                    s.start,
                    s.start + len(s.number),
                )
            )
            last[2] = (expected, last[2][1])
            continue
        prev = last.get(s.level)
        expected = 1 if prev is None else prev[0] + 1
        end = s.start + len(s.number)
        if prev is not None and value == prev[0]:
            out.append(
                Finding("numbering_repeat", "error", f"编号“{s.number}”重复。", s.start, end)
            )
        elif value != expected and not (prev is None and value == 1):
            out.append(
                Finding(
                    "numbering_gap",
                    "error",
                    f"编号不连续：“{s.number}”前缺少第{expected}项。"
                    if value > expected
                    else f"编号“{s.number}”顺序错误。",
                    s.start,
                    end,
                )
            )
        last[s.level] = (value, style)
    return out


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


# Patterns here start with a character or a class, not a repeat or a lookaround, so the regex
# engine skips ahead to where they may match (“X{1,2}” is written “XX?”, same matches).
ENUM_RE = re.compile(
    r"([一二三四五六七八九十][一二三四五六七八九十]?)是(?=[^，。；、\s]{0,2}[" + CJK + "])"
)
CN_DIGITS = set("一二三四五六七八九十")
ENUM_SPLIT = re.compile(
    r"\n\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])"
)


def enumerations(text: str) -> list[Finding]:
    """一是、二是… inside a section: gaps, repeats, and run-on items missing their full stop."""
    out: list[Finding] = []
    matches = list(ENUM_RE.finditer(text))
    if not matches:
        return out
    # Blocks start at a numbered line; an item never spans one (it holds no line break), so one
    # pass over the text gives each block's items.
    bounds = [0, *(m.start() for m in ENUM_SPLIT.finditer(text)), len(text)]
    k = 0
    for a, b in itertools.pairwise(bounds):
        prev = 0
        while k < len(matches) and matches[k].start() < a:
            k += 1
        while k < len(matches) and matches[k].start() < b:
            m = matches[k]
            k += 1
            if m.start() and text[m.start() - 1] in CN_DIGITS:
                continue  # part of a longer numeral (十一是 is read from its start)
            try:
                value = cn_to_int(m[1])
            except ValueError:
                continue
            before = text[max(0, m.start() - 1) : m.start()]
            if value == 1 and prev == 0:
                prev = 1
                continue
            if prev == 0:
                continue  # “二是” without “一是” in this block: not an enumeration we track
            if not before or before in "。；;：:\n！？ \u3000”":
                if before in ";":
                    out.append(
                        Finding(
                            "punct",
                            "warning",
                            f"“{m[0]}”前用了英文分号，同级条目应以“。”分隔。",
                            m.start() - 1,
                            m.start(),
                        )
                    )
            elif re.match(rf"[{CJK}%\d]", before):
                out.append(
                    Finding(
                        "runon",
                        "warning",
                        f"“{m[0]}”前缺少句号，两个条目连在一起。",
                        m.start() - 1,
                        m.end(),
                    )
                )
            if value == prev:
                out.append(
                    Finding("numbering_repeat", "error", f"“{m[0]}”重复。", m.start(), m.end())
                )
            elif value > prev + 1:
                missing = "、".join(f"{_cn(v)}是" for v in range(prev + 1, value))
                out.append(
                    Finding(
                        "numbering_gap",
                        "error",
                        f"条目编号不连续：“{m[0]}”之前缺少“{missing}”。",
                        m.start(),
                        m.end(),
                    )
                )
            prev = max(prev, value)
    return out


# --- arithmetic --------------------------------------------------------------------------------

SENTENCE_RE = re.compile(r"[^。！？\n]+[。！？]?")
COUNT_UNITS = {
    "件",
    "起",
    "家",
    "户",
    "次",
    "人次",
    "份",
    "条",
    "个",
    "项",
    "人",
    "名",
    "家次",
    "户次",
    "场",
    "所",
}


def arithmetic(text: str, all_facts=None, sentences=None) -> list[Finding]:
    """Rates against their counts, totals against their parts, named counts against lists."""
    out: list[Finding] = []
    all_facts = extract(text) if all_facts is None else all_facts
    if sentences is None:
        sentences = list(SENTENCE_RE.finditer(text))
    # Only sentences with a fact or a “…等N项” can give a finding: each fact and hint is put in
    # the sentence that holds it, and only those sentences are read (a hint holds no sentence end).
    starts = [s.start() for s in sentences]
    held: dict[int, list] = {}
    for f in all_facts:
        k = bisect.bisect_right(starts, f.start) - 1
        if k >= 0 and f.end <= sentences[k].end():
            held.setdefault(k, []).append(f)
    hinted = set()
    for m in NAMED_COUNT_HINT.finditer(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < sentences[k].end():
            hinted.add(k)
    for k in sorted(held.keys() | hinted):
        s = sentences[k]
        sentence, base = s.group(0), s.start()
        facts = held.get(k, [])
        if facts:
            out += _rates(sentence, base, facts)
            out += _totals(sentence, base, facts)
        if k in hinted:
            out += _named_counts(sentence, base)
    return out


# A percentage is a ratio of the counts in its sentence only when its clause says so (…率、占…、
# 比例); a change (下降、增长、压缩…) is a ratio of figures the report does not give.
RATIO_RE = re.compile(r"率|占|比例|比重|百分之")
CLAUSE_RE = re.compile(r"[，,；;：:]")
PAREN_RE = re.compile(r"\s*[（(]([^）)]{2,80})[）)]")
AMONG_RE = re.compile(r"[，,]?\s*(其中|包括|分别为|分别是)")
CHANGE_RE = re.compile(
    r"下降|上升|增长|增加|减少|降低|提高|提升|压缩|缩短|同比|环比|增幅|降幅|减幅|节约|节省"
)


def _rates(sentence: str, base: int, facts) -> list[Finding]:
    out = []
    if not any(f.unit == "%" and not f.approx for f in facts):
        return out
    counts = [
        f for f in facts if f.unit in COUNT_UNITS and isinstance(f.value, int) and not f.approx
    ]
    for f in facts:
        if f.unit != "%" or f.approx:
            continue
        clause = CLAUSE_RE.split(sentence[: f.start - base])[-1]
        if CHANGE_RE.search(clause[-10:]) or not RATIO_RE.search(clause):
            continue  # “同比下降53%”, “压缩60%”: a change, not a share of the counts
        rate = float(f.value)
        decimals = len(str(f.value).split(".")[1]) if "." in str(f.value) else 0
        tol = 0.5 * 10**-decimals + 1e-9
        at_least = sentence[f.end - base : f.end - base + 2].startswith("以上")
        same_unit = [c for c in counts if c.start < f.start]
        if not same_unit:
            continue
        values = [c.value for c in same_unit]
        ok = False
        for i, a in enumerate(values):
            for b in values:
                if b <= 0:
                    continue
                for num in (a, b - a):
                    if 0 <= num <= b and abs(100 * num / b - rate) <= tol:
                        ok = True
                    if at_least and 0 <= num <= b and 100 * num / b >= rate:
                        ok = True
            if len(values) == 1 and rate in (0.0, 100.0):
                ok = True
            if len(values) == 1 and not at_least and a > 0:
                # One count stated (the whole): the rate is possible if some part k of it
                # gives it (“考试87人，合格率98.9%” is 86/87); only an impossible rate is wrong.
                k = round(rate * a / 100)
                if any(0 <= j <= a and abs(100 * j / a - rate) <= tol for j in (k - 1, k, k + 1)):
                    ok = True
            if i == 0 and len(values) == 1 and at_least:
                n = values[0]
                best_below_all = 100 * (n - 1) / n if n > 1 else 0
                if best_below_all < rate:
                    out.append(
                        Finding(
                            "rate_needs_review",
                            "warning",
                            f"{n}{same_unit[0].unit}中只有全部{n}{same_unit[0].unit}满足才能达到"
                            f"{f.span}以上（{n - 1}/{n}={best_below_all:.2f}%），"
                            "请核实并写明分母。",
                            f.start,
                            f.end,
                        )
                    )
                ok = True
        if not ok and (decimals > 0 or len(values) >= 2):
            listed = "、".join(c.span for c in same_unit)
            out.append(
                Finding(
                    "rate_mismatch",
                    "error",
                    f"比率{f.span}与同句中的数字（{listed}）算不出来，请核对。",
                    f.start,
                    f.end,
                )
            )
    return out


TOTAL_RE = re.compile(r"(共|总计|合计|共计|累计)[^，。；]{0,12}?$")


def _totals(sentence: str, base: int, facts) -> list[Finding]:
    """“共X件，其中a件、b件…” and “X次（线下a次、线上b次）”: parts must add up to the total."""
    out = []
    for i, total in enumerate(facts):
        if total.unit == "%" or total.approx:
            continue
        # A breakdown follows the total at once (“（…）”, “，其中/分别为…”): test that in place
        # before slicing the sentence.
        pos = total.end - base
        if not (PAREN_RE.match(sentence, pos) or AMONG_RE.match(sentence, pos)):
            continue
        after = sentence[total.end - base :]
        lead = sentence[: total.start - base]
        paren = PAREN_RE.match(after)
        among = AMONG_RE.match(after)
        if not (
            paren
            or (among and among[1].startswith("分别"))
            or (among and TOTAL_RE.search(lead[-16:] + ""))
            or (among and re.search(r"(共|合计|共计|累计|总计)", lead[-12:]))
        ):
            continue
        if paren:
            scope_end = total.end - base + paren.end()
        else:
            stop = re.search(r"(共计|合计|总计|[；;。])", after[among.end() :])
            scope_end = total.end - base + among.end() + (stop.start() if stop else len(after))
        parts = [
            f
            for f in facts[i + 1 :]
            if f.end - base <= scope_end and f.unit == total.unit and not f.approx
        ]
        if len(parts) < 2:
            continue
        scope_text = sentence[total.end - base : scope_end]
        if "等" in scope_text[-6:]:
            continue
        got = sum(p.value for p in parts)
        if got == total.value:
            continue
        listed = "+".join(str(p.value) for p in parts)
        # Parts short of the total are a fault only where the text says they make it up:
        # “共X件，其中…”, “…分别为…”, “合计/总计”. A bare “其中” or a parenthesis may name a few.
        claims_whole = bool(
            re.search(r"共|合计|总计|累计", lead[-12:]) or re.search(r"分别|均为|全部", scope_text)
        )
        if got < total.value and not claims_whole:
            continue
        if got > total.value or got >= 0.8 * total.value:
            out.append(
                Finding(
                    "sum_mismatch",
                    "error",
                    f"总数{total.span}与所列分项之和不符：{listed}={got}{total.unit}。",
                    total.start,
                    total.end,
                )
            )
        else:
            out.append(
                Finding(
                    "breakdown_incomplete",
                    "warning",
                    f"{total.span}中“其中”只列出{got}{total.unit}（{listed}），其余未说明。",
                    total.start,
                    total.end,
                )
            )
    return out


NAMED_COUNT_RE = re.compile(
    rf"([{CJK}A-Za-z0-9“”]{{2,30}}(?:、[{CJK}A-Za-z0-9“”]{{2,30}})+)等"
    r"([两二三四五六七八九十\d]+)(大|个|项|类|种|方面)"
)


NAMED_COUNT_HINT = re.compile(r"等[两二三四五六七八九十\d]+(?:大|个|项|类|种|方面)")


def _named_counts(sentence: str, base: int) -> list[Finding]:
    """“…等五大领域” must name as many items as it counts (or fewer only with 等 meaning etc.)."""
    out = []
    if not NAMED_COUNT_HINT.search(sentence):
        return out
    for m in NAMED_COUNT_RE.finditer(sentence):
        items = m[1].split("、")
        try:
            n = int(m[2]) if m[2].isdigit() else cn_to_int(m[2])
        except ValueError:
            continue
        # “甲、乙、丙、丁等五大领域”: one short is a slip; many short reads as “etc.”.
        if len(items) == n - 1:
            out.append(
                Finding(
                    "count_mismatch",
                    "error",
                    f"写“{m[2]}{m[3]}”，但只列出了{len(items)}项：{'、'.join(items)}。",
                    base + m.start(2),
                    base + m.end(3),
                )
            )
        elif len(items) > n:
            out.append(
                Finding(
                    "count_mismatch",
                    "error",
                    f"写“{m[2]}{m[3]}”，却列出了{len(items)}项。",
                    base + m.start(2),
                    base + m.end(3),
                )
            )
    return out


# --- text defects ------------------------------------------------------------------------------

DUP_RE = re.compile(rf"([{CJK}]{{2,8}})\1")
REDUPLICATION_OK = re.compile(r"^(.)\1$")  # 件件 / 常常 style reduplication is fine


# “面对面对接”“点对点对接”“手把手把关”: an A-X-A pattern followed by a word starting with X.
LINKED_PATTERN = set("对把靠连打并比套接挨")
# “一案一卷”“一户一档”“一人一策”: 一X一Y patterns, repeated or listed, are fixed expressions.
ONE_PATTERN = re.compile(r"一[^一]")


def _repeat_by_design(text: str, m: re.Match) -> bool:
    unit = m[1]
    if len(unit) == 2 and (unit[1] in LINKED_PATTERN or unit[0] in "一逐每各"):
        return True  # 面对面对接, 一件一件, 逐项逐项 reads as emphasis, 各类各类 is rare
    if ONE_PATTERN.fullmatch(unit[:2]) and len(unit) % 2 == 0:
        return all(unit[i] == "一" for i in range(0, len(unit), 2))
    return False


SINGLE_DUP_RE = re.compile(r"(的的|和和|与与|在在|及及|对对(?!口|象|照|接)|是是(?!非))")


def duplicates(text: str, sentences=None) -> list[Finding]:
    out = []
    for m in DUP_RE.finditer(text):
        unit = m[1]
        if REDUPLICATION_OK.match(unit) or len(set(unit)) == 1:
            continue
        if re.fullmatch(r"(.)(.)", unit) and unit[0] == unit[1]:
            continue
        if _repeat_by_design(text, m):
            continue
        out.append(
            Finding("duplicate", "warning", f"重复文字：“{unit}{unit}”。", m.start(), m.end())
        )
    for m in SINGLE_DUP_RE.finditer(text):
        out.append(Finding("duplicate", "warning", f"重复文字：“{m[0]}”。", m.start(), m.end()))
    # A sentence repeated (almost) verbatim right after itself.
    if sentences is None:
        sentences = list(SENTENCE_RE.finditer(text))
    stripped = [m.group(0).strip("。 ") for m in sentences]  # each sentence stripped once
    for k in range(1, len(sentences)):
        sa, sb = stripped[k - 1], stripped[k]
        if len(sa) < 10 or len(sb) < 10:
            continue
        head = sb[: len(sa)]  # the repeated sentence may run on into new text
        if sa[-4:] not in head:
            continue  # cheap filter: a repeat shares the sentence's ending
        a, b = sentences[k - 1], sentences[k]
        if _similar(sa, head, 0.9):
            if not re.search(r"[。！？]$", a.group(0).strip()):
                # A line without a full stop printed twice: a web page's title block, not prose.
                out.append(Finding("duplicate", "info", "标题或栏目重复出现。", b.start(), b.end()))
                continue
            out.append(Finding("duplicate", "warning", "相邻两句内容重复。", b.start(), b.end()))
    return out


def _similar(a: str, b: str, threshold: float) -> bool:
    """``SequenceMatcher(None, a, b).ratio() >= threshold``, trying its cheap upper bounds first."""
    sm = SequenceMatcher(None, a, b)
    return (
        sm.real_quick_ratio() >= threshold
        and sm.quick_ratio() >= threshold
        and sm.ratio() >= threshold
    )


MEASURE_WORDS_FILE = TYPOS_FILE.parent / "measure_words.txt"


def load_measure_words(path: Path = MEASURE_WORDS_FILE) -> list[str]:
    """Words a bare number may be followed by (review/data/measure_words.txt), longest first."""
    words = {
        w
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
        for w in line.split()
    }
    return sorted(words, key=len, reverse=True)


def starts_with_any(words: list[str]) -> str:
    """A regex that matches where one of ``words`` starts (for a lookahead): the one-character
    words as one class, then the longer words not already covered by their first character."""
    single = sorted(w for w in words if len(w) == 1)
    longer = [w for w in words if len(w) > 1 and w[0] not in single]
    parts = ([f"[{re.escape(''.join(single))}]"] if single else []) + [re.escape(w) for w in longer]
    return "|".join(parts)


MEASURE_WORDS = load_measure_words()
# A number of at most three digits before a Chinese character that is not a measure word (one
# pass: starting with the digit lets the regex engine skip ahead).
STRAY_NUMBER_RE = re.compile(rf"(\d\d{{0,2}})(?=[{CJK}])(?!" + starts_with_any(MEASURE_WORDS) + ")")
NUMBER_PREV_OK = "第共约近达计超逾前后"  # words that take a bare number (第3批, 共5)


def stray(text: str) -> list[Finding]:
    out = []
    for m in STRAY_NUMBER_RE.finditer(text):
        if not m.start():
            continue
        prev = text[m.start() - 1]
        if not (prev in "，,。；、" or _is_cjk(prev)) or prev in NUMBER_PREV_OK:
            continue  # also a digit or “.” before: the tail of a longer number
        out.append(
            Finding(
                "stray",
                "warning",
                f"多余的字符“{m[1]}”：数字后面没有单位，疑为误录。",
                m.start(),
                m.end(),
            )
        )
    if " " not in text:
        return out
    for m in SPACES_RE.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end() : m.end() + 1]
        if not before:
            continue
        if _is_cjk(before) and after in ("、", "，", "。", "；"):
            out.append(Finding("stray", "info", "标点前有多余空格。", m.start(), m.end()))
        elif (_is_cjk(before) and after.isdigit()) or (
            (before.isdigit() or before == "%") and _is_cjk(after)
        ):
            out.append(
                Finding(
                    "stray",
                    "info",
                    "数字与汉字之间有多余空格（多见于PDF转换）。",
                    m.start(),
                    m.end(),
                )
            )
    return out


SPACES_RE = re.compile(r" +")


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def chrome(lines: list[Line]) -> list[Finding]:
    out = []
    for ln in lines:
        t = ln.text.strip()
        if not t:
            continue
        meta = META_LABEL_RE.match(ln.text)
        if meta and len(t) <= 60:
            if not meta.group(2).strip():
                out.append(
                    Finding(
                        "empty_metadata",
                        "info",
                        f"空的元数据行“{t}”（网页信息栏残留）。",
                        ln.start,
                        ln.end,
                    )
                )
            else:
                out.append(
                    Finding("chrome", "info", f"网页信息栏残留：“{t[:30]}”。", ln.start, ln.end)
                )
            continue
        if len(t) <= 80 and CHROME_RE.search(t):
            out.append(
                Finding("chrome", "info", f"网页栏目文字残留：“{t[:30]}”。", ln.start, ln.end)
            )
    return out


def typos(text: str) -> list[Finding]:
    out = []
    present = TYPO_LITERALS.present(text)  # a rule runs only where its fixed words occur
    for pattern, right, kind, note, literal in TYPOS:
        if literal and literal not in present:
            continue
        for m in pattern.finditer(text):
            # A pattern may take a word of context (“大力推荐”): the correction replaces the end.
            tail = m[0][-len(right) :]
            shares = len(right) <= 3 and any(a == b for a, b in zip(tail, right, strict=True))
            fixed = m[0][: -len(right)] + right if len(right) < len(m[0]) and shares else right
            out.append(
                Finding(
                    kind,
                    "warning" if kind != "truncated" else "error",
                    f"“{m[0]}”应为“{fixed}”：{note}。",
                    m.start(),
                    m.end(),
                )
            )
    return out


PARTIAL_RE = re.compile(
    r"截[至止](?:目前|今|\d{1,2}月(?:底|末|份)?|[一二三四五六七八九十]{1,2}月)|"
    r"1[-—~至]\d{1,2}月|前三季度|上半年以来"
)


def partial_period(text: str, meta: Metadata) -> list[Finding]:
    out = []
    for m in PARTIAL_RE.finditer(text):
        out.append(
            Finding(
                "partial_period",
                "warning",
                f"“{m[0]}”：年度报告中的数据应覆盖全年，请补充全年数据。",
                m.start(),
                m.end(),
            )
        )
    return out


def publication(meta: Metadata, *, includes_day: bool = True) -> list[Finding]:
    """Public release: after the reported year, before 04-01 of the next (第二十四条)."""
    if meta.published is None or meta.report_year is None:
        return []
    y = meta.report_year
    start, end = meta.published_start, meta.published_end
    if meta.published <= datetime.date(y, 12, 31):
        return [
            Finding(
                "published_before_period_end",
                "error",
                f"发布日期{meta.published:%Y-%m-%d}早于报告年度（{y}年）结束，年度数据不可能完整。",
                start,
                end,
            )
        ]
    deadline = datetime.date(y + 1, 4, 1)
    late = meta.published > deadline if includes_day else meta.published >= deadline
    if late:
        return [
            Finding(
                "published_late",
                "error",
                f"发布日期{meta.published:%Y-%m-%d}晚于公开期限（{y + 1}年4月1日前，"
                "法治政府建设与责任落实督察工作规定第二十四条）。",
                start,
                end,
            )
        ]
    return []


# ASCII punctuation between a Chinese character and Chinese or a digit. The pattern starts with
# the (rare) punctuation so the regex engine skips ahead to it; the character before is tested by
# a lookbehind placed after it (a leading lookbehind would be tried at every position).
ASCII_PUNCT_RE = re.compile(rf"([,:;?!()])(?<=[{CJK}][,:;?!()])(?=[{CJK}\d“])")


BOOK_TITLES_WITH_COMMA_RE = re.compile(r"》、《")


def style(text: str, sections: list[Section]) -> list[Finding]:
    out = []
    for s in sections:
        line_end = text.find("\n", s.start)
        line = text[s.start : line_end if line_end != -1 else len(text)].rstrip()
        if line.endswith("。") and len(line) <= 60:
            out.append(
                Finding(
                    "style",
                    "info",
                    "标题末尾不应加句号。",
                    s.start + len(line) - 1,
                    s.start + len(line),
                )
            )
    ascii_punct = list(ASCII_PUNCT_RE.finditer(text))
    if ascii_punct:
        first = ascii_punct[0]
        out.append(
            Finding(
                "style",
                "info",
                f"中文正文中使用了英文标点（共{len(ascii_punct)}处），应使用全角标点。",
                first.start(1),
                first.end(1),
            )
        )
    for m in BOOK_TITLES_WITH_COMMA_RE.finditer(text):
        out.append(
            Finding(
                "style",
                "info",
                "并列的书名号之间不用顿号（GB/T 15834）。",
                m.start() + 1,
                m.start() + 2,
            )
        )
    return out
