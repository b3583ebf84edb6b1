"""Background work of fees, run by the task worker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django_tasks import task

from xiaoneng.core import timesource

from .supervise import sweep

SWEEP_DAYS = 400  # a charge's day, its catalog version and its month's reconciliation


@task()
def sweep_charges() -> dict[str, Any]:
    """For safety: the charges of the last `SWEEP_DAYS` days checked again
    against the catalog of their day; departures flagged (idempotent)."""
    return {"flagged": sweep(since=timesource.today() - timedelta(days=SWEEP_DAYS))}
