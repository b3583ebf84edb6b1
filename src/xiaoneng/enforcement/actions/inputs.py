"""The checks of a penalty case's input that every step shares: text, dates,
amounts, choices, the party's identity (身份证号码 by GB 11643's check
digit, 统一社会信用代码 by GB 32100's), and the step allowed in the case's
status (`enforcement.gates`). Anything malformed is `InvalidInput` with a
stable code, never a server error."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.inputs import (  # re-exported: the steps import them from here
    CENT,
    EARLIEST,
    MAX_AMOUNT,
    PHONE_RE,
    TEXT_LIMIT,
    a_date,
    a_date_since,
    a_future_date,
    a_moment,
    amount,
    choice,
    id_number_problem,
    local_day,
    optional,
    text,
)
from xiaoneng.enforcement import gates
from xiaoneng.enforcement.models import PartyKind, PenaltyCase, PenaltyKind
from xiaoneng.projects.codes import credit_code_problem
from xiaoneng.system.pii import pii_digest


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


__all__ = [
    "CENT",
    "EARLIEST",
    "MAX_AMOUNT",
    "PHONE_RE",
    "TEXT_LIMIT",
    "a_date",
    "a_date_since",
    "a_future_date",
    "a_moment",
    "amount",
    "choice",
    "id_number_problem",
    "ids",
    "local_day",
    "optional",
    "party",
    "penalties",
    "step",
    "text",
]


def ids(value: Any) -> list[Any]:
    """A list of ids from a form's list, a JSON list or "1,2"."""
    if isinstance(value, str):
        return [v for v in re.split(r"[,，\s]+", value) if v]
    if isinstance(value, list | tuple | set):
        return list(value)
    raise InvalidInput("执法人员不正确", code="enforcement_officer_invalid")


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
