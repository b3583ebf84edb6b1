"""好差评 API: the same actions and selectors as the pages. The online and
visit ratings are public (tracking number + query code, or the visit code,
are the credential) and rate limited per IP."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import RateLimited
from xiaoneng.web.ratelimit import WINDOW, allow

from . import actions
from .models import Appeal, Rating, Rectification
from .selectors import (
    appeal_for_actor,
    appeals_for_actor,
    rectification_for_actor,
    rectification_of_rating,
    rectifications_for_actor,
    time_left,
)

router = Router(tags=["好差评"])


class RatingIn(Schema):
    level: int
    criteria: list[str] = []
    comment: str = ""


class OnlineRatingIn(RatingIn):
    tracking_no: str
    query_code: str


class RatingOut(Schema):
    id: int
    level: int
    level_label: str
    criteria: list[str]
    channel: str
    department: str
    rated_on: date
    excluded: bool
    rectification_id: int | None
    rectification_due_on: date | None


class VisitIn(Schema):
    service: str


class VisitOut(Schema):
    code: str
    service: str
    window: str
    visited_on: date


class RectificationOut(Schema):
    id: int
    rating_id: int
    level: int
    department: str
    handler: str
    status: str
    status_label: str
    opened_on: date
    due_on: date
    light: str
    remaining_workdays: int | None
    measures: str
    callbacks: int


class MeasuresIn(Schema):
    measures: str


class CallBackIn(Schema):
    result: str
    satisfaction: int | None = None
    note: str = ""


class AppealIn(Schema):
    reason: str


class DecideIn(Schema):
    upheld: bool
    note: str


class AppealOut(Schema):
    id: int
    rating_id: int
    department: str
    status: str
    reason: str
    filed_on: date
    decided_on: date | None
    decision_note: str


def _limit(request: HttpRequest) -> None:
    if not allow(request, "rating", "rating.submit_per_minute"):
        raise RateLimited(
            "提交过于频繁，请稍后再试", detail={"retry_after": int(WINDOW.total_seconds())}
        )


def rating_out(rating: Rating) -> dict[str, Any]:
    row = rectification_of_rating(rating)
    return {
        "id": rating.pk,
        "level": rating.level,
        "level_label": rating.get_level_display(),
        "criteria": rating.criteria,
        "channel": rating.channel,
        "department": rating.department.name,
        "rated_on": rating.rated_on,
        "excluded": rating.excluded,
        "rectification_id": row.pk if row else None,
        "rectification_due_on": row.due_on if row else None,
    }


def rectification_out(row: Rectification) -> dict[str, Any]:
    left = time_left(row, timesource.today(), current_calendar())
    return {
        "id": row.pk,
        "rating_id": row.rating_id,
        "level": row.rating.level,
        "department": row.department.name,
        "handler": row.rating.handler_name,
        "status": row.status,
        "status_label": row.get_status_display(),
        "opened_on": row.opened_on,
        "due_on": row.due_on,
        "light": left.level,
        "remaining_workdays": left.remaining,
        "measures": row.measures,
        "callbacks": row.callbacks.count(),
    }


def appeal_out(appeal: Appeal) -> dict[str, Any]:
    return {
        "id": appeal.pk,
        "rating_id": appeal.rating_id,
        "department": appeal.department.name,
        "status": appeal.status,
        "reason": appeal.reason,
        "filed_on": appeal.filed_on,
        "decided_on": appeal.decided_on,
        "decision_note": appeal.decision_note,
    }


@router.post(
    "/online", response={201: RatingOut}, auth=None, summary="网上评价（办件编号+查询码，公开）"
)
def rate_online(request: HttpRequest, body: OnlineRatingIn) -> Status[dict[str, Any]]:
    _limit(request)
    rating = actions.rate_case_online(**body.model_dump())
    return Status(201, rating_out(rating))


@router.post(
    "/visits/{code}", response={201: RatingOut}, auth=None, summary="窗口服务评价（评价码，公开）"
)
def rate_visit(request: HttpRequest, code: str, body: RatingIn) -> Status[dict[str, Any]]:
    _limit(request)
    rating = actions.rate_visit(code=code, **body.model_dump())
    return Status(201, rating_out(rating))


@router.post("/cases/{case_id}", response={201: RatingOut}, summary="申请人账号评价本人办件")
def rate_my_case(request: HttpRequest, case_id: int, body: RatingIn) -> Status[dict[str, Any]]:
    rating = actions.rate_case_by_account(actor=request.user, case_id=case_id, **body.model_dump())
    return Status(201, rating_out(rating))


@router.post("/visits", response={201: VisitOut}, summary="窗口登记服务、生成评价码")
def register_visit(request: HttpRequest, body: VisitIn) -> Status[dict[str, Any]]:
    visit = actions.register_visit(actor=request.user, service=body.service)
    return Status(
        201,
        {
            "code": visit.code,
            "service": visit.service,
            "window": visit.window.name,
            "visited_on": visit.visited_on,
        },
    )


@router.get("/rectifications", response=list[RectificationOut], summary="差评整改（按数据权限）")
def list_rectifications(
    request: HttpRequest, status: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = rectifications_for_actor(request.user).prefetch_related("callbacks")
    if status:
        qs = qs.filter(status=status)
    start, limit = max(offset, 0), max(1, min(limit, 100))
    return [rectification_out(r) for r in qs.order_by("due_on", "id")[start : start + limit]]


@router.get("/rectifications/{rid}", response=RectificationOut, summary="差评整改详情")
def get_rectification(request: HttpRequest, rid: int) -> dict[str, Any]:
    return rectification_out(rectification_for_actor(request.user, rid))


@router.post("/rectifications/{rid}/measures", response=RectificationOut, summary="登记整改措施")
def measures(request: HttpRequest, rid: int, body: MeasuresIn) -> dict[str, Any]:
    actions.record_measures(actor=request.user, rectification_id=rid, measures=body.measures)
    return rectification_out(rectification_for_actor(request.user, rid))


@router.post("/rectifications/{rid}/callbacks", response={201: RectificationOut}, summary="回访")
def callback(request: HttpRequest, rid: int, body: CallBackIn) -> Status[dict[str, Any]]:
    actions.record_callback(actor=request.user, rectification_id=rid, **body.model_dump())
    return Status(201, rectification_out(rectification_for_actor(request.user, rid)))


@router.post(
    "/rectifications/{rid}/close", response=RectificationOut, summary="办结整改（须已回访）"
)
def close(request: HttpRequest, rid: int) -> dict[str, Any]:
    actions.close_rectification(actor=request.user, rectification_id=rid)
    return rectification_out(rectification_for_actor(request.user, rid))


@router.post("/{rating_id}/appeal", response={201: AppealOut}, summary="恶意差评申诉")
def file_appeal(request: HttpRequest, rating_id: int, body: AppealIn) -> Status[dict[str, Any]]:
    appeal = actions.file_appeal(actor=request.user, rating_id=rating_id, reason=body.reason)
    return Status(201, appeal_out(appeal_for_actor(request.user, appeal.pk)))


@router.get("/appeals", response=list[AppealOut], summary="差评申诉（按数据权限）")
def list_appeals(request: HttpRequest, status: str = "") -> list[dict[str, Any]]:
    qs = appeals_for_actor(request.user)
    if status:
        qs = qs.filter(status=status)
    return [appeal_out(a) for a in qs[:100]]


@router.post("/appeals/{appeal_id}/decide", response=AppealOut, summary="督查室审核申诉")
def decide(request: HttpRequest, appeal_id: int, body: DecideIn) -> dict[str, Any]:
    actions.decide_appeal(actor=request.user, appeal_id=appeal_id, **body.model_dump())
    return appeal_out(appeal_for_actor(request.user, appeal_id))
