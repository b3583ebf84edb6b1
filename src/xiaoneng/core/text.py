"""Text helpers every app shares, pure: the Chinese date, the required-text
check of an action's input, the citizen's query code."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.core.hashchain import sm3_hex

# Query codes avoid look-alike characters (0/O, 1/l/I) so they can be read out.
QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 10


INT64 = 2**63


def as_int(value: Any) -> int | None:
    """An id or number from any input (form, JSON, URL); None for anything
    else, for a bool, and for what no 64-bit column holds (the database
    would answer that with an error, not "not found")."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if -INT64 < number < INT64 else None


def cn_date(value: date) -> str:
    """2026年3月5日: Arabic numerals, the year in full, no leading zeros (the
    成文日期 of GB/T 9704—2012 §7.3.5.1, and how every page writes a date)."""
    return f"{value.year}年{value.month}月{value.day}日"


def require_text(
    value: str | None,
    *,
    code: str,
    message: str,
    limit: int | None = None,
    error: type[DomainError] = InvalidInput,
) -> str:
    """The stripped text, cut to `limit` characters; `error(message, code)`
    (400 unless told) when nothing is left."""
    text = (value or "").strip()
    if not text:
        raise error(message, code=code)
    return text if limit is None else text[:limit]


def new_query_code() -> str:
    """The code a citizen gets with a tracking number (shown once, stored only
    as `query_digest`)."""
    return "".join(secrets.choice(QUERY_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def query_digest(code: str | None) -> str:
    """What is stored of a query code and what a look-up compares: the SM3 of
    the code as typed, without surrounding spaces."""
    return sm3_hex((code or "").strip().encode())
