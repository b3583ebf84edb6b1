"""The bridge between stored cases and the pure clock: rebuild the clock from
a case's events and copy what it computes onto the row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from xiaoneng.core.clock import (
    ClockEvent,
    ClockRules,
    ClockState,
    EventKind,
    Phase,
    alert_level,
    compute,
)
from xiaoneng.core.workdays import WorkCalendar, deadline_end

from .models import Case, CaseEvent, CaseStatus

STATUS_OF_PHASE = {
    Phase.INTAKE: CaseStatus.RECEIVED,
    Phase.SUPPLEMENTING: CaseStatus.SUPPLEMENTING,
    Phase.SUPPLEMENTED: CaseStatus.SUPPLEMENTED,
    Phase.PROCESSING: CaseStatus.ACCEPTED,
    Phase.SUSPENDED: CaseStatus.SUSPENDED,
    Phase.DECIDED: CaseStatus.DECIDED,
    Phase.DELIVERED: CaseStatus.DELIVERED,
    Phase.REFUSED: CaseStatus.REFUSED,
    Phase.WITHDRAWN: CaseStatus.WITHDRAWN,
}

# Fields `apply_state` writes: the whole denormalised clock.
CLOCK_FIELDS = [
    "status",
    "notice_due_on",
    "accepted_on",
    "deemed_accepted",
    "decision_due_on",
    "due_on",
    "due_at",
    "suspended_days",
    "extension_days",
    "decided_on",
    "delivered_on",
    "on_time",
    "provisional",
    "is_open",
    "notice_on",
    "notice_late",
    "supplemented_on",
    "acceptance_due_on",
    "acceptance_late",
    "suspended_since",
    "paused_due_on",
    "paused_remaining_days",
    "paused_level",
    "delivery_due_on",
    "delivery_on_time",
]


def rules_of(case: Case) -> ClockRules:
    return ClockRules(
        committed_days=case.committed_days,
        legal_days=case.legal_days,
        max_extension_days=case.max_extension_days,
    )


def clock_events(events: Sequence[CaseEvent]) -> list[ClockEvent]:
    return [ClockEvent(EventKind(e.kind), e.on, e.days) for e in events]


def state_of(
    case: Case, events: Sequence[ClockEvent], calendar: WorkCalendar, today: date
) -> ClockState:
    return compute(events, rules_of(case), calendar, today)


def clock_columns(state: ClockState, warning_days: int) -> dict[str, Any]:
    """The case row's clock columns (CLOCK_FIELDS) for a computed state.

    A paused case's light, days left and due date are frozen as they stood
    when its clock stopped, so they are stored as such (`paused_*`); a running
    deadline's light changes with the day and is derived from `due_on` at read
    time (`core.clock.AlertBounds`). The migration that added the columns
    fills them through this function too."""
    paused = state.paused and state.suspended_since is not None and state.today is not None
    return {
        "status": STATUS_OF_PHASE[state.phase],
        "notice_due_on": state.notice_due,
        "accepted_on": state.accepted_on,
        "deemed_accepted": state.deemed_accepted,
        "decision_due_on": state.decision_due,
        "due_on": state.due,
        "due_at": deadline_end(state.due) if state.due else None,
        "suspended_days": state.suspended_days,
        "extension_days": state.extension_days,
        "decided_on": state.decided_on,
        "delivered_on": state.delivered_on,
        "on_time": state.on_time,
        "provisional": state.provisional,
        "is_open": not state.closed,
        "notice_on": state.notice_on,
        "notice_late": state.notice_late,
        "supplemented_on": state.supplemented_on,
        "acceptance_due_on": state.acceptance_due,
        "acceptance_late": state.acceptance_late,
        "suspended_since": state.suspended_since,
        "paused_due_on": state.paused_due,
        "paused_remaining_days": state.remaining_workdays if paused else None,
        "paused_level": alert_level(state, warning_days).value if paused else "",
        "delivery_due_on": state.delivery_due,
        "delivery_on_time": state.delivery_on_time,
    }


def apply_state(case: Case, state: ClockState) -> None:
    """Copy the computed clock onto the case row (not saved here)."""
    for name, value in clock_columns(state, case.warning_days).items():
        setattr(case, name, value)
