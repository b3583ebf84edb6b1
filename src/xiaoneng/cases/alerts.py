"""The light of a case (domain rules §3), derived at read time from the stored
deadline: correctness never waits for a scheduler."""

from __future__ import annotations

from datetime import date

from xiaoneng.core.clock import AlertBounds, AlertLevel
from xiaoneng.core.workdays import WorkCalendar

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
        # Paused: the light stays what it was when the clock stopped.
        stopped = case.events.filter(kind="suspended").order_by("-seq").first()
        today = stopped.on if stopped else today
    return AlertBounds.on(today, calendar, case.warning_days).level(case.due_on)
