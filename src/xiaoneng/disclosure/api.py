"""依申请公开 API: the same actions and selectors as the pages. Filing and
the requester's look-up are public and rate limited per IP."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.core.errors import RateLimited
from xiaoneng.web.ratelimit import WINDOW, allow

from . import actions
from .models import DisclosureRequest, Form, RequesterKind
from .selectors import by_urgency, request_by_query_code, request_for_actor, requests_for_actor

router = Router(tags=["依申请公开"])


class RequestIn(Schema):
    department_id: int
    requester_name: str
    description: str
    form: str = Form.ELECTRONIC
    requester_kind: str = RequesterKind.PERSON
    requester_id_no: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


class RegisterIn(RequestIn):
    channel: str
    received_on: date | None = None


class TrackIn(Schema):
    tracking_no: str
    query_code: str


class DisclosureEventOut(Schema):
    kind: str
    on: date
    days: int


class RequestOut(Schema):
    id: int
    tracking_no: str
    department: str
    channel: str
    status: str
    status_label: str
    submitted_on: date
    received_on: date | None
    base_on: date | None
    due_on: date | None
    correction_due_on: date | None
    consult_days: int
    consult_due_on: date | None
    extension_days: int
    extension_requested_days: int
    answered_on: date | None
    answer_type: str
    on_time: bool | None
    provisional: bool
    events: list[DisclosureEventOut]


class CreatedOut(Schema):
    query_code: str
    request: RequestOut


class DayIn(Schema):
    on: date | None = None


class CorrectionIn(Schema):
    items: str


class CorrectedIn(Schema):
    on: date | None = None
    note: str = ""


class ConsultIn(Schema):
    kind: str
    party: str


class ConsultEndIn(Schema):
    on: date | None = None
    outcome: str = ""


class ExtensionIn(Schema):
    days: int
    reason: str


class AnswerIn(Schema):
    answer_type: str
    text: str = ""
    reason: str = ""
    competent_agency: str = ""
    ground: str = ""  # WithholdingGround, for a refusal


def _limit(request: HttpRequest) -> None:
    if not allow(request, "disclosure", "disclosure.submit_per_minute"):
        raise RateLimited(
            "提交过于频繁，请稍后再试", detail={"retry_after": int(WINDOW.total_seconds())}
        )


def request_out(row: DisclosureRequest) -> dict[str, Any]:
    return {
        "id": row.pk,
        "tracking_no": row.tracking_no,
        "department": row.department.name,
        "channel": row.channel,
        "status": row.status,
        "status_label": row.get_status_display(),
        "submitted_on": row.submitted_on,
        "received_on": row.received_on,
        "base_on": row.base_on,
        "due_on": row.due_on,
        "correction_due_on": row.correction_due_on,
        "consult_days": row.consult_days,
        "consult_due_on": row.consult_due_on,
        "extension_days": row.extension_days,
        "extension_requested_days": row.extension_requested_days,
        "answered_on": row.answered_on,
        "answer_type": row.answer_type,
        "on_time": row.on_time,
        "provisional": row.provisional,
        "events": [
            {"kind": e.kind, "on": e.on, "days": e.days} for e in row.events.order_by("seq")
        ],
    }


def _fresh(request: HttpRequest, request_id: int) -> dict[str, Any]:
    return request_out(request_for_actor(request.user, request_id))


@router.post(
    "/requests", response={201: CreatedOut}, auth=None, summary="提出政府信息公开申请（公开）"
)
def submit(request: HttpRequest, body: RequestIn) -> Status[dict[str, Any]]:
    _limit(request)
    row, code = actions.submit_request(actor=None, **body.model_dump())
    return Status(201, {"query_code": code, "request": request_out(row)})


@router.post("/track", response=RequestOut, auth=None, summary="凭申请编号和查询码查询（公开）")
def track(request: HttpRequest, body: TrackIn) -> dict[str, Any]:
    _limit(request)
    return request_out(request_by_query_code(body.tracking_no, body.query_code))


@router.post("/withdraw", response=RequestOut, auth=None, summary="申请人撤回申请（公开）")
def withdraw(request: HttpRequest, body: TrackIn) -> dict[str, Any]:
    _limit(request)
    return request_out(actions.withdraw_request(**body.model_dump()))


@router.post("/requests/register", response={201: CreatedOut}, summary="登记当面、邮寄、传真申请")
def register(request: HttpRequest, body: RegisterIn) -> Status[dict[str, Any]]:
    row, code = actions.submit_request(actor=request.user, **body.model_dump())
    return Status(201, {"query_code": code, "request": _fresh(request, row.pk)})


@router.get("/requests", response=list[RequestOut], summary="公开申请（按数据权限，按答复期限）")
def list_requests(
    request: HttpRequest, status: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = by_urgency(requests_for_actor(request.user))
    if status:
        qs = qs.filter(status=status)
    start, limit = max(offset, 0), max(1, min(limit, 100))
    return [request_out(r) for r in qs[start : start + limit]]


@router.get("/requests/{rid}", response=RequestOut, summary="公开申请详情")
def get_request(request: HttpRequest, rid: int) -> dict[str, Any]:
    return _fresh(request, rid)


@router.post("/requests/{rid}/confirm-receipt", response=RequestOut, summary="确认收到申请")
def confirm(request: HttpRequest, rid: int, body: DayIn) -> dict[str, Any]:
    actions.confirm_receipt(actor=request.user, request_id=rid, on=body.on)
    return _fresh(request, rid)


@router.post("/requests/{rid}/correction", response=RequestOut, summary="告知补正")
def correction(request: HttpRequest, rid: int, body: CorrectionIn) -> dict[str, Any]:
    actions.request_correction(actor=request.user, request_id=rid, items=body.items)
    return _fresh(request, rid)


@router.post(
    "/requests/{rid}/corrected", response=RequestOut, summary="收到补正（答复期限重新计算）"
)
def corrected(request: HttpRequest, rid: int, body: CorrectedIn) -> dict[str, Any]:
    actions.record_correction(actor=request.user, request_id=rid, on=body.on, note=body.note)
    return _fresh(request, rid)


@router.post("/requests/{rid}/abandon", response=RequestOut, summary="逾期不补正，视为放弃申请")
def abandon(request: HttpRequest, rid: int) -> dict[str, Any]:
    actions.mark_abandoned(actor=request.user, request_id=rid)
    return _fresh(request, rid)


@router.post("/requests/{rid}/consult", response=RequestOut, summary="书面征求意见（不计时）")
def consult(request: HttpRequest, rid: int, body: ConsultIn) -> dict[str, Any]:
    actions.start_consultation(actor=request.user, request_id=rid, kind=body.kind, party=body.party)
    return _fresh(request, rid)


@router.post("/requests/{rid}/consult-end", response=RequestOut, summary="征求意见结束")
def consult_end(request: HttpRequest, rid: int, body: ConsultEndIn) -> dict[str, Any]:
    actions.end_consultation(actor=request.user, request_id=rid, on=body.on, outcome=body.outcome)
    return _fresh(request, rid)


@router.post("/requests/{rid}/extend", response=RequestOut, summary="申请延长答复期限")
def extend(request: HttpRequest, rid: int, body: ExtensionIn) -> dict[str, Any]:
    actions.request_extension(
        actor=request.user, request_id=rid, days=body.days, reason=body.reason
    )
    return _fresh(request, rid)


@router.post("/requests/{rid}/approve-extension", response=RequestOut, summary="负责人批准延期")
def approve(request: HttpRequest, rid: int) -> dict[str, Any]:
    actions.approve_extension(actor=request.user, request_id=rid)
    return _fresh(request, rid)


@router.post("/requests/{rid}/answer", response=RequestOut, summary="作出答复")
def answer(request: HttpRequest, rid: int, body: AnswerIn) -> dict[str, Any]:
    actions.answer_request(actor=request.user, request_id=rid, **body.model_dump())
    return _fresh(request, rid)
