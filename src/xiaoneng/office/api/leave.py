"""/api/v1/leave: principal leaders' leave (list, get, request, approve,
refuse, cancel, return): the same actions and selectors as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.office.actions import leave as actions
from xiaoneng.office.models.leave import LeaveRequest
from xiaoneng.office.selectors import leave as sel
from xiaoneng.org.authority import require_any
from xiaoneng.web.paging import api_window

router = Router(tags=["离张请假"])
READ = ("leave.request", "leader.approve", "supervision.view")


class LeaveIn(Schema):
    destination: str
    purpose: str
    starts_on: date
    ends_on: date
    acting_id: int


class LeaveNoteIn(Schema):
    note: str = ""


class LeaveReturnIn(Schema):
    returned_on: date | None = None


class LeaveOut(Schema):
    id: int
    number: str
    person: str
    unit_id: int
    unit: str
    destination: str
    purpose: str
    starts_on: date
    ends_on: date
    acting: str
    status: str
    status_label: str
    after_the_fact: bool
    approver: str | None
    decided_at: datetime | None
    decision_note: str
    return_due: date
    returned_on: date | None


def leave_out(row: LeaveRequest) -> dict[str, Any]:
    return {
        "id": row.pk,
        "number": row.number,
        "person": row.person.display_name,
        "unit_id": row.unit_id,
        "unit": row.unit.name,
        "destination": row.destination,
        "purpose": row.purpose,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "acting": row.acting.display_name,
        "status": row.status,
        "status_label": row.get_status_display(),
        "after_the_fact": row.after_the_fact,
        "approver": row.approver.display_name if row.approver else None,
        "decided_at": row.decided_at,
        "decision_note": row.decision_note,
        "return_due": row.return_due,
        "returned_on": row.returned_on,
    }


def _one(request: HttpRequest, pk: int) -> dict[str, Any]:
    return leave_out(sel.leave_for(request.user, pk))


@router.get("", response=list[LeaveOut], summary="请假列表（本人及数据范围内）")
def leaves(
    request: HttpRequest, status: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    require_any(request.user, READ)
    qs = sel.leaves_for(request.user)
    if status:
        qs = qs.filter(status=status)
    return [leave_out(r) for r in api_window(qs, limit, offset)]


@router.post("", response={201: LeaveOut}, summary="提出离张请假")
def request_leave(request: HttpRequest, body: LeaveIn) -> Status[dict[str, Any]]:
    row = actions.request_leave(actor=request.user, **body.model_dump())
    return Status(201, _one(request, row.pk))


@router.get("/{leave_id}", response=LeaveOut, summary="请假详情")
def detail(request: HttpRequest, leave_id: int) -> dict[str, Any]:
    require_any(request.user, READ)
    return _one(request, leave_id)


@router.post("/{leave_id}/approve", response=LeaveOut, summary="批准（分管市领导或市长）")
def approve(request: HttpRequest, leave_id: int, body: LeaveNoteIn) -> dict[str, Any]:
    actions.approve_leave(actor=request.user, leave_id=leave_id, note=body.note)
    return _one(request, leave_id)


@router.post("/{leave_id}/refuse", response=LeaveOut, summary="不予批准（须说明理由）")
def refuse(request: HttpRequest, leave_id: int, body: LeaveNoteIn) -> dict[str, Any]:
    actions.refuse_leave(actor=request.user, leave_id=leave_id, note=body.note)
    return _one(request, leave_id)


@router.post("/{leave_id}/cancel", response=LeaveOut, summary="离张前撤回")
def cancel(request: HttpRequest, leave_id: int) -> dict[str, Any]:
    actions.cancel_leave(actor=request.user, leave_id=leave_id)
    return _one(request, leave_id)


@router.post("/{leave_id}/return", response=LeaveOut, summary="销假（报告实际返张日期）")
def report_return(request: HttpRequest, leave_id: int, body: LeaveReturnIn) -> dict[str, Any]:
    actions.report_return(actor=request.user, leave_id=leave_id, returned_on=body.returned_on)
    return _one(request, leave_id)
