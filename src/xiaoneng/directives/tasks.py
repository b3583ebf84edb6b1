"""Background work of directives and requests, run by the task worker
(system/schedule.py lists it)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from xiaoneng.directives.actions import sweep_directive_cards


@task()
def directive_cards_sweep() -> dict[str, Any]:
    """Cards on directive tasks and requests past their due day: idempotent."""
    return sweep_directive_cards()
