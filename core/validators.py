"""Format validators for single values, shared by forms, the API and imports."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

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


# --- Dates -------------------------------------------------------------------------------------
#
# Every date and datetime field of every model has a decided rule, listed with the reason in
# ``core/tests/test_date_rules.py`` (a new date field without one fails that test). The reusable
# rules live here, as field validators, so that forms, the API (``ValidatedModelSerializer`` runs
# ``full_clean``) and imports (each row goes through a form) all reach them.

#: The years a 年度 field accepts: four digits, in a range a record of this system can have.
MIN_YEAR, MAX_YEAR = 2000, 2100


def local_today() -> datetime.date:
    """Today in the installation's time zone (``settings.TIME_ZONE``, Asia/Shanghai).

    Not ``datetime.date.today()``, which is the server's own zone (often UTC): between 00:00 and
    08:00 Beijing time that is still yesterday.
    """
    return timezone.localdate()


def as_local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    """The local calendar day of a date or an aware datetime."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


@deconstructible
class NotInFuture:
    """“Date of work done”: an inspection, a publication, an order cannot be dated after today.

    ``label`` is the field's Chinese name, so the message names the field and the rule
    (“检查日期不能晚于今天（2026-12-07）：已完成的工作不能填写将来的日期。”). Datetimes are compared
    by their local day, so a device whose clock runs a few minutes ahead is not refused.
    """

    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, value: datetime.date | datetime.datetime | None) -> None:
        if value is None:
            return
        today = local_today()
        if as_local_date(value) > today:
            raise ValidationError(
                "%(label)s不能晚于今天（%(today)s）：已完成的工作不能填写将来的日期。",
                code="date_in_future",
                params={"label": self.label, "today": today.isoformat()},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NotInFuture) and other.label == self.label

    def __hash__(self) -> int:
        return hash(("NotInFuture", self.label))


@deconstructible
class YearInRange:
    """年度：a four-digit year between ``MIN_YEAR`` and ``MAX_YEAR`` (“26” is not 2026)."""

    def __init__(self, label: str = "年度") -> None:
        self.label = label

    def __call__(self, value: int | None) -> None:
        if value is None:
            return
        if not MIN_YEAR <= value <= MAX_YEAR:
            raise ValidationError(
                "%(label)s须为四位年份（%(min)d–%(max)d），如2026；“%(value)s”不是。",
                code="year_range",
                params={"label": self.label, "min": MIN_YEAR, "max": MAX_YEAR, "value": value},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, YearInRange) and other.label == self.label

    def __hash__(self) -> int:
        return hash(("YearInRange", self.label))


def date_order_error(
    later_label: str, later: datetime.date | None, earlier_label: str, earlier: datetime.date | None
) -> str | None:
    """The Chinese message when ``later`` is before ``earlier`` (“X不能早于Y（2026-05-01）。”);
    None when they are in order or one is missing. For ``Model.clean()`` checks keyed by field."""
    if later is None or earlier is None:
        return None
    if as_local_date(later) < as_local_date(earlier):
        return f"{later_label}不能早于{earlier_label}（{as_local_date(earlier):%Y-%m-%d}）。"
    return None


#: The earliest day any date of a record may name (an entity opened, a licence granted):
#: a typed “0026-05-01” or “1026-05-01” is a typing error, not a date of this work.
EARLIEST_DATE = datetime.date(1900, 1, 1)


@deconstructible
class PlausibleDate:
    """A date with a four-digit year from 1900 to ``MAX_YEAR`` (catches “26” typed as a year)."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, value: datetime.date | datetime.datetime | None) -> None:
        if value is None:
            return
        day = as_local_date(value)
        if not EARLIEST_DATE.year <= day.year <= MAX_YEAR:
            raise ValidationError(
                "%(label)s的年份须为四位年份（%(min)d–%(max)d）；“%(value)s”不是有效日期。",
                code="date_range",
                params={
                    "label": self.label,
                    "min": EARLIEST_DATE.year,
                    "max": MAX_YEAR,
                    "value": day.isoformat(),
                },
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlausibleDate) and other.label == self.label

    def __hash__(self) -> int:
        return hash(("PlausibleDate", self.label))


def work_date_validators(label: str) -> list:
    """The validators of a “date of work done” field (an inspection, an order, a publication):
    a plausible year and not after today."""
    return [PlausibleDate(label), NotInFuture(label)]


def period_date_validators(label: str) -> list:
    """The validators of a date that may lie ahead (a plan's period, a deadline, a validity)."""
    return [PlausibleDate(label)]
