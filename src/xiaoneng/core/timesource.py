"""Where "today" comes from. Production asks the wall clock (Asia/Shanghai);
tests and the demo-history generator move it with `travel_to`, so every clock
and alert can be walked day by day without waiting."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
_state = threading.local()
# A day for every thread (a browser test moves the live server's clock too).
_everywhere: list[date] = []


def today() -> date:
    override: date | None = getattr(_state, "today", None)
    if override is not None:
        return override
    if _everywhere:
        return _everywhere[-1]
    return datetime.now(tz=UTC).astimezone(SHANGHAI).date()


@contextmanager
def travel_to(day: date) -> Iterator[None]:
    """Make `today()` answer `day` in this thread until the block ends."""
    previous = getattr(_state, "today", None)
    _state.today = day
    try:
        yield
    finally:
        _state.today = previous


@contextmanager
def travel_everywhere(day: date) -> Iterator[None]:
    """Make `today()` answer `day` in every thread that has not travelled on
    its own, until the block ends: for tests that drive a live server."""
    _everywhere.append(day)
    try:
        yield
    finally:
        _everywhere.pop()
