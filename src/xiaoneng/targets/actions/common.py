"""What the target actions share: the locked task with the step's
permission checked on it, the subject supervision is handed, text checks."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.errors import PermissionDenied
from xiaoneng.core.text import as_int, require_text
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.authority import covers_department, require, unit_of
from xiaoneng.supervision.subjects import Subject
from xiaoneng.system.params import get_param
from xiaoneng.targets import params
from xiaoneng.targets.models import Task
from xiaoneng.targets.selectors import DECIDE, MANAGE, REPORT, task_scope_q
from xiaoneng.targets.vocabulary import task_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

text = functools.partial(require_text, limit=4000)


def locked_task(actor: Actor, task_id: Any, permission: str) -> tuple[User, Task]:
    """The user and the task, locked, for the step `permission`:
    - target.manage: any task the 督查室's scope covers;
    - target.report: only a task its unit leads (seeing it as a cooperating
      unit is not enough);
    - target.adjust.decide: only within the leader's portfolio.
    A task the actor cannot see is not found."""
    user = require(actor, permission)
    row = (
        Task.objects.select_for_update(of=("self",))
        .filter(task_scope_q(user), pk=as_int(task_id) or 0)
        .select_related("book", "lead_department")
        .first()
    )
    if row is None:
        raise task_not_found()
    if permission == REPORT:
        unit = unit_of(user)
        if unit is None or unit.pk != row.lead_department_id:
            raise PermissionDenied(
                "只有牵头单位可以报送进度或申请调整", code="target_not_lead_unit"
            )
    elif permission in (DECIDE, MANAGE) and not covers_department(
        user, row.lead_department_id or row.book.department_id
    ):
        raise PermissionDenied("该任务不在您的分管范围内", code="target_not_in_portfolio")
    return user, row


def subject_of(task: Task) -> Subject:
    return Subject(
        kind="target_task",
        ref=task.pk,
        title=f"{task.code} {task.title}"[:200],
        url=reverse("targets:task", args=[task.pk]),
        department_id=task.lead_department_id or task.book.department_id,
    )


def month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def report_due(
    year: int, month: int, calendar: WorkCalendar | None = None, report_day: int | None = None
) -> date:
    """The unit's report for a month is due by the n-th working day of the next month."""
    days = report_day if report_day is not None else get_param(params.REPORT_DAY)
    return (calendar or current_calendar()).add_workdays(month_end(year, month), days)
