"""统一社会信用代码 (GB 32100-2015): 18 characters from 31 symbols (digits
and capitals without I, O, Z, S, V); the last is a check character over the
first 17 with weights 3^i mod 31."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def check_char(body: str) -> str:
    """The check character of the first 17 characters (each in ALPHABET)."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise(code: object) -> str:
    return str(code or "").strip().upper()


def is_valid(code: object) -> bool:
    """Whether `code` is a well-formed credit code with a correct check character."""
    text = normalise(code)
    if len(text) != LENGTH or any(c not in ALPHABET for c in text):
        return False
    return check_char(text[:17]) == text[17]
