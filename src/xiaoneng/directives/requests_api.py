"""The 请示 API (`/api/v1/requests`): submit, list (inbox / outbox / all in
scope), read, answer and transfer — the same actions as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.org.authority import unit_of

from . import actions
from .models import Request, RequestStatus
from .selectors import overdue_requests, request_for, request_light, requests_for

router = Router(tags=["请示办理"])


class QingshiIn(Schema):
    to_department_id: int
    kind: str = "general"
    title: str
    content: str


class QingshiAnswerIn(Schema):
    answer: str


class QingshiTransferIn(Schema):
    to_department_id: int
    reason: str


class QingshiTransferOut(Schema):
    from_department: str
    to_department: str
    reason: str
    transferred_on: date


class QingshiOut(Schema):
    id: int
    kind: str
    title: str
    content: str
    from_department: str
    to_department: str
    holder: str
    holder_id: int
    submitted_on: date
    due_on: date
    status: str
    light: str
    light_text: str
    transfers: int
    transfer_log: list[QingshiTransferOut]
    answer: str
    answered_on: date | None
    on_time: bool | None


def request_out(row: Request) -> dict[str, Any]:
    light = request_light(row, timesource.today(), current_calendar())
    return {
        "id": row.pk,
        "kind": row.kind,
        "title": row.title,
        "content": row.content,
        "from_department": row.from_department.name,
        "to_department": row.to_department.name,
        "holder": row.holder.name,
        "holder_id": row.holder_id,
        "submitted_on": row.submitted_on,
        "due_on": row.due_on,
        "status": row.status,
        "light": light.level,
        "light_text": light.text,
        "transfers": row.transfers,
        "transfer_log": [
            {
                "from_department": t.from_department.name,
                "to_department": t.to_department.name,
                "reason": t.reason,
                "transferred_on": t.transferred_on,
            }
            for t in row.transfer_log.select_related("from_department", "to_department")
        ],
        "answer": row.answer,
        "answered_on": row.answered_on,
        "on_time": row.on_time,
    }


def _one(request: HttpRequest, request_id: int) -> dict[str, Any]:
    return request_out(request_for(request.user, request_id))


@router.get("/", response=list[QingshiOut], summary="请示（inbox 待我答复 / outbox 本单位报送）")
def list_requests(
    request: HttpRequest, box: str = "", state: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = requests_for(request.user)
    unit = unit_of(request.user)
    if box == "inbox":
        qs = qs.filter(holder=unit, status=RequestStatus.PENDING)
    elif box == "outbox":
        qs = qs.filter(from_department=unit)
    if state == "overdue":
        qs = overdue_requests(qs, timesource.today())
    elif state:
        qs = qs.filter(status=state)
    start = max(offset, 0)
    rows = qs.order_by("due_on", "id")[start : start + max(1, min(limit, 100))]
    return [request_out(r) for r in rows]


@router.post("/", response={201: QingshiOut}, summary="报送请示")
def submit(request: HttpRequest, body: QingshiIn) -> Status[dict[str, Any]]:
    row = actions.submit_request(actor=request.user, **body.model_dump())
    return Status(201, _one(request, row.pk))


@router.get("/{request_id}", response=QingshiOut, summary="请示详情")
def get_request(request: HttpRequest, request_id: int) -> dict[str, Any]:
    return _one(request, request_id)


@router.post("/{request_id}/answer", response=QingshiOut, summary="答复（当前办理单位）")
def answer(request: HttpRequest, request_id: int, body: QingshiAnswerIn) -> dict[str, Any]:
    actions.answer_request(actor=request.user, request_id=request_id, answer=body.answer)
    return _one(request, request_id)


@router.post("/{request_id}/transfer", response=QingshiOut, summary="转办（时限不变）")
def transfer(request: HttpRequest, request_id: int, body: QingshiTransferIn) -> dict[str, Any]:
    actions.transfer_request(actor=request.user, request_id=request_id, **body.model_dump())
    return _one(request, request_id)
