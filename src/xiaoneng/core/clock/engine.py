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

    def state(self, today: date | None) -> ClockState:  # noqa: PLR0912 (one branch per field)
        rules, calendar, phase = self.rules, self.calendar, self.phase
        add, between = calendar.add_workdays, calendar.workdays_between
        received_on, accepted_on, decided_on = self.received_on, self.accepted_on, self.decided_on
        notice_due = latest = self.notice_due

        acceptance_due = None
        if self.supplemented_on is not None and not self.notice_late:
            acceptance_due = add(self.supplemented_on, rules.notice_window_days)
            latest = max(latest, acceptance_due)
        acceptance_late = (
            acceptance_due is not None
            and self.recorded_acceptance
            and accepted_on is not None
            and accepted_on > acceptance_due
        )

        decision_due = due_when_paused = None
        since = self.suspended_since
        if accepted_on is not None:
            budget = rules.committed_days + self.extension_days + self.suspended_days
            due_when_paused = add(accepted_on, budget)
            if since is None:
                decision_due = due_when_paused
            elif today is not None:  # an open suspension: as if it resumed today
                decision_due = add(accepted_on, budget + between(since, today))
            if decision_due is not None:
                latest = max(latest, decision_due)

        on_time = early = delivery_due = delivery_on_time = None
        if decided_on is not None and decision_due is not None:
            on_time, early = decided_on <= decision_due, decided_on < decision_due
            delivery_due = add(decided_on, rules.delivery_days)
            latest = max(latest, delivery_due)
            if self.delivered_on is not None:
                delivery_on_time = self.delivered_on <= delivery_due

        due = None
        if phase is Phase.INTAKE:
            due = notice_due
        elif phase is Phase.SUPPLEMENTED:
            due = acceptance_due
        elif phase is Phase.PROCESSING or phase is Phase.SUSPENDED:
            due = decision_due
        elif phase is Phase.DECIDED:
            due = delivery_due

        remaining = used = None
        overdue = False
        if today is not None and due is not None:
            remaining = between(today, due)
            if since is not None and due_when_paused is not None:
                overdue = since > due_when_paused  # the light froze when the clock stopped
            else:
                overdue = today > due
        used_until = decided_on or self.closed_on or today
        if accepted_on is not None and used_until is not None:
            used = between(accepted_on, used_until) - self.suspended_days
            if since is not None:
                used -= between(since, used_until)

        return ClockState(
            phase=phase,
            today=today,
            received_on=received_on,
            notice_due=notice_due,
            notice_on=self.notice_on,
            notice_late=self.notice_late,
            supplemented_on=self.supplemented_on,
            acceptance_due=acceptance_due,
            acceptance_late=acceptance_late,
            accepted_on=accepted_on,
            deemed_accepted=self.deemed,
            suspended_days=self.suspended_days,
            suspended_since=since,
            paused_due=due_when_paused if since is not None else None,
            extension_days=self.extension_days,
            decision_due=decision_due,
            decided_on=decided_on,
            on_time=on_time,
            early=early,
            delivery_due=delivery_due,
            delivered_on=self.delivered_on,
            delivery_on_time=delivery_on_time,
            closed_on=self.closed_on,
            due=due,
            remaining_workdays=remaining,
            used_workdays=used,
            overdue=overdue,
            provisional=calendar.span_is_provisional(received_on, latest),
        )


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
