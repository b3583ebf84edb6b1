"""Background work of enforcement, run by the task worker (daily,
system/schedule.py)."""

from __future__ import annotations

from django_tasks import task

from xiaoneng.core import timesource

from .supervise import sweep


@task()
def enforcement_sweep() -> dict[str, int]:
    """Cards for overdue steps, `fine_not_remitted` and `repeated_penalties`
    anomalies: idempotent (a second run the same day adds nothing)."""
    return sweep(timesource.today())
