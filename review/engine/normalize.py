"""繁體 → 简体 before reading, keeping every offset into the original text.

Rules and patterns are written for simplified Chinese; a page served in traditional characters is
converted with OpenCC (``t2s``) first. The conversion must keep the length: findings and facts
carry offsets into the text as read, and the page marks them in the original. OpenCC converts
whole phrases, which almost always keeps the length; when it does not, each character is
converted on its own, which always does (a character that converts to more or fewer characters
is left as it is).
"""

from __future__ import annotations

import re
from functools import cache

# Characters that occur only in traditional text, frequent in government reports. A text without
# any of them is read as it is (the converter is not called).
TRADITIONAL_HINT = re.compile(
    "[國這個們來時說為與對發過還後見經關機間體點當實頭長門開電區衛務設報議將屬員會條處從動據進現縣鄉業學習規範檢執許訴舉辦錄資監"
    "導組織幹黨單記權責證醫療並應於產總費計劃歲屆隊輪類層週節樓棟鎮億萬餘戶筆隻塊盞號場項張臺輛專參歷創勢匯廣圍護藥營價級線統數]"
)


@cache
def _converter():
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        return None
    return opencc.OpenCC("t2s")


@cache
def _char(c: str) -> str:
    conv = _converter()
    out = conv.convert(c) if conv else c
    return out if len(out) == 1 else c


def simplify(text: str) -> str:
    """The text in simplified characters, of the same length as ``text``."""
    conv = _converter()
    if conv is None or not TRADITIONAL_HINT.search(text):
        return text
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    return "".join(_char(c) if ord(c) > 0x2E80 else c for c in text)
