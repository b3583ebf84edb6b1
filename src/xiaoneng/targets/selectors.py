"""The reads of target responsibility, scoped by the actor's authority: the
督查室 and the mayor see every unit; a leader his portfolio (scope CUSTOM);
a unit's heads the tasks their unit leads, its book, and the tasks it
cooperates on. Seeing a task is not acting on it: the actions check the step.

Lights are computed from dates (`lights.py`); to filter in SQL the same
bounds are two comparisons on indexed date columns (`AlertBounds`)."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.clock.alert import AlertBounds
from xiaoneng.core.clock.fold import AlertLevel
from xiaoneng.org.authority import departments_in_scope, has_perm
from xiaoneng.system.params import get_param

from . import params
from .lights import task_light
from .models import (
    Adjustment,
    AdjustmentStatus,
    Milestone,
    ProgressReport,
    ReportStatus,
    TargetBook,
    Task,
    TaskStatus,
)
from .vocabulary import task_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MANAGE = "target.manage"
VIEW = "target.view"
REPORT = "target.report"
DECIDE = "target.adjust.decide"
READERS = (MANAGE, VIEW, REPORT, DECIDE)

NOTHING = Q(pk__in=[])


def can_read(actor: Actor | None) -> bool:
    return any(has_perm(actor, code) for code in READERS)


def _task_scope(ids: Set[int] | None, prefix: str = "") -> Q:
    """Tasks of the units `ids` (None: all): their book, lead or cooperation."""
    if ids is None:
        return Q()
    through = Task.cooperating.through.objects.filter(department_id__in=ids)
    return (
        Q(**{f"{prefix}book__department_id__in": ids})
        | Q(**{f"{prefix}lead_department_id__in": ids})
        | Q(**{f"{prefix}pk__in": through.values("task_id")})
    )


def task_scope_q(actor: Actor | None, prefix: str = "") -> Q:
    if not can_read(actor):
        return NOTHING
    return _task_scope(departments_in_scope(actor), prefix)


def visible_tasks(actor: Actor | None) -> QuerySet[Task]:
    return Task.objects.filter(task_scope_q(actor)).select_related(
        "book", "book__department", "lead_department"
    )


def visible_books(actor: Actor | None) -> QuerySet[TargetBook]:
    if not can_read(actor):
        return TargetBook.objects.none()
    ids = departments_in_scope(actor)
    books = TargetBook.objects.select_related("department")
    if ids is None:
        return books
    return books.filter(
        Q(department_id__in=ids)
        | Exists(Task.objects.filter(_task_scope(ids), book=OuterRef("pk")))
    )


def task_for(actor: Actor | None, pk: object) -> Task:
    """A task the actor may see, or 404 (a task one may not see does not exist)."""
    try:
        key = int(str(pk))
    except ValueError:
        raise task_not_found() from None
    found = visible_tasks(actor).filter(pk=key).first()
    if found is None:
        raise task_not_found()
    return found


def book_for(actor: Actor | None, pk: object) -> TargetBook:
    from xiaoneng.core.errors import NotFound

    try:
        key = int(str(pk))
    except ValueError:
        key = 0
    found = visible_books(actor).filter(pk=key).first()
    if found is None:
        raise NotFound("目标责任书不存在或无权查看", code="target_book_not_found")
    return found


# --- lights -------------------------------------------------------------------------


def bounds(today: date) -> AlertBounds:
    return AlertBounds.on(today, current_calendar(), get_param(params.WARNING_DAYS))


def light_q(level: str, today: date) -> Q:
    """The open leaf tasks of one light, as a filter (the same answer as `task_light`)."""
    edge = bounds(today)
    open_leaf = Q(status=TaskStatus.OPEN, is_leaf=True)

    def due_by(day: date, strict: bool) -> Q:
        op = "lt" if strict else "lte"
        milestone = Milestone.objects.filter(
            task=OuterRef("pk"), done_on__isnull=True, **{f"due_on__{op}": day}
        )
        return Q(**{f"deadline__{op}": day}) | Q(Exists(milestone))

    red = due_by(edge.today, strict=True)
    behind = due_by(edge.warn_until, strict=False)
    if level == AlertLevel.OVERDUE:
        return open_leaf & red
    if level == AlertLevel.WARNING:
        return open_leaf & behind & ~red
    if level == AlertLevel.NORMAL:
        return open_leaf & ~behind
    if level == AlertLevel.NONE:
        return ~open_leaf
    return Q()


@dataclass(frozen=True, slots=True)
class LitTask:
    task: Task
    light: AlertLevel


def with_lights(tasks: list[Task], today: date) -> list[LitTask]:
    """Each task and its light (milestones read in one query)."""
    calendar = current_calendar()
    warning = get_param(params.WARNING_DAYS)
    marks: dict[int, list[tuple[date, date | None]]] = {}
    for task_id, due, done in Milestone.objects.filter(task__in=[t.pk for t in tasks]).values_list(
        "task_id", "due_on", "done_on"
    ):
        marks.setdefault(task_id, []).append((due, done))
    out = []
    for task in tasks:
        if not task.is_leaf or task.deadline is None:
            out.append(LitTask(task, AlertLevel.NONE))
            continue
        done = task.done_on if task.status == TaskStatus.DONE else None
        if task.status == TaskStatus.DONE and done is None:
            done = task.deadline
        level = task_light(task.deadline, done, marks.get(task.pk, []), today, calendar, warning)
        out.append(LitTask(task, level))
    return out


def milestone_level(milestone: Milestone, today: date) -> AlertLevel:
    if milestone.done_on is not None:
        return AlertLevel.NONE
    return bounds(today).level(milestone.due_on)


# --- queues -------------------------------------------------------------------------


def reports_waiting(actor: Actor | None) -> QuerySet[ProgressReport]:
    """Reports the 督查室 has to verify (submitted, not yet verified or returned)."""
    return (
        ProgressReport.objects.filter(task_scope_q(actor, "task__"), status=ReportStatus.SUBMITTED)
        .select_related("task", "task__lead_department", "submitted_by")
        .order_by("submitted_on", "pk")
    )


def pending_adjustments(actor: Actor | None) -> QuerySet[Adjustment]:
    return (
        Adjustment.objects.filter(task_scope_q(actor, "task__"), status=AdjustmentStatus.PENDING)
        .select_related("task", "task__lead_department", "requested_by")
        .order_by("requested_on", "pk")
    )


def counts_by_light(tasks: QuerySet[Task], today: date) -> dict[str, int]:
    leaves = tasks.filter(is_leaf=True)
    return {
        level.value: leaves.filter(light_q(level.value, today)).count()
        for level in (AlertLevel.OVERDUE, AlertLevel.WARNING, AlertLevel.NORMAL)
    } | {"done": leaves.filter(status=TaskStatus.DONE).count()}


def screen_figures(ids: Set[int] | None, today: date) -> dict[str, int]:
    """The big screen's and the inspector workbench's figures over the units
    `ids` (None: all): leaf tasks, those behind (yellow or red), red, and
    reports waiting for verification."""
    tasks = Task.objects.filter(_task_scope(ids), is_leaf=True)
    behind = tasks.filter(
        light_q(AlertLevel.OVERDUE, today) | light_q(AlertLevel.WARNING, today)
    ).count()
    return {
        "tasks_total": tasks.count(),
        "tasks_behind": behind,
        "tasks_red": tasks.filter(light_q(AlertLevel.OVERDUE, today)).count(),
        "reports_waiting": ProgressReport.objects.filter(
            _task_scope(ids, "task__"), status=ReportStatus.SUBMITTED
        ).count(),
    }
