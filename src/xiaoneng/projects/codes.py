"""The two codes a project dossier carries, checked without Django:
the enterprise's unified social credit code (GB 32100—2015) and the
investment project code of the national online approval platform."""

from __future__ import annotations

import re

# The credit code's check (GB 32100—2015) lives with the identity number's
# (GB 11643) in core.inputs, so cases can check an applicant's certificate too.
from xiaoneng.core.inputs import CREDIT_CHARSET, credit_check_char, credit_code_problem

__all__ = ["CREDIT_CHARSET", "credit_check_char", "credit_code_problem", "project_code_problem"]

# 项目代码: year-division-industry-type-serial, e.g. 2026-620702-35-01-000123.
PROJECT_CODE = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$")


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
