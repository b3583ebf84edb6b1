"""The lights of directive tasks and requests, pure (no database).

A task's deadline runs while the unit owes the work (已交办, 退回重办): the
house's `AlertBounds` with `directive.warning_days`. A pending adjustment
changes nothing (the task stays due until a leader approves it). Reported,
it waits on the 督查室 (no light); closed, it is done. A request's answer
limit runs while it is pending, transfers included, warned one working day
before (its limits are short: three days for an urgent one)."""

from __future__ import annotations

from datetime import date

from xiaoneng.core.clock import AlertBounds, AlertLevel
from xiaoneng.core.workdays import WorkCalendar

from .models import RUNNING, RequestStatus

REQUEST_WARNING_DAYS = 1


def task_level(
    status: str, due_on: date, today: date, calendar: WorkCalendar, warning_days: int
) -> AlertLevel:
    if status not in RUNNING:
        return AlertLevel.NONE
    return AlertBounds.on(today, calendar, warning_days).level(due_on)


def request_level(status: str, due_on: date, today: date, calendar: WorkCalendar) -> AlertLevel:
    if status != RequestStatus.PENDING:
        return AlertLevel.NONE
    return AlertBounds.on(today, calendar, REQUEST_WARNING_DAYS).level(due_on)
