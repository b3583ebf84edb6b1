"""Background work of electronic supervision, run by the task worker."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from . import actions, notify


@task()
def issue_cards() -> dict[str, Any]:
    """Yellow and red cards (domain rules §3): idempotent, set-based."""
    run = actions.issue_cards()
    return {"yellow": run.yellow, "red": run.red, "closed": run.closed}


@task()
def send_notification_digest() -> int:
    """One e-mail per recipient with everything not yet mailed."""
    return notify.send_digest()
