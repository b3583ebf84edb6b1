"""The bridge between stored cases and the pure clock: rebuild the clock from
a case's events and copy what it computes onto the row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from xiaoneng.core.clock import ClockEvent, ClockRules, ClockState, EventKind, Phase, compute
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


def apply_state(case: Case, state: ClockState) -> None:
    """Copy the computed clock onto the case row (not saved here)."""
    case.status = STATUS_OF_PHASE[state.phase]
    case.notice_due_on = state.notice_due
    case.accepted_on = state.accepted_on
    case.deemed_accepted = state.deemed_accepted
    case.decision_due_on = state.decision_due
    case.due_on = state.due
    case.due_at = deadline_end(state.due) if state.due else None
    case.suspended_days = state.suspended_days
    case.extension_days = state.extension_days
    case.decided_on = state.decided_on
    case.delivered_on = state.delivered_on
    case.on_time = state.on_time
    case.provisional = state.provisional
    case.is_open = not state.closed
