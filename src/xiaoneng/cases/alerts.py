"""The light of a case (domain rules §3), derived at read time from the stored
deadline: correctness never waits for a scheduler."""

from __future__ import annotations

from datetime import date

from xiaoneng.core.clock import AlertBounds, AlertLevel, alert_level
from xiaoneng.core.workdays import WorkCalendar

from .clocking import clock_events, state_of
from .models import Case, CaseStatus

# Waiting for the applicant, or finished: no deadline runs against the department.
NO_LIGHT = {
    CaseStatus.SUPPLEMENTING,
    CaseStatus.DELIVERED,
    CaseStatus.REFUSED,
    CaseStatus.WITHDRAWN,
}


def alert_of(case: Case, today: date, calendar: WorkCalendar) -> AlertLevel:
    if case.status in NO_LIGHT or case.due_on is None:
        return AlertLevel.NONE
    if case.status == CaseStatus.SUSPENDED:
        # Paused: the stored due moves with the day it was computed on; the
        # clock itself knows the light as it stood when the clock stopped.
        events = clock_events(sorted(case.events.all(), key=lambda e: e.seq))
        return alert_level(state_of(case, events, calendar, today), case.warning_days)
    return AlertBounds.on(today, calendar, case.warning_days).level(case.due_on)
