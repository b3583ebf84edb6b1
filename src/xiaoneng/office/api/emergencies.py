"""/api/v1/emergencies: the same actions and selectors as the pages — the
scoped list, an event with its responders (arrival, minutes, late) and
log, register, add a responder, check in (the responder themself), log,
close, review."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.office.actions import emergencies as actions
from xiaoneng.office.models.emergencies import Emergency
from xiaoneng.office.selectors.emergencies import (
    actions_of,
    arrivals,
    emergencies_for,
    emergency_for,
)
from xiaoneng.web.paging import api_window

router = Router(tags=["突发事件"])


class EmergencyIn(Schema):
    title: str
    category: str
    grade: str
    place: str
    occurred_at: str
    description: str
    department_id: int
    latitude: str | None = None
    longitude: str | None = None


class EmergencyResponderIn(Schema):
    user_id: int
    duty: str = "on_duty"


class EmergencyCheckinIn(Schema):
    place: str
    latitude: str | None = None
    longitude: str | None = None


class EmergencyLogIn(Schema):
    text: str
    kind: str = "action"


class EmergencyReviewIn(Schema):
    review: str


class EmergencyResponderOut(Schema):
    id: int
    user: str
    name: str
    duty: str
    notified_at: datetime
    arrived_at: datetime | None
    arrival_place: str
    latitude: Decimal | None
    longitude: Decimal | None
    minutes: int | None
    late: bool
    light: str
    duties_done: str


class EmergencyActionOut(Schema):
    id: int
    kind: str
    at: datetime
    by: str
    text: str


class EmergencyOut(Schema):
    id: int
    number: str
    title: str
    category: str
    grade: str
    place: str
    latitude: Decimal | None
    longitude: Decimal | None
    occurred_at: datetime
    description: str
    department: str
    arrival_minutes: int
    status: str
    status_label: str
    registered_at: datetime
    closed_at: datetime | None
    reviewed_at: datetime | None
    review: str
    responders: list[EmergencyResponderOut]
    log: list[EmergencyActionOut]


def emergency_out(row: Emergency, *, detail: bool = True) -> dict[str, Any]:
    return {
        "id": row.pk,
        "number": row.number,
        "title": row.title,
        "category": row.category,
        "grade": row.grade,
        "place": row.place,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "occurred_at": row.occurred_at,
        "description": row.description,
        "department": row.department.name,
        "arrival_minutes": row.arrival_minutes,
        "status": row.status,
        "status_label": row.get_status_display(),
        "registered_at": row.registered_at,
        "closed_at": row.closed_at,
        "reviewed_at": row.reviewed_at,
        "review": row.review,
        "responders": [
            {
                "id": a.responder.pk,
                "user": a.responder.user.username,
                "name": a.responder.user.display_name,
                "duty": a.responder.duty,
                "notified_at": a.responder.notified_at,
                "arrived_at": a.responder.arrived_at,
                "arrival_place": a.responder.arrival_place,
                "latitude": a.responder.latitude,
                "longitude": a.responder.longitude,
                "minutes": a.responder.minutes,
                "late": a.responder.late,
                "light": a.level,
                "duties_done": a.responder.duties_done,
            }
            for a in (arrivals(row) if detail else [])
        ],
        "log": [
            {"id": a.pk, "kind": a.kind, "at": a.at, "by": a.by.display_name, "text": a.text}
            for a in (actions_of(row) if detail else [])
        ],
    }


def _one(request: HttpRequest, pk: int) -> dict[str, Any]:
    return emergency_out(emergency_for(request.user, pk))


@router.get("", response=list[EmergencyOut], summary="突发事件列表（按权限和数据范围）")
def list_emergencies(
    request: HttpRequest, status: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = emergencies_for(request.user).order_by("-occurred_at", "-id")
    if status:
        qs = qs.filter(status=status)
    return [emergency_out(e, detail=False) for e in api_window(qs, limit, offset)]


@router.post("", response={201: EmergencyOut}, summary="登记突发事件（值班室），通知到场人员")
def register(request: HttpRequest, body: EmergencyIn) -> Status[dict[str, Any]]:
    row = actions.register_emergency(actor=request.user, **body.model_dump())
    return Status(201, _one(request, row.pk))


@router.get("/{emergency_id}", response=EmergencyOut, summary="突发事件详情（到场情况、处置记录）")
def detail(request: HttpRequest, emergency_id: int) -> dict[str, Any]:
    return _one(request, emergency_id)


@router.post("/{emergency_id}/responders", response=EmergencyOut, summary="增加到场人员")
def add_responder(
    request: HttpRequest, emergency_id: int, body: EmergencyResponderIn
) -> dict[str, Any]:
    actions.add_responder(actor=request.user, emergency_id=emergency_id, **body.model_dump())
    return _one(request, emergency_id)


@router.post("/{emergency_id}/checkin", response=EmergencyOut, summary="到场签到（本人）")
def checkin(request: HttpRequest, emergency_id: int, body: EmergencyCheckinIn) -> dict[str, Any]:
    actions.check_in(actor=request.user, emergency_id=emergency_id, **body.model_dump())
    return _one(request, emergency_id)


@router.post("/{emergency_id}/log", response=EmergencyOut, summary="记录处置措施或后续工作")
def log(request: HttpRequest, emergency_id: int, body: EmergencyLogIn) -> dict[str, Any]:
    actions.log_action(actor=request.user, emergency_id=emergency_id, **body.model_dump())
    return _one(request, emergency_id)


@router.post("/{emergency_id}/close", response=EmergencyOut, summary="处置完毕（值班室）")
def close(request: HttpRequest, emergency_id: int) -> dict[str, Any]:
    actions.close_emergency(actor=request.user, emergency_id=emergency_id)
    return _one(request, emergency_id)


@router.post("/{emergency_id}/review", response=EmergencyOut, summary="复盘评估（处置完毕后）")
def review(request: HttpRequest, emergency_id: int, body: EmergencyReviewIn) -> dict[str, Any]:
    actions.review_emergency(actor=request.user, emergency_id=emergency_id, review=body.review)
    return _one(request, emergency_id)
