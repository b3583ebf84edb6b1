"""What the supervision actions share: the required-text check, the Chinese
date of a message, how many tracking numbers one message names."""

from __future__ import annotations

from datetime import date

from xiaoneng.core.errors import InvalidInput

LISTED = 20  # tracking numbers named in one notification


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def required_text(value: str, *, code: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(message, code=code)
    return text
