"""The 效能投诉 API (`/api/v1/complaints`): the same actions and selectors as
the desks. The centre (complaint.handle) sees complaints with the
complainant's identity; the accused department (complaint.explain) sees
its complaints through the projection without it and may only explain."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.complaints import actions
from xiaoneng.complaints.exports import export_filename, export_xlsx
from xiaoneng.complaints.open311_keys_api import router as keys_router
from xiaoneng.complaints.selectors import (
    QueueFilter,
    accused_complaint,
    accused_complaints,
    complaint_for,
    filtered_queue,
    is_centre,
)
from xiaoneng.complaints.serialise import accused_out, complaint_out
from xiaoneng.core import timesource
from xiaoneng.org.authority import has_perm, require

router = Router(tags=["效能投诉"])
# The complaint centre's head issues and revokes the outside systems' api_keys.
router.add_router("/open311-keys", keys_router)


class ComplaintIn(Schema):
    channel: str
    category: str
    department_id: int
    title: str
    description: str
    anonymous: bool = False
    complainant_name: str = ""
    complainant_phone: str = ""
    complainant_id_no: str = ""
    complainant_address: str = ""
    staff_name: str = ""
    case_number: str = ""
    lat: Decimal | None = None
    long: Decimal | None = None
    address_string: str = ""


class ComplainantOut(Schema):
    name: str
    phone: str
    id_no: str
    address: str
    anonymous: bool
    user_id: int | None


class ComplaintEventOut(Schema):
    kind: str
    label: str
    on: date
    days: int
    actor: str
    note: str


class ComplaintOut(Schema):
    id: int
    number: str
    channel: str
    category: str
    category_label: str
    department_id: int
    department: str
    staff_name: str
    title: str
    description: str
    address_string: str
    status: str
    status_label: str
    received_on: date | None
    accept_due_on: date | None
    accepted_on: date | None
    conclude_due_on: date | None
    due_on: date | None
    light: str
    remaining_workdays: int | None
    extension_days: int
    extension_requested_days: int
    closed_on: date | None
    late: bool
    explanation_questions: str
    explanation_requested_on: date | None
    explanation_due_on: date | None
    explained_on: date | None
    explanation_text: str
    explanation_late: bool
    outcome: str
    findings: str
    handling_opinion: str
    reply_text: str
    replied_on: date | None
    decline_reason: str
    transferred_to: str
    merged_into: str
    callback_on: date | None
    satisfaction: int | None
    reexamination_requested_on: date | None
    reexamination_due_on: date | None
    reexamination_outcome: str
    reexamined_on: date | None
    handler: str
    complainant: ComplainantOut | None
    events: list[ComplaintEventOut]


class ComplaintCreatedOut(Schema):
    query_code: str
    complaint: ComplaintOut


class ComplaintAcceptIn(Schema):
    handler_id: int | None = None


class ComplaintAssignIn(Schema):
    handler_id: int


class ComplaintReasonIn(Schema):
    reason: str


class ComplaintTransferIn(Schema):
    to_body: str
    reason: str


class ComplaintMergeIn(Schema):
    into_id: int
    reason: str


class ComplaintQuestionsIn(Schema):
    questions: str


class ComplaintExplanationIn(Schema):
    text: str


class ComplaintExtensionIn(Schema):
    days: int
    reason: str


class ComplaintConcludeIn(Schema):
    outcome: str
    findings: str
    handling_opinion: str
    reply_text: str


class ComplaintCallbackIn(Schema):
    satisfaction: int
    note: str


class ComplaintReexamIn(Schema):
    outcome: str
    findings: str
    reply_text: str


def _fresh(request: HttpRequest, cid: int) -> dict[str, Any]:
    """The complaint as the actor may see it."""
    if is_centre(request.user):
        identity = has_perm(request.user, "complaint.handle")
        return complaint_out(complaint_for(request.user, cid), identity=identity)
    return accused_out(accused_complaint(request.user, cid))


@router.get("", response=list[ComplaintOut], summary="效能投诉（按数据权限，亮灯）")
def list_complaints(
    request: HttpRequest,
    status: str = "",
    light: str = "",
    category: str = "",
    department_id: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    start, size = max(offset, 0), max(1, min(limit, 100))
    wanted = QueueFilter(status, light, category, department_id or 0)
    calendar, today = current_calendar(), timesource.today()
    if is_centre(request.user):
        rows = filtered_queue(request.user, wanted, calendar, today)[start : start + size]
        identity = has_perm(request.user, "complaint.handle")
        return [complaint_out(r, identity=identity, events=False) for r in rows]
    qs = accused_complaints(request.user)
    if department_id:
        qs = qs.filter(department_id=department_id)
    return [accused_out(d) for d in qs[start : start + size]]


@router.post("", response={201: ComplaintCreatedOut}, summary="登记投诉（12345 热线、来信、来访）")
def create(request: HttpRequest, body: ComplaintIn) -> Status[dict[str, Any]]:
    require(request.user, "complaint.handle")
    row, code = actions.submit_complaint(actor=request.user, **body.model_dump())
    return Status(201, {"query_code": code, "complaint": _fresh(request, row.pk)})


@router.get("/export.xlsx", summary="导出投诉信息（GB/T 39046 字段）")
def export(request: HttpRequest) -> HttpResponse:
    body = export_xlsx(request.user)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    return response


@router.get("/{int:cid}", response=ComplaintOut, summary="投诉详情（含受理期限、办结期限）")
def get_complaint(request: HttpRequest, cid: int) -> dict[str, Any]:
    return _fresh(request, cid)


@router.post("/{int:cid}/accept", response=ComplaintOut, summary="受理")
def accept(request: HttpRequest, cid: int, body: ComplaintAcceptIn) -> dict[str, Any]:
    actions.accept_complaint(actor=request.user, complaint_id=cid, handler_id=body.handler_id)
    return _fresh(request, cid)


@router.post("/{int:cid}/assign", response=ComplaintOut, summary="分派承办人")
def assign(request: HttpRequest, cid: int, body: ComplaintAssignIn) -> dict[str, Any]:
    actions.assign_complaint(actor=request.user, complaint_id=cid, handler_id=body.handler_id)
    return _fresh(request, cid)


@router.post("/{int:cid}/decline", response=ComplaintOut, summary="不予受理（说明理由）")
def decline(request: HttpRequest, cid: int, body: ComplaintReasonIn) -> dict[str, Any]:
    actions.decline_complaint(actor=request.user, complaint_id=cid, reason=body.reason)
    return _fresh(request, cid)


@router.post("/{int:cid}/transfer", response=ComplaintOut, summary="转办有权处理的机关")
def transfer(request: HttpRequest, cid: int, body: ComplaintTransferIn) -> dict[str, Any]:
    actions.transfer_complaint(
        actor=request.user, complaint_id=cid, to_body=body.to_body, reason=body.reason
    )
    return _fresh(request, cid)


@router.post("/{int:cid}/merge", response=ComplaintOut, summary="合并重复投诉")
def merge(request: HttpRequest, cid: int, body: ComplaintMergeIn) -> dict[str, Any]:
    actions.merge_complaint(
        actor=request.user, complaint_id=cid, into_id=body.into_id, reason=body.reason
    )
    return _fresh(request, cid)


@router.post(
    "/{int:cid}/request-explanation", response=ComplaintOut, summary="要求被投诉单位说明情况"
)
def request_explanation(
    request: HttpRequest, cid: int, body: ComplaintQuestionsIn
) -> dict[str, Any]:
    actions.request_explanation(actor=request.user, complaint_id=cid, questions=body.questions)
    return _fresh(request, cid)


@router.post("/{int:cid}/explanation", response=ComplaintOut, summary="被投诉单位说明情况")
def explanation(request: HttpRequest, cid: int, body: ComplaintExplanationIn) -> dict[str, Any]:
    actions.submit_explanation(actor=request.user, complaint_id=cid, text=body.text)
    return _fresh(request, cid)


@router.post("/{int:cid}/request-extension", response=ComplaintOut, summary="申请延长办理期限")
def request_extension(request: HttpRequest, cid: int, body: ComplaintExtensionIn) -> dict[str, Any]:
    actions.request_extension(
        actor=request.user, complaint_id=cid, days=body.days, reason=body.reason
    )
    return _fresh(request, cid)


@router.post("/{int:cid}/approve-extension", response=ComplaintOut, summary="负责人批准延期")
def approve_extension(request: HttpRequest, cid: int) -> dict[str, Any]:
    actions.approve_extension(actor=request.user, complaint_id=cid)
    return _fresh(request, cid)


@router.post("/{int:cid}/conclude", response=ComplaintOut, summary="办结并答复投诉人")
def conclude(request: HttpRequest, cid: int, body: ComplaintConcludeIn) -> dict[str, Any]:
    actions.conclude_complaint(actor=request.user, complaint_id=cid, **body.model_dump())
    return _fresh(request, cid)


@router.post("/{int:cid}/callback", response=ComplaintOut, summary="回访并记录满意度")
def callback(request: HttpRequest, cid: int, body: ComplaintCallbackIn) -> dict[str, Any]:
    actions.record_callback(
        actor=request.user, complaint_id=cid, satisfaction=body.satisfaction, note=body.note
    )
    return _fresh(request, cid)


@router.post("/{int:cid}/reexamination/conclude", response=ComplaintOut, summary="复查办结")
def conclude_reexamination(
    request: HttpRequest, cid: int, body: ComplaintReexamIn
) -> dict[str, Any]:
    actions.conclude_reexamination(actor=request.user, complaint_id=cid, **body.model_dump())
    return _fresh(request, cid)
