"""The numbers a public account is registered with, normalised and checked:
the resident identity number (GB 11643, `core.inputs`), the unified social
credit code (GB 32100, `projects.codes`) and the mainland mobile number."""

from __future__ import annotations

import re

from xiaoneng.core.inputs import id_number_problem
from xiaoneng.projects.codes import credit_code_problem

__all__ = ["credit_code_problem", "id_number_problem", "mobile_problem", "normal_code"]

MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normal_code(number: str) -> str:
    """Identity numbers and credit codes are compared upper-case, unspaced."""
    return "".join((number or "").split()).upper()


def mobile_problem(phone: str) -> str | None:
    return None if MOBILE.match(phone) else "请填写11位手机号码"
