"""What the supervision actions share: the required-text check, the Chinese
date of a message, how many tracking numbers one message names."""

from __future__ import annotations

from datetime import date

from xiaoneng.core.text import cn_date as chinese_date
from xiaoneng.core.text import require_text

LISTED = 20  # tracking numbers named in one notification


def cn_date(d: date | None) -> str:
    return chinese_date(d) if d else ""


def required_text(value: str, *, code: str, message: str) -> str:
    return require_text(value, code=code, message=message)
