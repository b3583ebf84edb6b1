"""Background work of electronic supervision, run by the task worker."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from xiaoneng.notifications.tasks import send_notification_digest

from . import actions, anomalies

# The digest task moved to the notifications app; queued rows written before
# the move name it by this path.
__all__ = ["detect_anomalies", "issue_cards", "send_notification_digest"]


@task()
def issue_cards() -> dict[str, Any]:
    """Yellow and red cards (domain rules §3), and the heads told of cases
    newly at the yellow light: idempotent, set-based."""
    run = actions.issue_cards()
    warned = actions.notify_warnings()
    return {"yellow": run.yellow, "red": run.red, "closed": run.closed, "warned": warned}


@task()
def detect_anomalies() -> dict[str, Any]:
    """Anomalies of domain rules §3 with their evidence: idempotent, set-based."""
    run = anomalies.detect_anomalies()
    return {"created": run.created, "by_kind": run.by_kind}
