"""A deadline's 期限待定 tag, on the dates that need it and only those.

A case's `provisional` flag says some deadline of the case reaches into a
year without an official schedule; each date shown is tagged by its own
year, so a 2026 date of the same case is never marked (issue 19, item 14)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from xiaoneng.calendar.selectors import current_calendar

register = template.Library()


@register.filter
def provisional_date(value: Any) -> bool:
    """True when `value` is a date in a year whose holiday schedule is not in."""
    if not isinstance(value, date):
        return False
    return current_calendar().is_provisional(value)


@register.inclusion_tag("calendar/includes/provisional_tag.html")
def provisional_tag(value: Any, compact: bool = False) -> dict[str, Any]:
    """The tag with its explanation, for a date in a year not yet published."""
    shown = provisional_date(value)
    return {"shown": shown, "year": value.year if shown else None, "compact": compact}
