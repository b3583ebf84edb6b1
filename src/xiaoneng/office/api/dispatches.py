"""The outgoing documents API (/api/v1/documents): the same actions and
scoped selectors as the desks. Errors are {"code","message","detail"}."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Router, Schema, Status

from xiaoneng.core import timesource
from xiaoneng.core.errors import NotFound
from xiaoneng.office.actions import dispatches as actions
from xiaoneng.office.dispatch_pdf import dispatch_pdf
from xiaoneng.office.models import Dispatch, DispatchStatus
from xiaoneng.office.selectors import dispatches as sel
from xiaoneng.org.authority import require_any
from xiaoneng.web.paging import api_window

router = Router(tags=["公文"])


class DispatchIn(Schema):
    kind: str
    title: str
    body: str
    recipient_ids: list[int]
    copy_ids: list[int] = []
    urgency: str = "normal"
    series: str = ""
    issuer_id: int | None = None


class DispatchNoteIn(Schema):
    note: str = ""


class DispatchReturnIn(Schema):
    reason: str


class DispatchOpinionOut(Schema):
    step: str
    step_label: str
    by: str
    at: datetime
    text: str


class DispatchOut(Schema):
    id: int
    issuer_id: int
    issuer: str
    kind: str
    title: str
    urgency: str
    recipients: list[str]
    copies: list[str]
    to_counties: bool
    length: int
    status: str
    status_label: str
    number: str
    returned_reason: str
    version: int
    drafted_by: str
    issued_at: datetime | None
    steps: list[str]
    opinions: list[DispatchOpinionOut]


class DispatchUnitOut(Schema):
    department_id: int
    name: str
    issued: int
    to_counties: int
    total_length: int
    average_length: int
    cap: int
    over_cap: bool


class DispatchStatsOut(Schema):
    year: int
    max_chars: int
    units: list[DispatchUnitOut]


def _out(request: HttpRequest, d: Dispatch, *, full: bool = True) -> dict[str, Any]:
    user = require_any(request.user, sel.READ_PERMISSIONS)
    return {
        "id": d.pk,
        "issuer_id": d.issuer_id,
        "issuer": d.issuer.name,
        "kind": d.kind,
        "title": d.title,
        "urgency": d.urgency,
        "recipients": [u.name for u in d.recipients.all()],
        "copies": [u.name for u in d.copies.all()],
        "to_counties": d.to_counties,
        "length": d.length,
        "status": d.status,
        "status_label": d.get_status_display(),
        "number": d.number,
        "returned_reason": d.returned_reason,
        "version": d.version,
        "drafted_by": d.drafted_by.real_name,
        "issued_at": d.issued_at,
        "steps": sorted(sel.steps_for(user, d)) if full else [],
        "opinions": [
            {
                "step": o.step,
                "step_label": o.get_step_display(),
                "by": o.by.real_name,
                "at": o.at,
                "text": o.text,
            }
            for o in sel.opinions_of(d)
        ]
        if full
        else [],
    }


def _fresh(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _out(request, sel.dispatch_for(request.user, pk))


@router.get("", response=list[DispatchOut], summary="公文（本人范围内）")
def list_dispatches(
    request: HttpRequest, status: str = "", q: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    require_any(request.user, sel.READ_PERMISSIONS)
    qs = sel.search(sel.dispatches_for(request.user), status=status, text=q)
    return [_out(request, d, full=False) for d in api_window(qs, limit, offset)]


@router.post("", response={201: DispatchOut}, summary="拟稿")
def create(request: HttpRequest, body: DispatchIn) -> Status[dict[str, Any]]:
    d = actions.draft_dispatch(actor=request.user, **body.model_dump())
    return Status(201, _fresh(request, d.pk))


@router.get("/stats", response=DispatchStatsOut, summary="发文统计（少发文、发短文）")
def stats(request: HttpRequest, year: str = "") -> dict[str, Any]:
    require_any(request.user, sel.STATS_PERMISSIONS)
    y = sel.year_of(year, timesource.today())
    units = [vars(u) | {"over_cap": u.over_cap} for u in sel.stats(request.user, y)]
    return {"year": y, "max_chars": sel.max_chars(), "units": units}


@router.get("/{dispatch_id}", response=DispatchOut, summary="发文稿纸")
def get_dispatch(request: HttpRequest, dispatch_id: int) -> dict[str, Any]:
    return _fresh(request, dispatch_id)


@router.put("/{dispatch_id}", response=DispatchOut, summary="修改公文稿（拟稿人）")
def edit(request: HttpRequest, dispatch_id: int, body: DispatchIn) -> dict[str, Any]:
    data = body.model_dump()
    data.pop("issuer_id")
    actions.edit_dispatch(actor=request.user, dispatch_id=dispatch_id, **data)
    return _fresh(request, dispatch_id)


@router.post("/{dispatch_id}/submit", response=DispatchOut, summary="送审")
def submit(request: HttpRequest, dispatch_id: int, body: DispatchNoteIn) -> dict[str, Any]:
    actions.submit_dispatch(actor=request.user, dispatch_id=dispatch_id, note=body.note)
    return _fresh(request, dispatch_id)


@router.post("/{dispatch_id}/review", response=DispatchOut, summary="核稿")
def review(request: HttpRequest, dispatch_id: int, body: DispatchNoteIn) -> dict[str, Any]:
    actions.review_dispatch(actor=request.user, dispatch_id=dispatch_id, note=body.note)
    return _fresh(request, dispatch_id)


@router.post("/{dispatch_id}/sign", response=DispatchOut, summary="签发")
def sign(request: HttpRequest, dispatch_id: int, body: DispatchNoteIn) -> dict[str, Any]:
    actions.sign_dispatch(actor=request.user, dispatch_id=dispatch_id, note=body.note)
    return _fresh(request, dispatch_id)


@router.post("/{dispatch_id}/approve", response=DispatchOut, summary="市分管领导审批")
def approve(request: HttpRequest, dispatch_id: int, body: DispatchNoteIn) -> dict[str, Any]:
    actions.approve_dispatch(actor=request.user, dispatch_id=dispatch_id, note=body.note)
    return _fresh(request, dispatch_id)


@router.post("/{dispatch_id}/return", response=DispatchOut, summary="退回拟稿人")
def return_(request: HttpRequest, dispatch_id: int, body: DispatchReturnIn) -> dict[str, Any]:
    actions.return_dispatch(actor=request.user, dispatch_id=dispatch_id, reason=body.reason)
    return _fresh(request, dispatch_id)


@router.post("/{dispatch_id}/issue", response=DispatchOut, summary="印发（编发文字号）")
def issue(request: HttpRequest, dispatch_id: int) -> dict[str, Any]:
    actions.issue_dispatch(actor=request.user, dispatch_id=dispatch_id)
    return _fresh(request, dispatch_id)


@router.post("/{dispatch_id}/withdraw", response=DispatchOut, summary="撤销公文稿")
def withdraw(request: HttpRequest, dispatch_id: int, body: DispatchReturnIn) -> dict[str, Any]:
    actions.withdraw_dispatch(actor=request.user, dispatch_id=dispatch_id, reason=body.reason)
    return _fresh(request, dispatch_id)


@router.get(
    "/{dispatch_id}/pdf",
    summary="印发的公文（PDF，GB/T 9704 版式）",
    openapi_extra={
        "responses": {
            200: {
                "description": "公文 PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def pdf(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    require_any(request.user, sel.READ_PERMISSIONS)
    row = sel.dispatch_for(request.user, dispatch_id)
    if row.status != DispatchStatus.ISSUED:
        raise NotFound("公文尚未印发", code="office_dispatch_not_issued")
    data = dispatch_pdf(row)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{row.number}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, name) or "inline"
    response["ETag"] = f'"{hashlib.sha256(data).hexdigest()[:32]}"'
    response["Cache-Control"] = "private, no-cache"
    return response
