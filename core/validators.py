"""Format validators for single values, shared by forms, the API and imports."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARS)}
_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def uscc_check_char(first17: str) -> str:
    """GB 32100-2015 check character for the first 17 characters of a 统一社会信用代码."""
    value = _USCC_VALUE
    total = sum(value[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    """统一社会信用代码：18 位，字符集与校验码符合 GB 32100-2015。"""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(
            "统一社会信用代码应为18位（当前%(n)d位）。", code="uscc_length", params={"n": len(code)}
        )
    if not _USCC_RE.match(code):
        raise ValidationError(
            "统一社会信用代码含有不允许的字符（不得使用 I、O、Z、S、V）。", code="uscc_chars"
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            "统一社会信用代码校验码错误：第18位应为“%(e)s”，实为“%(a)s”（GB 32100）。",
            code="uscc_check",
            params={"e": expected, "a": code[17]},
        )


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def validate_id_number(value: str) -> None:
    """居民身份证号码：18 位，校验码符合 GB 11643-1999。"""
    code = (value or "").strip().upper()
    if not re.match(r"^\d{17}[\dX]$", code):
        raise ValidationError("身份证号码应为18位数字（末位可为X）。", code="id_format")
    total = sum(int(c) * w for c, w in zip(code[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != code[17]:
        raise ValidationError("身份证号码校验码错误（GB 11643）。", code="id_check")


_PHONE_RE = re.compile(r"^[0-9+\-()（）\s转,，、/]*$")


def validate_phone(value: str) -> None:
    """电话号码：数字、“-”“+”、括号、空格，分机以“转”连接；不得含“*”等其他字符。"""
    if not _PHONE_RE.match(value or ""):
        raise ValidationError(
            "电话号码只能包含数字、“-”“+”、括号、空格，分机用“转”连接（如 0571-87654321转123）；"
            "脱敏显示的号码（含“*”）不能保存。",
            code="phone_format",
        )


def validate_agency_code(value: str) -> None:
    """机构代码：字母、数字或连字符，2–32 位。"""
    if not re.match(r"^[0-9A-Za-z][0-9A-Za-z_-]{1,31}$", value or ""):
        raise ValidationError(
            "机构代码只能包含字母、数字、下划线或连字符，长度2–32位。", code="agency_code"
        )


class MixedCharacterPasswordValidator:
    """密码须同时包含字母和数字。"""

    def validate(self, password: str, user: object = None) -> None:
        if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
            raise ValidationError("密码必须同时包含字母和数字。", code="password_mixed")

    def get_help_text(self) -> str:
        return "密码必须同时包含字母和数字。"
