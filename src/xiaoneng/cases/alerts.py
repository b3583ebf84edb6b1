"""The light of a case (domain rules §3), read from its stored clock: a
running deadline's light is derived at read time from `due_on` (correctness
never waits for a scheduler); a paused case's light is the one its clock
stored when it stopped (`paused_level`)."""

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
        return AlertLevel(case.paused_level or AlertLevel.NORMAL)
    return AlertBounds.on(today, calendar, case.warning_days).level(case.due_on)


def days_left(case: Case, today: date, calendar: WorkCalendar) -> tuple[int, date | None]:
    """(working days left, the deadline they count to) of a lit case: a
    running deadline counted from today; a paused case's as its clock froze
    them when it stopped."""
    if case.status == CaseStatus.SUSPENDED:
        return case.paused_remaining_days or 0, case.paused_due_on or case.due_on
    if case.due_on is None:
        return 0, None
    return calendar.workdays_between(today, case.due_on), case.due_on
