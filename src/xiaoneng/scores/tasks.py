"""Background work of the scores app, run by the task worker."""

from __future__ import annotations

from django_tasks import task

from . import actions


@task()
def rollup_recent_months() -> dict[str, int]:
    """Refresh the stored monthly figures of this month and the last one."""
    return {f"{m:%Y-%m}": actions.rollup_month(m) for m in actions.recent_months()}
