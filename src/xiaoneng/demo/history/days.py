"""Parts of the history played day by day together. Each part is a
generator that yields the day it is about to play and then plays it when
resumed; `interleave` always resumes the part with the earliest day (on the
same day, in the order given), so every action of every part is written in
date order and the audit chain's times follow its links, as a city's would."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Generator, Sequence
from datetime import date
from typing import Any

from xiaoneng.core.errors import DomainError

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


class DayActs:
    """A part's acts planned by day and played in order on their day; an act
    refused (or building on one that was) is counted as failed, not raised."""

    def __init__(self) -> None:
        self.acts: dict[date, list[tuple[str, Callable[[], Any]]]] = {}
        self.counts: Counter[str] = Counter()

    def act(self, day: date, name: str, run: Callable[[], Any]) -> None:
        self.acts.setdefault(day, []).append((name, run))

    def play(self, day: date) -> None:
        for name, run in self.acts.get(day, []):
            try:
                run()
            except (DomainError, KeyError) as exc:  # KeyError: an earlier act it needs failed
                self.counts[f"failed:{name}:{getattr(exc, 'code', 'missing')}"] += 1
            else:
                self.counts[name] += 1
