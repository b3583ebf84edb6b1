"""The provisional-deadline recompute hook.

Apps that store deadlines computed over a year without an official schedule
(cases, complaints, …) register a callback in their `AppConfig.ready()`:

    def recompute(*, actor, year, calendar) -> int: ...
    register(recompute)

When a year's schedule is imported, `import_schedule` calls every callback
inside its own transaction with the new calendar. A callback recomputes every
open provisional deadline touching `year`, writes one audit event per changed
record, clears the flag where the span is no longer provisional, and returns
how many records it changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

from xiaoneng.core.workdays import WorkCalendar

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


class RecomputeCallback(Protocol):
    def __call__(self, *, actor: Actor, year: int, calendar: WorkCalendar) -> int: ...


C = TypeVar("C", bound=RecomputeCallback)

_callbacks: list[RecomputeCallback] = []


def register(callback: C) -> C:
    """Register `callback` (idempotent); usable as a decorator."""
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


def unregister(callback: RecomputeCallback) -> None:
    if callback in _callbacks:
        _callbacks.remove(callback)


def run_all(*, actor: Actor, year: int, calendar: WorkCalendar) -> int:
    """Run every callback; the number of records they changed, in total."""
    return sum(callback(actor=actor, year=year, calendar=calendar) for callback in list(_callbacks))
