"""One clock engine for every procedure: a `Procedure` is data (its event
kinds and their handlers, its closed phases, its error class, how a run
begins, an optional lapse of time that changes the phase), and `fold` is the
one loop that applies it with the checks every procedure shares.

Shared checks, in this order, with the same codes for every procedure:
``no_events``; the first event: ``not_a_date``, ``not_received`` (it must be
the procedure's opening kind), ``unexpected_days``; then for each event:
``not_a_date`` (a ``datetime`` is not a date), ``date_backwards``,
``unknown_event``, ``unexpected_days`` (only the kinds in ``days_kinds``
carry days), the procedure's ``closed_code`` (no event after a closed
phase); then ``today``: ``not_a_date``, ``today_before_last_event``.
Everything else is the procedure's own: its handler checks its
preconditions and raises its own codes.

One light for every procedure: `light(remaining, overdue, warning_days)`
gives the `AlertLevel` of a running deadline; a procedure decides when no
deadline runs (``AlertLevel.NONE``).

A new procedure (see docs/decisions.md, "One clock engine"): subclass
`Run` with the fold state and a `state(today)` method, write one handler per
event kind, declare a `Procedure`. `xiaoneng.core.clock.stages` declares the
common shape (timed stages, one extension) from a table alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Generic, NoReturn, Protocol, TypeVar

from xiaoneng.core.workdays import WorkCalendar


class AlertLevel(StrEnum):
    """The supervision light of anything with a running deadline (domain rules §3)."""

    NONE = "none"  # no deadline runs: closed, or waiting for the other party
    NORMAL = "normal"
    WARNING = "warning"  # 预警, yellow light: remaining working days <= warning_days
    OVERDUE = "overdue"  # red light: past the end of the due day


def light(remaining: int, overdue: bool, warning_days: int) -> AlertLevel:
    """The light of a running deadline: OVERDUE when past the end of the due
    day, WARNING when `remaining <= warning_days`, else NORMAL."""
    if overdue:
        return AlertLevel.OVERDUE
    if remaining <= warning_days:
        return AlertLevel.WARNING
    return AlertLevel.NORMAL


class Event(Protocol):
    """A dated event of any procedure (`days` only for the kinds that carry days)."""

    @property
    def kind(self) -> str: ...
    @property
    def on(self) -> date: ...
    @property
    def days(self) -> int: ...


class Run(Protocol):
    """The mutable state of one fold (never escapes it)."""

    phase: Any
    previous: date  # set by the fold: the date of the last event


RunT = TypeVar("RunT", bound=Run)
EventT = TypeVar("EventT", bound=Event)
RulesT = TypeVar("RulesT")
StateT = TypeVar("StateT")
ErrorFactory = Callable[..., Exception]  # (code, message=None, *, detail=None)


@dataclass(frozen=True, slots=True)
class Lapse(Generic[RunT]):
    """A change that time alone makes: when an event is dated after the date
    `after(run)` (fixed when the run begins), or `today` is, while the run is
    in `phase`, `fire(run)` runs first (e.g. deemed acceptance, ALL art. 32)."""

    phase: Any
    after: Callable[[RunT], date]
    fire: Callable[[RunT], None]


@dataclass(frozen=True, slots=True)
class Procedure(Generic[RunT, EventT, RulesT, StateT]):
    """One procedure's rules as data; `fold` applies them.

    `begin(opened_on, rules, calendar)` makes the run from the opening event;
    `handlers` maps every event kind (the opening kind too: a second one is
    refused by its handler) to `handler(run, index, event)`; `finish(run,
    today)` builds the state. `error(code, detail=...)` is the procedure's
    error class (its own codes, messages and HTTP status)."""

    name: str
    opening: str
    handlers: Mapping[str, Callable[[RunT, int, EventT], None]]
    closed: frozenset[Any]
    closed_code: str
    error: ErrorFactory
    begin: Callable[[date, RulesT, WorkCalendar], RunT]
    finish: Callable[[RunT, date | None], StateT]
    days_kinds: frozenset[str] = frozenset({"extended"})
    lapse: Lapse[RunT] | None = None

    def fail(self, code: str, index: int, event: EventT) -> NoReturn:
        on = event.on.isoformat() if isinstance(event.on, date) else repr(event.on)
        raise self.error(code, detail={"index": index, "kind": str(event.kind), "on": on})

    def compute(
        self,
        events: Sequence[EventT],
        rules: RulesT,
        calendar: WorkCalendar,
        today: date | None = None,
    ) -> StateT:
        return fold(self, events, rules, calendar, today)


def fold(
    procedure: Procedure[RunT, EventT, RulesT, StateT],
    events: Sequence[EventT],
    rules: RulesT,
    calendar: WorkCalendar,
    today: date | None = None,
) -> StateT:
    """Fold `events` (in the order they happened) by `procedure`'s rules.

    One pass; the shared checks (module docstring) then the event's handler.
    `today` drives the lapse of time and every time-dependent field; with
    `today=None` the state is what the events alone establish."""
    run = _begin(procedure, events, rules, calendar)
    fail = procedure.fail
    first = events[0]
    handlers, closed, days_kinds = procedure.handlers, procedure.closed, procedure.days_kinds
    lapse = procedure.lapse
    lapse_phase: Any = None
    lapse_after = first.on
    if lapse is not None:
        lapse_phase, lapse_after = lapse.phase, lapse.after(run)
    previous = first.on
    for index in range(1, len(events)):
        event = events[index]
        on, kind = event.on, event.kind
        if type(on) is not date:
            fail("not_a_date", index, event)
        if on < previous:
            fail("date_backwards", index, event)
        handler = handlers.get(kind)
        if handler is None:
            fail("unknown_event", index, event)
        if event.days and kind not in days_kinds:
            fail("unexpected_days", index, event)
        phase = run.phase
        if phase in closed:
            fail(procedure.closed_code, index, event)
        if phase is lapse_phase and on > lapse_after:
            lapse.fire(run)  # type: ignore[union-attr]  # lapse_phase is set only with a lapse
        handler(run, index, event)
        previous = on
    run.previous = previous
    if today is not None:
        _check_today(procedure, today, previous)
        if lapse is not None and run.phase is lapse_phase and today > lapse_after:
            lapse.fire(run)
    return procedure.finish(run, today)


def _begin(
    procedure: Procedure[RunT, EventT, RulesT, StateT],
    events: Sequence[EventT],
    rules: RulesT,
    calendar: WorkCalendar,
) -> RunT:
    if not events:
        raise procedure.error("no_events")
    first = events[0]
    if type(first.on) is not date:
        procedure.fail("not_a_date", 0, first)
    if first.kind != procedure.opening:
        procedure.fail("not_received", 0, first)
    if first.days:
        procedure.fail("unexpected_days", 0, first)
    return procedure.begin(first.on, rules, calendar)


def _check_today(procedure: Procedure[Any, Any, Any, Any], today: date, last_on: date) -> None:
    if type(today) is not date:
        raise procedure.error("not_a_date", detail={"today": repr(today)})
    if today < last_on:
        raise procedure.error(
            "today_before_last_event",
            detail={"today": today.isoformat(), "last_event_on": last_on.isoformat()},
        )
