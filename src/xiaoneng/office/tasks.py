"""Background work of daily government work, run by the task worker (daily,
system/schedule.py)."""

from __future__ import annotations

from django_tasks import task

from xiaoneng.core import timesource

from .supervise import sweep


@task()
def office_sweep() -> dict[str, int]:
    """The day's report dues, roster reminders, cards for overdue reports,
    rosters, returns and follow-ups, and the findings: idempotent (a second
    run the same day adds nothing)."""
    return sweep(timesource.today())
