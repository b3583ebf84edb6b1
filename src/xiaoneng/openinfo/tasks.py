"""Background work of proactive disclosure, run by the task worker (daily,
system/schedule.py)."""

from __future__ import annotations

from django_tasks import task

from xiaoneng.openinfo.actions import sweep_late_items


@task()
def openinfo_late_sweep() -> dict[str, int]:
    """`disclosure_late` anomalies for items past their due day: idempotent."""
    return sweep_late_items()
