"""Reads of directives and requests, always through the actor's authority.

- Directive tasks: the 督查室 (`directive.manage`) reads every one; a leader
  or the mayor (`target.view`) the tasks of the units in their scope; a unit
  (`directive.report`) its own tasks and those it cooperates on.
- Directives: those with at least one task the actor reads (all for the 督查室).
- Adjustments to decide: `target.adjust.decide`, tasks of units in scope.
- Requests (`request.handle`): a unit reads those it submitted, holds, was
  addressed or passed on; `target.view` those held by or sent from units in
  its scope.
Seeing a row is never acting on it: the actions check each step."""

from __future__ import annotations

from collections.abc import Set
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.db.models import Q, QuerySet

from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.authority import has_perm, scope_q, unit_of
from xiaoneng.system.params import get_param
from xiaoneng.web.lights import Light, lit, unlit

from .lights import request_level, task_level
from .models import (
    RUNNING,
    AdjustmentStatus,
    Directive,
    DirectiveAdjustment,
    DirectiveOriginal,
    DirectiveReportFile,
    DirectiveTask,
    Request,
    RequestFile,
    RequestStatus,
    RequestTransfer,
    StoredFile,
    TaskStatus,
)
from .params import WARNING_DAYS
from .vocabulary import (
    adjustment_not_found,
    directive_not_found,
    file_not_found,
    request_not_found,
    task_not_found,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MANAGE = "directive.manage"
REPORT = "directive.report"
HANDLE = "request.handle"
VIEW = "target.view"
DECIDE = "target.adjust.decide"
TASK_READERS = (MANAGE, VIEW, REPORT)
REQUEST_READERS = (HANDLE, VIEW)


def tasks_for(actor: Actor | None) -> QuerySet[DirectiveTask]:
    qs = DirectiveTask.objects.select_related("directive", "department")
    if has_perm(actor, MANAGE):
        return qs
    q = Q(pk__in=[])
    if has_perm(actor, VIEW) or has_perm(actor, REPORT):
        q |= scope_q(actor, dept_field="department")
    if has_perm(actor, REPORT) and actor is not None and (unit := unit_of(actor)) is not None:
        cooperating = DirectiveTask.cooperating.through.objects.filter(department_id=unit.pk)
        q |= Q(pk__in=cooperating.values("directivetask_id"))
    return qs.filter(q)


def task_for(actor: Actor | None, task_id: int) -> DirectiveTask:
    row = tasks_for(actor).filter(pk=task_id).first()
    if row is None:
        raise task_not_found()
    return row


def directives_for(actor: Actor | None) -> QuerySet[Directive]:
    if has_perm(actor, MANAGE):
        return Directive.objects.all()
    return Directive.objects.filter(pk__in=tasks_for(actor).values("directive_id"))


def directive_for(actor: Actor | None, directive_id: int) -> Directive:
    row = directives_for(actor).filter(pk=directive_id).first()
    if row is None:
        raise directive_not_found()
    return row


def adjustments_to_decide(actor: Actor | None) -> QuerySet[DirectiveAdjustment]:
    if not has_perm(actor, DECIDE):
        return DirectiveAdjustment.objects.none()
    return DirectiveAdjustment.objects.filter(
        scope_q(actor, dept_field="task__department"), status=AdjustmentStatus.PENDING
    ).select_related("task", "task__directive", "task__department", "requested_by")


def adjustment_for_decision(actor: Actor | None, adjustment_id: int) -> DirectiveAdjustment:
    row = (
        DirectiveAdjustment.objects.filter(pk=adjustment_id)
        .filter(scope_q(actor, dept_field="task__department"))
        .first()
        if has_perm(actor, DECIDE)
        else None
    )
    if row is None:
        raise adjustment_not_found()
    return row


def requests_for(actor: Actor | None) -> QuerySet[Request]:
    qs = Request.objects.select_related("from_department", "to_department", "holder")
    q = Q(pk__in=[])
    if has_perm(actor, VIEW):
        q |= scope_q(actor, dept_field="holder") | scope_q(actor, dept_field="from_department")
    if has_perm(actor, HANDLE) and actor is not None and (unit := unit_of(actor)) is not None:
        q |= Q(from_department=unit) | Q(holder=unit) | Q(to_department=unit)
        passed_on = RequestTransfer.objects.filter(from_department=unit).values("request_id")
        q |= Q(pk__in=passed_on)
    return qs.filter(q)


def request_for(actor: Actor | None, request_id: int) -> Request:
    row = requests_for(actor).filter(pk=request_id).first()
    if row is None:
        raise request_not_found()
    return row


# --- lights ------------------------------------------------------------


def task_light(row: DirectiveTask, today: date, calendar: WorkCalendar) -> Light:
    if row.status == TaskStatus.REPORTED:
        return unlit("已报办结，待督查室销号", due=row.due_on)
    if row.status == TaskStatus.CLOSED:
        on_time = row.closed_on is not None and (row.reported_on or row.closed_on) <= row.due_on
        return unlit("按期办结" if on_time else "逾期办结", due=row.due_on)
    level = task_level(row.status, row.due_on, today, calendar, get_param(WARNING_DAYS))
    return lit(level, calendar.workdays_between(today, row.due_on), due=row.due_on)


def request_light(row: Request, today: date, calendar: WorkCalendar) -> Light:
    if row.status == RequestStatus.ANSWERED:
        return unlit("按期答复" if row.on_time else "逾期答复", due=row.due_on)
    level = request_level(row.status, row.due_on, today, calendar)
    return lit(level, calendar.workdays_between(today, row.due_on), due=row.due_on)


# --- queues and figures ------------------------------------------------------------


def overdue_tasks(qs: QuerySet[DirectiveTask], today: date) -> QuerySet[DirectiveTask]:
    """Tasks the unit still owes past their due day (a pending adjustment changes nothing)."""
    return qs.filter(status__in=RUNNING, due_on__lt=today)


def overdue_requests(qs: QuerySet[Request], today: date) -> QuerySet[Request]:
    return qs.filter(status=RequestStatus.PENDING, due_on__lt=today)


def screen_figures(ids: Set[int] | None, today: date) -> dict[str, int]:
    """The big screen's and the inspector workbench's figures over the
    departments `ids` (None: all): tasks not yet closed, tasks overdue,
    requests waiting for an answer, requests overdue."""
    tasks = DirectiveTask.objects.all()
    requests = Request.objects.all()
    if ids is not None:
        tasks = tasks.filter(department_id__in=list(ids))
        requests = requests.filter(holder_id__in=list(ids))
    return {
        "directive_tasks_open": tasks.exclude(status=TaskStatus.CLOSED).count(),
        "directive_tasks_overdue": overdue_tasks(tasks, today).count(),
        "requests_open": requests.filter(status=RequestStatus.PENDING).count(),
        "requests_overdue": overdue_requests(requests, today).count(),
    }


# --- files ------------------------------------------------------------

FILE_KINDS = ("original", "report", "request")


def file_for(actor: Actor | None, kind: str, file_id: int) -> StoredFile:
    """A stored file the actor may read: through the row it belongs to."""
    row: StoredFile | None = None
    if kind == "original":
        row = DirectiveOriginal.objects.filter(
            pk=file_id, directive__in=directives_for(actor)
        ).first()
    elif kind == "report":
        row = DirectiveReportFile.objects.filter(
            pk=file_id, report__task__in=tasks_for(actor)
        ).first()
    elif kind == "request":
        row = RequestFile.objects.filter(pk=file_id, request__in=requests_for(actor)).first()
    if row is None:
        raise file_not_found()
    return row


def open_file(row: StoredFile) -> Any:
    """The stored file, opened for reading (the caller closes it)."""
    try:
        return default_storage.open(row.stored_path, "rb")
    except FileNotFoundError:
        raise file_not_found() from None
