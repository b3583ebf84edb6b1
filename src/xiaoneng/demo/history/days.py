"""Parts of the history played day by day together. Each part is a
generator that yields the day it is about to play and then plays it when
resumed; `interleave` always resumes the part with the earliest day (on the
same day, in the order given), so every action of every part is written in
date order and the audit chain's times follow its links, as a city's would."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from datetime import date
from typing import Any

DayPart = Generator[date, None, Any]


def interleave(parts: Sequence[DayPart]) -> list[Any]:
    """Run the parts to their end, earliest day first; each part's return value."""
    results: list[Any] = [None] * len(parts)
    waiting: dict[int, date] = {}
    for i in range(len(parts)):
        _advance(parts, i, waiting, results)
    while waiting:
        i = min(waiting, key=lambda k: (waiting[k], k))
        _advance(parts, i, waiting, results)
    return results


def _advance(
    parts: Sequence[DayPart], i: int, waiting: dict[int, date], results: list[Any]
) -> None:
    try:
        waiting[i] = next(parts[i])
    except StopIteration as finished:
        waiting.pop(i, None)
        results[i] = finished.value


def drain(part: DayPart) -> Any:
    """One part on its own: its return value."""
    (result,) = interleave([part])
    return result
