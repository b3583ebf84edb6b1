"""The lights of a task (domain rules §3): pure functions of dates.

A milestone done has no light; an open one is judged by `AlertBounds`
(red once past its day, yellow within `warning_days` working days). A task's
light is the worst of its open milestones and its deadline; a task done has
none. A pending adjustment changes nothing here: the task stays due (art. 8)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from xiaoneng.core.clock.alert import AlertBounds
from xiaoneng.core.clock.fold import AlertLevel
from xiaoneng.core.workdays import WorkCalendar

SEVERITY: dict[AlertLevel, int] = {
    AlertLevel.NONE: 0,
    AlertLevel.NORMAL: 1,
    AlertLevel.WARNING: 2,
    AlertLevel.OVERDUE: 3,
}


def worst(levels: Sequence[AlertLevel]) -> AlertLevel:
    return max(levels, key=SEVERITY.__getitem__, default=AlertLevel.NONE)


def milestone_light(
    due_on: date,
    done_on: date | None,
    today: date,
    calendar: WorkCalendar,
    warning_days: int,
) -> AlertLevel:
    if done_on is not None:
        return AlertLevel.NONE
    return AlertBounds.on(today, calendar, warning_days).level(due_on)


def task_light(
    deadline: date,
    done_on: date | None,
    milestones: Sequence[tuple[date, date | None]],
    today: date,
    calendar: WorkCalendar,
    warning_days: int,
) -> AlertLevel:
    """`milestones`: (due_on, done_on) of each of the task's milestones."""
    if done_on is not None:
        return AlertLevel.NONE
    bounds = AlertBounds.on(today, calendar, warning_days)
    levels = [bounds.level(deadline)]
    levels += [bounds.level(due) for due, done in milestones if done is None]
    return worst(levels)
