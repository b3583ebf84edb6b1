"""Where "today" and "now" come from. Production asks the wall clock
(Asia/Shanghai); tests and the demo-history generator move it with
`travel_to`, so every clock and alert can be walked day by day without
waiting, and everything written meanwhile is stamped with the moved time
(a history written today is recorded as having happened on its own dates)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
_state = threading.local()
# A day for every thread (a browser test moves the live server's clock too),
# with the shift of `now()` that goes with it.
_everywhere: list[tuple[date, timedelta]] = []


def _real_today() -> date:
    return datetime.now(tz=UTC).astimezone(SHANGHAI).date()


def _moved() -> tuple[date, timedelta] | None:
    override: tuple[date, timedelta] | None = getattr(_state, "moved", None)
    if override is not None:
        return override
    if _everywhere:
        return _everywhere[-1]
    return None


def today() -> date:
    moved = _moved()
    return moved[0] if moved is not None else _real_today()


def now() -> datetime:
    """This moment, aware (UTC). Under `travel_to(day)` it is the wall clock
    moved by the whole days between the real day and `day` (fixed when the
    block began), so its date in Shanghai is `day` and it still advances
    with real time: stamps written in one moved block, or in blocks moved
    forward day by day, keep their order. Outside any block: the wall clock."""
    moved = _moved()
    real = datetime.now(tz=UTC)
    return real + moved[1] if moved is not None else real


def _shift_to(day: date) -> timedelta:
    return timedelta(days=(day - _real_today()).days)


@contextmanager
def travel_to(day: date) -> Iterator[None]:
    """Make `today()` answer `day`, and `now()` a moment of that day, in this
    thread until the block ends."""
    previous = getattr(_state, "moved", None)
    _state.moved = (day, _shift_to(day))
    try:
        yield
    finally:
        _state.moved = previous


@contextmanager
def travel_everywhere(day: date) -> Iterator[None]:
    """Make `today()` answer `day` (and `now()` a moment of it) in every
    thread that has not travelled on its own, until the block ends: for
    tests that drive a live server."""
    _everywhere.append((day, _shift_to(day)))
    try:
        yield
    finally:
        _everywhere.pop()
