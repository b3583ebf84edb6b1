"""The two codes a project dossier carries, checked without Django:
the enterprise's unified social credit code (GB 32100—2015) and the
investment project code of the national online approval platform."""

from __future__ import annotations

import re

# GB 32100—2015: 31 characters, no I, O, Z, S, V (they read like 1, 0, 2, 5, U).
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# 项目代码: year-division-industry-type-serial, e.g. 2026-620702-35-01-000123.
PROJECT_CODE = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$")


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


def project_code_problem(code: str) -> str | None:
    """Why `code` is not a project code of the form 2026-620702-35-01-000123, or None."""
    match = PROJECT_CODE.match(code)
    if match is None:
        return (
            "项目代码格式应为“年份-行政区划码-行业代码-项目类型-流水号”，"
            "如 2026-620702-35-01-000123"
        )
    year = int(match.group(1))
    if not 2000 <= year <= 2099:
        return "项目代码年份不正确"
    return None
