"""/api/v1/trading/…: part A's projects and venues through the same actions
and selectors as the desks. Reads are scoped by `common.projects_for` (a
project out of reach is 404 `trading_project_not_found`); each write is one
action, refused with its code (`trading_*`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.core import timesource
from xiaoneng.org.authority import require
from xiaoneng.trading.actions import announce as announcing
from xiaoneng.trading.actions import projects as actions
from xiaoneng.trading.actions import venues as booking
from xiaoneng.trading.common import OPERATE, project_for
from xiaoneng.trading.models import Booking, Project
from xiaoneng.trading.selectors import projects as read
from xiaoneng.web.paging import api_window

router = Router()


class TradingRoundOut(Schema):
    id: int
    number: int
    status: str
    status_label: str
    announced_at: datetime | None
    documents_from: date | None
    bid_deadline: datetime | None


class TradingNoticeOut(Schema):
    id: int
    kind: str
    kind_label: str
    round: int | None
    title: str
    body: str
    published_at: datetime
    files: list[dict[str, Any]]


class TradingProjectOut(Schema):
    id: int
    code: str
    kind: str
    kind_label: str
    title: str
    description: str
    tenderer_id: int
    tenderer: str
    agency_id: int | None
    agency: str
    criteria: str
    speciality: str
    estimate: Decimal
    approval_document: str
    funding: str
    location: str
    status: str
    status_label: str
    round_no: int
    suspended: bool
    registered_at: datetime
    accepted_at: datetime | None
    rejected_reason: str
    next_step: str
    next_due: date | None


class TradingProjectDetailOut(TradingProjectOut):
    rounds: list[TradingRoundOut]
    notices: list[TradingNoticeOut]


class TradingProjectIn(Schema):
    kind: str
    title: str
    description: str
    criteria: str
    speciality: str
    estimate: str
    approval_document: str
    funding: str = ""
    location: str = ""
    tenderer_id: int | None = None
    agency_id: int | None = None


class TradingReasonIn(Schema):
    reason: str


class TradingAnnounceIn(Schema):
    documents_from: str
    bid_deadline: str
    announcement: str
    documents: str


class TradingClarifyIn(Schema):
    text: str
    new_deadline: str | None = None


class TradingDeadlineIn(Schema):
    new_deadline: str
    reason: str


class TradingBookingIn(Schema):
    round_id: int
    venue_id: int
    purpose: str
    starts_at: str
    ends_at: str


class TradingBookingOut(Schema):
    id: int
    venue_id: int
    venue: str
    round_id: int
    project_code: str
    purpose: str
    starts_at: datetime
    ends_at: datetime
    cancelled_at: datetime | None


class TradingVenueOut(Schema):
    id: int
    name: str
    kind: str
    capacity: int
    bookings: list[TradingBookingOut]


def project_out(p: Project) -> dict[str, Any]:
    step = read.next_step_of(p, read.current_round(p))
    return {
        "id": p.pk,
        "code": p.code,
        "kind": p.kind,
        "kind_label": p.get_kind_display(),
        "title": p.title,
        "description": p.description,
        "tenderer_id": p.tenderer_id,
        "tenderer": p.tenderer.name,
        "agency_id": p.agency_id,
        "agency": p.agency.name if p.agency else "",
        "criteria": p.criteria,
        "speciality": p.speciality,
        "estimate": p.estimate,
        "approval_document": p.approval_document,
        "funding": p.funding,
        "location": p.location,
        "status": p.status,
        "status_label": p.get_status_display(),
        "round_no": p.round_no,
        "suspended": p.suspended_at is not None,
        "registered_at": p.registered_at,
        "accepted_at": p.accepted_at,
        "rejected_reason": p.rejected_reason,
        "next_step": step.words,
        "next_due": step.due,
    }


def detail(request: HttpRequest, pk: Any) -> dict[str, Any]:
    p = project_for(request.user, pk)
    rounds = [
        {
            "id": r.pk,
            "number": r.number,
            "status": r.status,
            "status_label": r.get_status_display(),
            "announced_at": r.announced_at,
            "documents_from": r.documents_from,
            "bid_deadline": r.bid_deadline,
        }
        for r in read.rounds_of(p)
    ]
    notices = [
        {
            "id": n.pk,
            "kind": n.kind,
            "kind_label": n.get_kind_display(),
            "round": n.round.number if n.round else None,
            "title": n.title,
            "body": n.body,
            "published_at": n.published_at,
            "files": [
                {"id": f.pk, "filename": f.filename, "size": f.size, "sm3": f.sm3}
                for f in n.files.all()
            ],
        }
        for n in read.notices_of(p)
    ]
    return {**project_out(p), "rounds": rounds, "notices": notices}


def booking_out(b: Booking) -> dict[str, Any]:
    return {
        "id": b.pk,
        "venue_id": b.venue_id,
        "venue": b.venue.name,
        "round_id": b.round_id,
        "project_code": b.round.project.code,
        "purpose": b.purpose,
        "starts_at": b.starts_at,
        "ends_at": b.ends_at,
        "cancelled_at": b.cancelled_at,
    }


# --- reads ---------------------------------------------------------------------


@router.get("/projects", response=list[TradingProjectOut], summary="交易项目（本人范围内）")
def list_projects(
    request: HttpRequest,
    kind: str = "",
    status: str = "",
    keyword: str = "",
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    qs = read.filtered(request.user, kind=kind, status=status, keyword=keyword)
    return [project_out(p) for p in api_window(qs, limit, offset)]


@router.get("/projects/{project_id}", response=TradingProjectDetailOut, summary="交易项目详情")
def get_project(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return detail(request, project_id)


@router.get("/venues", response=list[TradingVenueOut], summary="交易场地及七日内预约（交易中心）")
def list_venues(request: HttpRequest, day: date | None = None) -> list[dict[str, Any]]:
    require(request.user, OPERATE)
    return [
        {
            "id": s["venue"].pk,
            "name": s["venue"].name,
            "kind": s["venue"].kind,
            "capacity": s["venue"].capacity,
            "bookings": [booking_out(b) for b in s["bookings"]],
        }
        for s in read.schedule(day or timesource.today())
    ]


# --- writes --------------------------------------------------------------------


@router.post("/projects", response={201: TradingProjectDetailOut}, summary="项目进场登记")
def register_project(request: HttpRequest, body: TradingProjectIn) -> Status[dict[str, Any]]:
    row = actions.register_project(request.user, **body.model_dump())
    return Status(201, detail(request, row.pk))


@router.post(
    "/projects/{project_id}/accept",
    response=TradingProjectDetailOut,
    summary="受理进场登记（交易中心）",
)
def accept(request: HttpRequest, project_id: int) -> dict[str, Any]:
    actions.accept_project(request.user, project_id)
    return detail(request, project_id)


@router.post(
    "/projects/{project_id}/reject",
    response=TradingProjectDetailOut,
    summary="退回进场登记（交易中心）",
)
def reject(request: HttpRequest, project_id: int, body: TradingReasonIn) -> dict[str, Any]:
    actions.reject_project(request.user, project_id, body.reason)
    return detail(request, project_id)


@router.post(
    "/projects/{project_id}/announce",
    response=TradingProjectDetailOut,
    summary="发布招标公告和招标文件",
)
def announce(request: HttpRequest, project_id: int, body: TradingAnnounceIn) -> dict[str, Any]:
    announcing.announce(request.user, project_id, **body.model_dump())
    return detail(request, project_id)


@router.post(
    "/projects/{project_id}/clarify", response=TradingProjectDetailOut, summary="发布澄清或修改"
)
def clarify(request: HttpRequest, project_id: int, body: TradingClarifyIn) -> dict[str, Any]:
    announcing.clarify(request.user, project_id, **body.model_dump())
    return detail(request, project_id)


@router.post(
    "/projects/{project_id}/deadline",
    response=TradingProjectDetailOut,
    summary="变更投标截止时间（只能延后）",
)
def change_deadline(
    request: HttpRequest, project_id: int, body: TradingDeadlineIn
) -> dict[str, Any]:
    announcing.change_deadline(request.user, project_id, **body.model_dump())
    return detail(request, project_id)


@router.post(
    "/projects/{project_id}/terminate", response=TradingProjectDetailOut, summary="终止招标"
)
def terminate(request: HttpRequest, project_id: int, body: TradingReasonIn) -> dict[str, Any]:
    actions.terminate(request.user, project_id, body.reason)
    return detail(request, project_id)


@router.post("/bookings", response={201: TradingBookingOut}, summary="预约场地（交易中心）")
def book_venue(request: HttpRequest, body: TradingBookingIn) -> Status[dict[str, Any]]:
    row = booking.book_venue(request.user, **body.model_dump())
    return Status(
        201, booking_out(Booking.objects.select_related("venue", "round__project").get(pk=row.pk))
    )


@router.delete(
    "/bookings/{booking_id}", response=TradingBookingOut, summary="取消场地预约（交易中心）"
)
def cancel_booking(request: HttpRequest, booking_id: int) -> dict[str, Any]:
    row = booking.cancel_booking(request.user, booking_id)
    return booking_out(Booking.objects.select_related("venue", "round__project").get(pk=row.pk))
