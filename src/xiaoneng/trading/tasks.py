"""Background work of trading, run by the task worker (daily,
system/schedule.py)."""

from __future__ import annotations

from django_tasks import task

from xiaoneng.core import timesource

from .supervise import sweep


@task()
def trading_sweep() -> dict[str, int]:
    """Cards for overdue objection replies, complaint decisions and contracts,
    and the red flags of recent awards: idempotent (a second run the same day
    adds nothing)."""
    return sweep(timesource.today())
