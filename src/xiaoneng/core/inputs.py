"""Checks of typed input every domain shares: text, dates, moments,
amounts in yuan, choices, the citizen identity number (GB 11643's check
digit) and the unified social credit code (GB 32100's). Anything malformed
is `InvalidInput` with the caller's stable code, never a server error. Pure: no Django."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from xiaoneng.core import timesource
from xiaoneng.core.encoding import storable
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.text import cn_date

TEXT_LIMIT = 20000
EARLIEST = date(2000, 1, 1)  # no case of this platform concerns an earlier day
MAX_AMOUNT = Decimal("999999999999.99")  # the columns' 14 digits, 2 decimals
CENT = Decimal("0.01")
PHONE_RE = re.compile(r"^[0-9+\-() ]{5,30}$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# GB 32100—2015: 31 characters, no I, O, Z, S, V (they read like 1, 0, 2, 5, U).
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def text(value: Any, *, code: str, label: str, limit: int = TEXT_LIMIT) -> str:
    """Required text, stripped; refused when empty, too long or unstorable."""
    body = optional(value, code=code, label=label, limit=limit)
    if not body:
        raise InvalidInput(f"请填写{label}", code=code)
    return body


def optional(value: Any, *, code: str, label: str, limit: int = TEXT_LIMIT) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or not storable(value):
        raise InvalidInput(f"{label}不正确", code=code)
    body = value.strip()
    if len(body) > limit:
        raise InvalidInput(
            f"{label}不能超过 {limit} 个字", code=code, detail={"limit": limit, "length": len(body)}
        )
    return body


def any_date(value: Any, *, code: str, label: str) -> date:
    """A day (a `date`, or "YYYY-MM-DD") from 2000 on, past or future."""
    day = value
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
    if type(day) is not date or day < EARLIEST:
        raise InvalidInput(f"{label}不正确", code=code)
    return day


def a_date(value: Any, *, code: str, label: str, default_today: bool = False) -> date:
    """A day (a `date`, or "YYYY-MM-DD"), from 2000 to today."""
    if value in (None, "") and default_today:
        return timesource.today()
    day = any_date(value, code=code, label=label)
    if day > timesource.today():
        raise InvalidInput(f"{label}不能晚于今天", code=code)
    return day


def a_date_since(value: Any, *, code: str, label: str, since: date | None = None) -> date:
    """A day that has come (today when not given), not before `since` (the
    step it follows: the service, the collection, the hand-over)."""
    day = a_date(value, code=code, label=label, default_today=True)
    if since is not None and day < since:
        raise InvalidInput(
            f"{label}不能早于{cn_date(since)}", code=code, detail={"not_before": since}
        )
    return day


def a_future_date(value: Any, *, code: str, label: str) -> date:
    """A day from today on (a due day, a hearing's day), within ten years."""
    day = value
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
    today = timesource.today()
    if type(day) is not date or not today <= day <= today.replace(year=today.year + 10):
        raise InvalidInput(f"{label}不正确（应为今天或以后的日期）", code=code)
    return day


def a_moment(value: Any, *, code: str, label: str) -> datetime:
    """A moment (aware, or naive in Beijing time; or "YYYY-MM-DDTHH:MM"), not in the future."""
    moment = value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
    elif type(value) is date:
        moment = datetime.combine(value, time(9, 0))
    if not isinstance(moment, datetime) or moment.year < EARLIEST.year:
        raise InvalidInput(f"{label}不正确", code=code)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timesource.SHANGHAI)
    if moment.astimezone(timesource.SHANGHAI).date() > timesource.today():
        raise InvalidInput(f"{label}不能晚于今天", code=code)
    return moment


def local_day(moment: datetime) -> date:
    return moment.astimezone(timesource.SHANGHAI).date()


def amount(value: Any, *, code: str, label: str, required: bool = True) -> Decimal | None:
    """Yuan, at most two decimals, not negative."""
    if value in (None, ""):
        if required:
            raise InvalidInput(f"请填写{label}", code=code)
        return None
    if isinstance(value, bool | float):
        value = str(value) if isinstance(value, float) else None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"{label}不正确", code=code) from None
    if (
        not number.is_finite()
        or number < 0
        or number > MAX_AMOUNT
        or number != number.quantize(CENT)
    ):
        raise InvalidInput(f"{label}不正确（元，最多两位小数）", code=code)
    return number.quantize(CENT)


def choice(value: Any, values: Sequence[str], *, code: str, label: str) -> str:
    if not isinstance(value, str) or value not in values:
        raise InvalidInput(f"{label}不正确", code=code, detail={"allowed": list(values)})
    return value


def id_number_problem(value: str) -> str | None:
    """Why `value` is not a citizen identity number (GB 11643—1999: 17 digits,
    the birth date among them, and the check character), or None."""
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        return "身份证号码应为18位（最后一位可以是X）"
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号码中的出生日期不正确"
    if born < date(1900, 1, 1) or born > timesource.today():
        return "身份证号码中的出生日期不正确"
    total = sum(int(c) * w for c, w in zip(value[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != value[17]:
        return "身份证号码校验位不正确"
    return None


def credit_check_char(first17: str) -> str:
    """The 18th character: 31 − (Σ value × weight mod 31), 31 written as 0."""
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid unified social credit code, or None."""
    if len(code) != 18:
        return "统一社会信用代码应为18位"
    if any(c not in CREDIT_CHARSET for c in code):
        return "统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）"
    if not code[2:8].isdigit():
        return "统一社会信用代码第3—8位应为登记管理机关行政区划码"
    if credit_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确"
    return None
