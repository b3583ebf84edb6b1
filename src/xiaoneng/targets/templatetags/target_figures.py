"""Figures of target tasks as people write them: the database keeps four
decimal places (`DecimalField(decimal_places=4)`), a page shows 1000 户 and
12.5 亿元, not 1000.0000 户."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    """A decimal without its trailing zeros ("" for None, to chain `default`)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "") else text
