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


def today() -> date:
    override: date | None = getattr(_state, "today", None)
    if override is not None:
        return override
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
