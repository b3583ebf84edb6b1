"""The case clock: the `CASE` procedure on the one clock engine
(`core.clock.fold`); `compute` folds a case's events into a `ClockState`.

One pass over the events, a constant number of O(1) calendar questions per
event (rank/select in `WorkCalendar`): never a walk over days.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final, NoReturn

from xiaoneng.core.clock.fold import Lapse, Procedure, fold
from xiaoneng.core.clock.model import (
    CLOSED_PHASES,
    ClockError,
    ClockEvent,
    ClockRules,
    ClockState,
    EventKind,
    Phase,
)
from xiaoneng.core.workdays import WorkCalendar

_INTAKE_OPEN: Final = frozenset({Phase.INTAKE, Phase.SUPPLEMENTING, Phase.SUPPLEMENTED})


def _running(
    phase: Phase,
    notice_due: date,
    acceptance_due: date | None,
    decision_due: date | None,
    delivery_due: date | None,
) -> date | None:
    """The deadline the phase runs against (`ClockState.due`); none when closed."""
    if phase is Phase.INTAKE:
        return notice_due
    if phase is Phase.SUPPLEMENTED:
        return acceptance_due
    if phase is Phase.PROCESSING or phase is Phase.SUSPENDED:
        return decision_due
    if phase is Phase.DECIDED:
        return delivery_due
    return None


def _fail(code: str, index: int, event: ClockEvent) -> NoReturn:
    on = event.on.isoformat() if isinstance(event.on, date) else repr(event.on)
    raise ClockError(code, detail={"index": index, "kind": str(event.kind), "on": on})


class _Run:
    """The mutable fold state of one `compute` call (never escapes it)."""

    __slots__ = (
        "accepted_on",
        "calendar",
        "closed_on",
        "decided_on",
        "deemed",
        "delivered_on",
        "extension_days",
        "extension_granted",
        "notice_due",
        "notice_late",
        "notice_on",
        "phase",
        "previous",
        "received_on",
        "recorded_acceptance",
        "rules",
        "supplemented_on",
        "suspended_days",
        "suspended_since",
    )

    def __init__(self, received_on: date, rules: ClockRules, calendar: WorkCalendar) -> None:
        self.rules = rules
        self.calendar = calendar
        self.received_on = self.previous = received_on
        self.notice_due = calendar.add_workdays(received_on, rules.notice_window_days)
        self.phase = Phase.INTAKE
        self.notice_on: date | None = None
        self.notice_late = False
        self.supplemented_on: date | None = None
        self.accepted_on: date | None = None
        self.recorded_acceptance = False  # an ACCEPTED event was seen
        self.deemed = False
        self.suspended_days = 0
        self.suspended_since: date | None = None
        self.extension_days = 0
        self.extension_granted = False
        self.decided_on: date | None = None
        self.delivered_on: date | None = None
        self.closed_on: date | None = None

    def deem_accepted(self) -> None:
        """ALL art. 32: no notice and no decision on intake by notice_due → accepted as of R."""
        self.phase = Phase.PROCESSING
        self.accepted_on = self.received_on
        self.deemed = True

    def _late_intake(self) -> bool:
        """Deemed accepted and nothing done since on the decision clock's side:
        an intake act still arriving now is late, recorded, and allowed."""
        return self.deemed and self.phase is Phase.PROCESSING and not self.recorded_acceptance

    def _close(self, phase: Phase, on: date) -> None:
        self.phase = phase
        self.closed_on = on

    # --- one handler per event kind; each checks its preconditions -----------

    def supplement_notice(self, index: int, event: ClockEvent) -> None:
        if self.notice_on is not None:
            _fail("supplement_notice_already_issued", index, event)
        if self.phase is Phase.INTAKE:
            self.phase = Phase.SUPPLEMENTING
        elif self._late_intake():
            self.notice_late = True  # deemed acceptance stands; the clock keeps running
        else:
            _fail("intake_closed", index, event)
        self.notice_on = event.on

    def supplemented(self, index: int, event: ClockEvent) -> None:
        if self.notice_on is None:
            _fail("no_supplement_notice", index, event)
        if self.supplemented_on is not None:
            _fail("already_supplemented", index, event)
        if self.phase is Phase.SUPPLEMENTING:
            self.phase = Phase.SUPPLEMENTED
        elif not (self.notice_late and self.phase is Phase.PROCESSING):
            _fail("intake_closed", index, event)
        self.supplemented_on = event.on

    def accepted(self, index: int, event: ClockEvent) -> None:
        if self.recorded_acceptance or (self.phase not in _INTAKE_OPEN and not self._late_intake()):
            _fail("already_accepted", index, event)
        if self.phase is Phase.SUPPLEMENTING:
            _fail("awaiting_supplement", index, event)
        self.recorded_acceptance = True
        if not self.deemed:
            self.accepted_on = event.on
            self.phase = Phase.PROCESSING

    def refused(self, index: int, event: ClockEvent) -> None:
        if self.phase not in _INTAKE_OPEN and not self._late_intake():
            _fail("already_accepted", index, event)
        self._close(Phase.REFUSED, event.on)

    def suspended(self, index: int, event: ClockEvent) -> None:
        if self.phase is Phase.SUSPENDED:
            _fail("already_suspended", index, event)
        if self.phase is not Phase.PROCESSING:
            _fail(self._not_processing(), index, event)
        self.phase = Phase.SUSPENDED
        self.suspended_since = event.on

    def resumed(self, index: int, event: ClockEvent) -> None:
        if self.phase is not Phase.SUSPENDED:
            _fail("not_suspended", index, event)
        self._end_suspension(event.on)
        self.phase = Phase.PROCESSING

    def extended(self, index: int, event: ClockEvent) -> None:
        if self.phase is not Phase.PROCESSING and self.phase is not Phase.SUSPENDED:
            _fail(self._not_processing(), index, event)
        if self.extension_granted:
            _fail("extension_already_granted", index, event)
        if type(event.days) is not int or event.days <= 0:
            _fail("extension_not_positive", index, event)
        if event.days > self.rules.max_extension_days:
            _fail("extension_exceeds_limit", index, event)
        if self._limit_expired(event.on):
            _fail("extension_after_limit", index, event)
        self.extension_granted = True
        self.extension_days = event.days

    def decided(self, index: int, event: ClockEvent) -> None:
        if self.phase is Phase.SUSPENDED:
            _fail("still_suspended", index, event)
        if self.phase is not Phase.PROCESSING:
            _fail(self._not_processing(), index, event)
        self.phase = Phase.DECIDED
        self.decided_on = event.on

    def delivered(self, index: int, event: ClockEvent) -> None:
        if self.phase is not Phase.DECIDED:
            _fail("not_decided", index, event)
        self.delivered_on = event.on
        self._close(Phase.DELIVERED, event.on)

    def withdrawn(self, index: int, event: ClockEvent) -> None:
        if self.phase is Phase.DECIDED:
            _fail("already_decided", index, event)
        if self.phase is Phase.SUSPENDED:
            self._end_suspension(event.on)  # the clock stopped for good at the withdrawal
        self._close(Phase.WITHDRAWN, event.on)

    def received(self, index: int, event: ClockEvent) -> None:
        _fail("already_received", index, event)

    def _limit_expired(self, on: date) -> bool:
        """Had the decision limit run out by `on`? A paused clock's limit ran
        out only if it had before the pause (ALL art. 42: a limit that cannot be
        met is extended, not one already missed)."""
        assert self.accepted_on is not None
        budget = self.rules.committed_days + self.extension_days + self.suspended_days
        due = self.calendar.add_workdays(self.accepted_on, budget)
        return (self.suspended_since or on) > due

    def _not_processing(self) -> str:
        return "already_decided" if self.phase is Phase.DECIDED else "not_accepted"

    def _end_suspension(self, on: date) -> None:
        assert self.suspended_since is not None
        self.suspended_days += self.calendar.workdays_between(self.suspended_since, on)
        self.suspended_since = None

    # --- the result ---------------------------------------------------------------

    def state(self, today: date | None) -> ClockState:
        """The run's result as of `today`: each deadline, then what runs now."""
        phase, since = self.phase, self.suspended_since
        notice_due = self.notice_due
        acceptance_due, acceptance_late = self._acceptance()
        decision_due, due_when_paused = self._decision_due(today)
        on_time, early, delivery_due, delivery_on_time = self._delivery(decision_due)
        dues = (notice_due, acceptance_due, decision_due, delivery_due)
        due = _running(phase, *dues)
        remaining, overdue = self._remaining(today, due, due_when_paused)
        latest = max(d for d in dues if d is not None)
        return ClockState(
            phase=phase,
            today=today,
            received_on=self.received_on,
            notice_due=notice_due,
            notice_on=self.notice_on,
            notice_late=self.notice_late,
            supplemented_on=self.supplemented_on,
            acceptance_due=acceptance_due,
            acceptance_late=acceptance_late,
            accepted_on=self.accepted_on,
            deemed_accepted=self.deemed,
            suspended_days=self.suspended_days,
            suspended_since=since,
            paused_due=due_when_paused if since is not None else None,
            extension_days=self.extension_days,
            decision_due=decision_due,
            decided_on=self.decided_on,
            on_time=on_time,
            early=early,
            delivery_due=delivery_due,
            delivered_on=self.delivered_on,
            delivery_on_time=delivery_on_time,
            closed_on=self.closed_on,
            due=due,
            remaining_workdays=remaining,
            used_workdays=self._used(today),
            overdue=overdue,
            provisional=self.calendar.span_is_provisional(self.received_on, latest),
        )

    def _acceptance(self) -> tuple[date | None, bool]:
        """The acceptance deadline after a supplement (none once the notice
        was late: the case is then accepted as of receipt), and whether a
        recorded acceptance missed it."""
        if self.supplemented_on is None or self.notice_late:
            return None, False
        due = self.calendar.add_workdays(self.supplemented_on, self.rules.notice_window_days)
        accepted_on = self.accepted_on
        late = self.recorded_acceptance and accepted_on is not None and accepted_on > due
        return due, late

    def _decision_due(self, today: date | None) -> tuple[date | None, date | None]:
        """The decision deadline, and the one it would be had the clock
        resumed on the day it stopped (the paused due). During an open
        suspension the deadline is as if it resumed today (None with no today)."""
        accepted_on = self.accepted_on
        if accepted_on is None:
            return None, None
        add = self.calendar.add_workdays
        budget = self.rules.committed_days + self.extension_days + self.suspended_days
        due_when_paused = add(accepted_on, budget)
        since = self.suspended_since
        if since is None:
            return due_when_paused, due_when_paused
        if today is None:
            return None, due_when_paused
        return add(
            accepted_on, budget + self.calendar.workdays_between(since, today)
        ), due_when_paused

    def _delivery(
        self, decision_due: date | None
    ) -> tuple[bool | None, bool | None, date | None, bool | None]:
        """Decided on time, early; the delivery deadline and whether it was met."""
        decided_on = self.decided_on
        if decided_on is None or decision_due is None:
            return None, None, None, None
        delivery_due = self.calendar.add_workdays(decided_on, self.rules.delivery_days)
        delivered_on = self.delivered_on
        delivery_on_time = None if delivered_on is None else delivered_on <= delivery_due
        return decided_on <= decision_due, decided_on < decision_due, delivery_due, delivery_on_time

    def _remaining(
        self, today: date | None, due: date | None, due_when_paused: date | None
    ) -> tuple[int | None, bool]:
        """Working days left to `due`, and whether it has passed; a paused
        case's light froze when its clock stopped."""
        if today is None or due is None:
            return None, False
        remaining = self.calendar.workdays_between(today, due)
        since = self.suspended_since
        if since is not None and due_when_paused is not None:
            return remaining, since > due_when_paused
        return remaining, today > due

    def _used(self, today: date | None) -> int | None:
        """Working days counted since acceptance, less the suspensions."""
        accepted_on, since = self.accepted_on, self.suspended_since
        used_until = self.decided_on or self.closed_on or today
        if accepted_on is None or used_until is None:
            return None
        between = self.calendar.workdays_between
        used = between(accepted_on, used_until) - self.suspended_days
        if since is not None:
            used -= between(since, used_until)
        return used


CASE: Final[Procedure[_Run, ClockEvent, ClockRules, ClockState]] = Procedure(
    name="case",
    opening=EventKind.RECEIVED,
    handlers={
        EventKind.RECEIVED: _Run.received,
        EventKind.SUPPLEMENT_NOTICE: _Run.supplement_notice,
        EventKind.SUPPLEMENTED: _Run.supplemented,
        EventKind.ACCEPTED: _Run.accepted,
        EventKind.REFUSED: _Run.refused,
        EventKind.SUSPENDED: _Run.suspended,
        EventKind.RESUMED: _Run.resumed,
        EventKind.EXTENDED: _Run.extended,
        EventKind.DECIDED: _Run.decided,
        EventKind.DELIVERED: _Run.delivered,
        EventKind.WITHDRAWN: _Run.withdrawn,
    },
    closed=CLOSED_PHASES,
    closed_code="case_closed",
    error=ClockError,
    begin=_Run,
    finish=_Run.state,
    days_kinds=frozenset({EventKind.EXTENDED}),
    # ALL art. 32: no notice and no decision on intake by notice_due → accepted as of R.
    lapse=Lapse(Phase.INTAKE, after=lambda run: run.notice_due, fire=_Run.deem_accepted),
)


def compute(
    events: Sequence[ClockEvent],
    rules: ClockRules,
    calendar: WorkCalendar,
    today: date | None = None,
) -> ClockState:
    """Fold a case's events (in the order they happened) into its clock state.

    `today` (a date, Asia/Shanghai) drives deemed acceptance by lapse of time,
    an open suspension's deadline, `remaining_workdays`, `used_workdays` of an
    undecided case and `overdue`; with `today=None` the state is what the
    events alone establish (those fields are None/False). Raises ClockError
    with a stable code for an impossible sequence (see ERROR_CODES).
    """
    return fold(CASE, events, rules, calendar, today)
