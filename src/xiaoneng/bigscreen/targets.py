"""The big screen's target and supervision figures (目标与督办): the target
tasks (all, behind schedule, red) and the progress reports waiting for the
inspector's verification (targets), the directive tasks and the requests
(请示) still open and overdue (directives) — each app's own
`screen_figures`, so the screen, the inspector's workbench and the desks
count alike. Counts only, within the departments the viewer sees.

They move by the day (lights, reports, answers), not by the second: kept
`CACHE_SECONDS` per scope and day in the shared cache instead of being
counted again with every snapshot (eight queries when they are)."""

from __future__ import annotations

import hashlib
from collections.abc import Set
from datetime import date

from django.core.cache import cache

from xiaoneng.directives.selectors import screen_figures as directive_figures
from xiaoneng.targets.selectors import screen_figures as target_figures

CACHE_SECONDS = 60

# The keys the panel shows, in its order (the contract of issue 9).
TARGET_KEYS = ("tasks_total", "tasks_behind", "tasks_red", "reports_waiting")
DIRECTIVE_KEYS = (
    "directive_tasks_open",
    "directive_tasks_overdue",
    "requests_open",
    "requests_overdue",
)


def _scope(ids: Set[int] | None) -> str:
    if ids is None:
        return "all"
    return hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()[:24]


def count_targets(ids: Set[int] | None, today: date) -> dict[str, int]:
    """The figures, counted now."""
    return {**target_figures(ids, today), **directive_figures(ids, today)}


def targets_figures(ids: Set[int] | None, today: date) -> dict[str, int]:
    """The figures, from the cache when another screen of the scope counted
    them in the last minute."""
    key = f"bigscreen:targets:{today.isoformat()}:{_scope(ids)}"
    figures: dict[str, int] | None = cache.get(key)
    if figures is None:
        figures = count_targets(ids, today)
        cache.set(key, figures, CACHE_SECONDS)
    return figures
