"""Background work of complaints, run by the task worker (system/schedule.py)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from xiaoneng.complaints.actions.cards import issue_complaint_cards


@task()
def complaint_cards_sweep() -> dict[str, Any]:
    """Yellow and red cards on complaints past a deadline: idempotent."""
    run = issue_complaint_cards()
    return {"yellow": run.yellow, "red": run.red, "closed": run.closed}
