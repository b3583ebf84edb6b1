"""Input checks the trading actions share beyond `core.inputs`: a moment
that may lie ahead (a deadline, a booking; `inputs.a_moment` refuses the
future), a day typed as ISO text, a yes/no from a form or JSON. Each
caller keeps its own error code and message."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from xiaoneng.core import timesource
from xiaoneng.core.errors import InvalidInput


def a_moment(value: Any, *, code: str, label: str) -> datetime:
    """A moment, aware or naive in Beijing time, or "YYYY-MM-DDTHH:MM"."""
    moment = value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
    if not isinstance(moment, datetime):
        raise InvalidInput(f"{label}不正确", code=code)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timesource.SHANGHAI)
    return moment


def a_day_or_none(value: Any) -> date | None:
    """A date, or "YYYY-MM-DD"; None for anything else (the caller says why)."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return value if type(value) is date else None


def as_bool(value: Any, *, code: str, label: str) -> bool:
    """A yes/no from a form ("1", "on", "true"…) or JSON."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("1", "true", "on", "yes"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("0", "false", "off", "no"):
        return False
    raise InvalidInput(f"请选择{label}", code=code)
