"""The checks of a penalty case's input that every step shares: text, dates,
amounts, choices, the party's identity (身份证号码 by GB 11643's check
digit, 统一社会信用代码 by GB 32100's), and the step allowed in the case's
status (`enforcement.gates`). Anything malformed is `InvalidInput` with a
stable code, never a server error."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from xiaoneng.core import timesource
from xiaoneng.core.encoding import storable
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import cn_date
from xiaoneng.enforcement import gates
from xiaoneng.enforcement.models import PartyKind, PenaltyCase, PenaltyKind
from xiaoneng.projects.codes import credit_code_problem
from xiaoneng.system.pii import pii_digest

TEXT_LIMIT = 20000
EARLIEST = date(2000, 1, 1)  # no case of this platform concerns an earlier day
MAX_AMOUNT = Decimal("999999999999.99")  # the columns' 14 digits, 2 decimals
CENT = Decimal("0.01")
PHONE_RE = re.compile(r"^[0-9+\-() ]{5,30}$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


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


def a_date(value: Any, *, code: str, label: str, default_today: bool = False) -> date:
    """A day (a `date`, or "YYYY-MM-DD"), from 2000 to today."""
    if value in (None, "") and default_today:
        return timesource.today()
    day = value
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
    if type(day) is not date or day < EARLIEST:
        raise InvalidInput(f"{label}不正确", code=code)
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


def penalties(value: Any, listed: Iterable[str]) -> list[str]:
    """The penalties chosen: known kinds (art. 9), each on the item's list."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidInput("处罚种类不正确", code="enforcement_penalty_invalid")
    chosen = list(dict.fromkeys(value))
    if not chosen or any(v not in PenaltyKind.values for v in chosen):
        raise InvalidInput("处罚种类不正确", code="enforcement_penalty_invalid")
    outside = [v for v in chosen if v not in set(listed)]
    if outside:
        raise InvalidInput(
            "该执法事项不能处以所选的处罚种类",
            code="enforcement_penalty_not_listed",
            detail={"penalties": outside},
        )
    return chosen


def ids(value: Any) -> list[Any]:
    """A list of ids from a form's list, a JSON list or "1,2"."""
    if isinstance(value, str):
        return [v for v in re.split(r"[,，\s]+", value) if v]
    if isinstance(value, list | tuple | set):
        return list(value)
    raise InvalidInput("执法人员不正确", code="enforcement_officer_invalid")


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


def party(
    *, kind: Any, name: Any, code: Any, id_no: Any, phone: Any, address: Any
) -> dict[str, str]:
    """The party's columns: a person with a checked identity number (sealed,
    found by digest), an organisation with a checked credit code (public)."""
    party_kind = choice(
        kind, PartyKind.values, code="enforcement_party_invalid", label="当事人类型"
    )
    fields = {
        "party_kind": party_kind,
        "party_name": text(name, code="enforcement_party_invalid", label="当事人名称", limit=200),
        "party_code": "",
        "party_id_no": "",
        "party_id_digest": "",
        "party_phone": optional(
            phone, code="enforcement_phone_invalid", label="联系电话", limit=30
        ),
        "party_address": optional(
            address, code="enforcement_party_invalid", label="住所（地址）", limit=300
        ),
    }
    if fields["party_phone"] and not PHONE_RE.fullmatch(fields["party_phone"]):
        raise InvalidInput("联系电话不正确", code="enforcement_phone_invalid")
    if party_kind == PartyKind.PERSON:
        number = optional(id_no, code="enforcement_id_number_invalid", label="身份证号码").upper()
        problem = id_number_problem(number) if number else "请填写当事人的身份证号码"
        if problem:
            raise InvalidInput(problem, code="enforcement_id_number_invalid")
        fields["party_id_no"], fields["party_id_digest"] = number, pii_digest(number)
    else:
        credit = optional(code, code="enforcement_credit_code_invalid", label="统一社会信用代码")
        problem = credit_code_problem(credit.upper()) if credit else "请填写统一社会信用代码"
        if problem:
            raise InvalidInput(problem, code="enforcement_credit_code_invalid")
        fields["party_code"] = credit.upper()
    return fields


def step(case: PenaltyCase, name: str) -> None:
    """Refuse a step the case's status does not allow (enforcement.gates)."""
    if not gates.allowed(name, case.status):
        raise Conflict(
            f"案件当前为“{case.get_status_display()}”，不能{gates.LABELS[name]}",
            code="enforcement_step_not_allowed",
            detail={"step": name, "status": case.status},
        )
