"""Background work of target responsibility, run by the task worker (system/schedule.py)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from xiaoneng.targets.actions.cards import sweep_target_cards


@task()
def target_cards_sweep() -> dict[str, Any]:
    """Yellow and red cards on target tasks with a missed step: idempotent."""
    run = sweep_target_cards()
    return {"yellow": run.yellow, "red": run.red, "closed": run.closed}
