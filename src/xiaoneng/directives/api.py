"""The 督查督办 API (`/api/v1/directives`): the same actions and selectors
as the pages. Errors in the house shape ({"code", "message", "detail"})."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource

from . import actions
from .models import Directive, DirectiveTask
from .selectors import (
    adjustments_to_decide,
    directive_for,
    directives_for,
    overdue_tasks,
    task_for,
    task_light,
    tasks_for,
)

router = Router(tags=["督查督办"])


class DirectiveTaskIn(Schema):
    department_id: int
    requirement: str
    due_on: date
    cooperating_ids: list[int] = []


class DirectiveIn(Schema):
    source: str
    number: str
    title: str
    content: str
    issued_on: date
    leader: str = ""
    tasks: list[DirectiveTaskIn] = []


class DirectiveReportOut(Schema):
    text: str
    is_final: bool
    submitted_on: date
    files: list[str]


class DirectiveAdjustmentOut(Schema):
    id: int
    old_due_on: date
    new_due_on: date
    reason: str
    status: str
    requested_on: date
    decided_on: date | None
    decision_note: str


class DirectiveTaskOut(Schema):
    id: int
    directive_id: int
    directive_title: str
    department: str
    department_id: int
    requirement: str
    due_on: date
    status: str
    status_label: str
    light: str
    light_text: str
    pending_adjustment: bool
    reported_on: date | None
    closed_on: date | None
    reports: list[DirectiveReportOut]
    adjustments: list[DirectiveAdjustmentOut]


class DirectiveOut(Schema):
    id: int
    source: str
    number: str
    title: str
    content: str
    issued_on: date
    leader: str
    status: str
    task_ids: list[int]


class DirectiveReportIn(Schema):
    report: str
    is_final: bool = False


class DirectiveUrgeIn(Schema):
    message: str
    due_on: date | None = None


class DirectiveCloseIn(Schema):
    note: str = ""


class DirectiveReturnIn(Schema):
    reason: str
    new_due_on: date | None = None


class DirectiveAdjustIn(Schema):
    new_due_on: date
    reason: str


class DirectiveDecideIn(Schema):
    approve: bool
    note: str = ""


def directive_out(row: Directive, task_ids: list[int]) -> dict[str, Any]:
    return {
        "id": row.pk,
        "source": row.source,
        "number": row.number,
        "title": row.title,
        "content": row.content,
        "issued_on": row.issued_on,
        "leader": row.leader,
        "status": row.status,
        "task_ids": task_ids,
    }


def task_out(row: DirectiveTask) -> dict[str, Any]:
    light = task_light(row, timesource.today(), current_calendar())
    return {
        "id": row.pk,
        "directive_id": row.directive_id,
        "directive_title": row.directive.title,
        "department": row.department.name,
        "department_id": row.department_id,
        "requirement": row.requirement,
        "due_on": row.due_on,
        "status": row.status,
        "status_label": row.get_status_display(),
        "light": light.level,
        "light_text": light.text,
        "pending_adjustment": row.pending_adjustment,
        "reported_on": row.reported_on,
        "closed_on": row.closed_on,
        "reports": [
            {
                "text": r.text,
                "is_final": r.is_final,
                "submitted_on": r.submitted_on,
                "files": [f.filename for f in r.files.all()],
            }
            for r in row.reports.all()
        ],
        "adjustments": [
            {
                "id": a.pk,
                "old_due_on": a.old_due_on,
                "new_due_on": a.new_due_on,
                "reason": a.reason,
                "status": a.status,
                "requested_on": a.requested_on,
                "decided_on": a.decided_on,
                "decision_note": a.decision_note,
            }
            for a in row.adjustments.all()
        ],
    }


def _task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    return task_out(task_for(request.user, task_id))


def _directive(request: HttpRequest, directive_id: int) -> dict[str, Any]:
    row = directive_for(request.user, directive_id)
    ids = list(tasks_for(request.user).filter(directive=row).values_list("pk", flat=True))
    return directive_out(row, ids)


def _page(limit: int, offset: int) -> tuple[int, int]:
    start = max(offset, 0)
    return start, start + max(1, min(limit, 100))


@router.get("/", response=list[DirectiveOut], summary="督办事项")
def list_directives(request: HttpRequest, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    start, end = _page(limit, offset)
    rows = directives_for(request.user).order_by("-issued_on", "-id")[start:end]
    return [_directive(request, r.pk) for r in rows]


@router.post("/", response={201: DirectiveOut}, summary="登记督办事项（可同时交办）")
def register(request: HttpRequest, body: DirectiveIn) -> Status[dict[str, Any]]:
    data = body.model_dump()
    row = actions.register_directive(actor=request.user, **data)
    return Status(201, _directive(request, row.pk))


@router.get("/tasks", response=list[DirectiveTaskOut], summary="督办任务（按权限范围）")
def list_tasks(
    request: HttpRequest, state: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = tasks_for(request.user)
    if state == "overdue":
        qs = overdue_tasks(qs, timesource.today())
    elif state:
        qs = qs.filter(status=state)
    start, end = _page(limit, offset)
    return [task_out(t) for t in qs.order_by("due_on", "id")[start:end]]


@router.get("/tasks/{task_id}", response=DirectiveTaskOut, summary="督办任务详情")
def get_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    return _task(request, task_id)


@router.get("/adjustments", response=list[DirectiveAdjustmentOut], summary="待审批的调整申请")
def pending_adjustments(request: HttpRequest) -> list[Any]:
    return list(adjustments_to_decide(request.user).order_by("requested_on", "id")[:100])


@router.post("/adjustments/{adjustment_id}/decide", response=DirectiveTaskOut, summary="审批调整")
def decide(request: HttpRequest, adjustment_id: int, body: DirectiveDecideIn) -> dict[str, Any]:
    row = actions.decide_adjustment(
        actor=request.user, adjustment_id=adjustment_id, **body.model_dump()
    )
    return _task(request, row.task_id)


@router.get("/{directive_id}", response=DirectiveOut, summary="督办事项详情")
def get_directive(request: HttpRequest, directive_id: int) -> dict[str, Any]:
    return _directive(request, directive_id)


@router.post("/{directive_id}/tasks", response={201: DirectiveTaskOut}, summary="交办")
def assign(
    request: HttpRequest, directive_id: int, body: DirectiveTaskIn
) -> Status[dict[str, Any]]:
    row = actions.assign_task(actor=request.user, directive_id=directive_id, **body.model_dump())
    return Status(201, _task(request, row.pk))


@router.post("/tasks/{task_id}/reports", response={201: DirectiveTaskOut}, summary="报送进展")
def report(request: HttpRequest, task_id: int, body: DirectiveReportIn) -> Status[dict[str, Any]]:
    actions.submit_report(actor=request.user, task_id=task_id, **body.model_dump())
    return Status(201, _task(request, task_id))


@router.post("/tasks/{task_id}/urge", response=DirectiveTaskOut, summary="催办")
def urge(request: HttpRequest, task_id: int, body: DirectiveUrgeIn) -> dict[str, Any]:
    actions.urge_task(actor=request.user, task_id=task_id, **body.model_dump())
    return _task(request, task_id)


@router.post("/tasks/{task_id}/close", response=DirectiveTaskOut, summary="办结销号")
def close(request: HttpRequest, task_id: int, body: DirectiveCloseIn) -> dict[str, Any]:
    actions.close_task(actor=request.user, task_id=task_id, **body.model_dump())
    return _task(request, task_id)


@router.post("/tasks/{task_id}/return", response=DirectiveTaskOut, summary="退回重办")
def send_back(request: HttpRequest, task_id: int, body: DirectiveReturnIn) -> dict[str, Any]:
    actions.return_task(actor=request.user, task_id=task_id, **body.model_dump())
    return _task(request, task_id)


@router.post("/tasks/{task_id}/adjustments", response={201: DirectiveTaskOut}, summary="申请调整")
def adjust(request: HttpRequest, task_id: int, body: DirectiveAdjustIn) -> Status[dict[str, Any]]:
    actions.request_adjustment(actor=request.user, task_id=task_id, **body.model_dump())
    return Status(201, _task(request, task_id))
