"""A procedure declared from a table alone: timed stages and one extension.

Most deadlines still to come (complaints, directives, requests, enforcement,
trading) have this shape: an opening event enters the first stage; each
stage has a deadline of so many working days counted from the event that
entered it (``add_workdays``: the start day is not counted; the deadline
falls at the end of its day); named events move to the next stage or close
the matter; one stage may be extended once. For example (complaints)::

    COMPLAINT = Stages(
        "complaint",
        first="accepting",
        stages={
            "accepting": Stage(5, then={"accepted": "handling", "rejected": "rejected"}),
            "handling": Stage(15, then={"concluded": "concluded"}),
        },
        extension=Extension("handling", max_days=15),
    )
    state = COMPLAINT.compute([StageEvent("received", d), ...], calendar, today)

A target that is not a stage ("rejected", "concluded") is a closed phase.
The engine's shared checks apply (`core.clock.fold`); this table's own codes:
``not_allowed`` (no such move from this stage), ``already_received``, the
extension's ``extension_not_allowed``, ``extension_already_granted``,
``extension_not_positive``, ``extension_exceeds_limit``,
``extension_too_late`` (after the due date in force). A stage left after its
due day is recorded in ``late``. A procedure with pauses, deemed acts or
interlocking deadlines (the case, disclosure) writes its own handlers on the
same engine instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Final, NoReturn

from xiaoneng.core.clock.fold import AlertLevel, Procedure, fold, light
from xiaoneng.core.errors import DomainError
from xiaoneng.core.workdays import WorkCalendar

STAGE_ERROR_CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "no_events": "没有事件",
        "not_a_date": "事件日期必须是日期（date）",
        "unknown_event": "未知的事件类型",
        "not_received": "第一个事件必须是收到",
        "already_received": "已经收到",
        "date_backwards": "事件日期早于前一事件",
        "today_before_last_event": "当前日期早于最后一个事件",
        "unexpected_days": "只有延期事件可以带天数",
        "closed": "已办结",
        "not_allowed": "当前环节不能进行此操作",
        "extension_not_allowed": "当前环节不能延期",
        "extension_already_granted": "延期只能批准一次",
        "extension_not_positive": "延期天数必须大于 0",
        "extension_exceeds_limit": "延期天数超过上限",
        "extension_too_late": "期限已届满，不能再延期",
        "stages_invalid": "环节定义无效",
    }
)


class StageError(DomainError):
    """An impossible event sequence of a staged procedure (HTTP 409)."""

    status = 409
    code = "stage_clock_error"

    def __init__(self, code: str, message: str | None = None, *, detail: Any = None) -> None:
        super().__init__(message or STAGE_ERROR_CODES.get(code, code), code=code, detail=detail)


@dataclass(frozen=True, slots=True)
class StageEvent:
    kind: str
    on: date
    days: int = 0


@dataclass(frozen=True, slots=True)
class Stage:
    """`days` working days from the event entering it; `then`: event kind → next phase."""

    days: int
    then: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Extension:
    """Once, in `stage`, 1 … `max_days` working days, on or before the due date."""

    stage: str
    max_days: int
    kind: str = "extended"


@dataclass(frozen=True, slots=True)
class StageState:
    phase: str
    today: date | None
    opened_on: date
    entered_on: date  # the current phase since
    due: date | None  # the deadline running now; None once closed
    extension_days: int
    late: tuple[str, ...]  # stages left after their due day (violations)
    closed_on: date | None
    remaining_workdays: int | None
    overdue: bool
    light: AlertLevel
    provisional: bool


def _fail(code: str, index: int, event: StageEvent) -> NoReturn:
    raise StageError(code, detail={"index": index, "kind": event.kind, "on": event.on.isoformat()})


class _StagedRun:
    __slots__ = (
        "calendar",
        "closed_on",
        "due",
        "entered_on",
        "extended",
        "extension_days",
        "late",
        "opened_on",
        "phase",
        "previous",
        "stages",
    )

    def __init__(self, opened_on: date, stages: Stages, calendar: WorkCalendar) -> None:
        self.stages, self.calendar = stages, calendar
        self.opened_on = self.previous = opened_on
        self.extension_days, self.extended = 0, False
        self.late: list[str] = []
        self.closed_on: date | None = None
        self.due: date | None = None
        self.phase = ""
        self._enter(stages.first, opened_on)

    def _enter(self, phase: str, on: date) -> None:
        self.phase, self.entered_on = phase, on
        stage = self.stages.stages.get(phase)
        if stage is None:
            self.due, self.closed_on = None, on
        else:
            self.due = self.calendar.add_workdays(on, stage.days)

    def move(self, index: int, event: StageEvent) -> None:
        target = self.stages.stages[self.phase].then.get(event.kind)
        if target is None:
            _fail("not_allowed", index, event)
        if self.due is not None and event.on > self.due:
            self.late.append(self.phase)
        self._enter(target, event.on)

    def extend(self, index: int, event: StageEvent) -> None:
        extension = self.stages.extension
        if extension is None or self.phase != extension.stage:
            _fail("extension_not_allowed", index, event)
        if self.extended:
            _fail("extension_already_granted", index, event)
        if type(event.days) is not int or event.days <= 0:
            _fail("extension_not_positive", index, event)
        if event.days > extension.max_days:
            _fail("extension_exceeds_limit", index, event)
        if self.due is not None and event.on > self.due:
            _fail("extension_too_late", index, event)
        self.extended, self.extension_days = True, event.days
        self.due = self.calendar.add_workdays(
            self.entered_on, self.stages.stages[self.phase].days + event.days
        )

    def opened_again(self, index: int, event: StageEvent) -> None:
        _fail("already_received", index, event)

    def state(self, today: date | None) -> StageState:
        due, remaining, overdue, level = self.due, None, False, AlertLevel.NONE
        if today is not None and due is not None:
            remaining = self.calendar.workdays_between(today, due)
            overdue = today > due
            level = light(remaining, overdue, self.stages.warning_days)
        latest = max(d for d in (due, self.previous) if d is not None)
        return StageState(
            phase=self.phase,
            today=today,
            opened_on=self.opened_on,
            entered_on=self.entered_on,
            due=due,
            extension_days=self.extension_days,
            late=tuple(self.late),
            closed_on=self.closed_on,
            remaining_workdays=remaining,
            overdue=overdue,
            light=level,
            provisional=self.calendar.span_is_provisional(self.opened_on, latest),
        )


@dataclass(frozen=True)
class Stages:
    """A staged procedure's rules, as data; `compute` folds events by them."""

    name: str
    first: str
    stages: Mapping[str, Stage]
    extension: Extension | None = None
    opening: str = "received"
    warning_days: int = 1
    procedure: Procedure[_StagedRun, StageEvent, Stages, StageState] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.first not in self.stages:
            raise StageError("stages_invalid", detail={"first": self.first})
        if self.extension is not None and self.extension.stage not in self.stages:
            raise StageError("stages_invalid", detail={"extension": self.extension.stage})
        targets = {t for stage in self.stages.values() for t in stage.then.values()}
        handlers: dict[str, Any] = {
            kind: _StagedRun.move for stage in self.stages.values() for kind in stage.then
        }
        handlers[self.opening] = _StagedRun.opened_again
        days_kinds: frozenset[str] = frozenset()
        if self.extension is not None:
            handlers[self.extension.kind] = _StagedRun.extend
            days_kinds = frozenset({self.extension.kind})
        procedure: Procedure[_StagedRun, StageEvent, Stages, StageState] = Procedure(
            name=self.name,
            opening=self.opening,
            handlers=handlers,
            closed=frozenset(targets - set(self.stages)),
            closed_code="closed",
            error=StageError,
            begin=_StagedRun,
            finish=_StagedRun.state,
            days_kinds=days_kinds,
        )
        object.__setattr__(self, "procedure", procedure)

    def compute(
        self, events: Sequence[StageEvent], calendar: WorkCalendar, today: date | None = None
    ) -> StageState:
        return fold(self.procedure, events, self, calendar, today)
