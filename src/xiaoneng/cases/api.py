"""The case API: the same actions as the web desks, for integrations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource

from . import actions
from .alerts import alert_of
from .models import Case, CaseEvent
from .selectors import case_for_actor, cases_for_actor

router = Router(tags=["审批办件"])


class EventOut(Schema):
    seq: int
    kind: str
    on: date
    days: int
    at: datetime
    actor_name: str
    department_name: str
    note: str
    payload: dict[str, Any]


class CaseOut(Schema):
    id: int
    tracking_no: str
    item_code: str
    item_name: str
    status: str
    status_label: str
    department: str
    applicant_name: str
    received_on: date
    accepted_on: date | None
    deemed_accepted: bool
    due_on: date | None
    decision_due_on: date | None
    notice_due_on: date
    provisional: bool
    alert_level: str
    is_instant: bool
    suspended_days: int
    extension_days: int
    extension_requested_days: int
    decision: str
    decided_on: date | None
    delivered_on: date | None
    on_time: bool | None
    version: int
    events: list[EventOut]


class CaseCreatedOut(CaseOut):
    query_code: str


class ApplyIn(Schema):
    item_code: str
    applicant_name: str
    applicant_phone: str = ""
    summary: str = ""


class VersionIn(Schema):
    version: int | None = None


class NoticeIn(VersionIn):
    missing: list[str]


class RefuseIn(VersionIn):
    reason: str
    competent_authority: str = ""


class SuspendIn(VersionIn):
    procedure: str
    expected_days: int
    reason: str = ""


class ExtendIn(VersionIn):
    days: int
    reason: str


class OpinionIn(Schema):
    agrees: bool
    opinion: str


class DecideIn(VersionIn):
    decision: str
    reason: str = ""


class WithdrawIn(VersionIn):
    reason: str = ""


def case_out(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "tracking_no": case.tracking_no,
        "item_code": case.item.code,
        "item_name": case.item.name,
        "status": case.status,
        "status_label": case.get_status_display(),
        "department": case.department.name,
        "applicant_name": case.applicant_name,
        "received_on": case.received_on,
        "accepted_on": case.accepted_on,
        "deemed_accepted": case.deemed_accepted,
        "due_on": case.due_on,
        "decision_due_on": case.decision_due_on,
        "notice_due_on": case.notice_due_on,
        "provisional": case.provisional,
        "alert_level": alert_of(case, timesource.today(), current_calendar()).value,
        "is_instant": case.is_instant,
        "suspended_days": case.suspended_days,
        "extension_days": case.extension_days,
        "extension_requested_days": case.extension_requested_days,
        "decision": case.decision,
        "decided_on": case.decided_on,
        "delivered_on": case.delivered_on,
        "on_time": case.on_time,
        "version": case.version,
        "events": sorted(case.events.all(), key=lambda e: e.seq),
    }


@router.post("/cases", response={201: CaseCreatedOut}, summary="提出申请 / 窗口收件")
def apply(request: HttpRequest, body: ApplyIn) -> Status[dict[str, Any]]:
    case, code = actions.submit_application(
        actor=request.user,
        item_code=body.item_code,
        applicant_name=body.applicant_name,
        applicant_phone=body.applicant_phone,
        summary=body.summary,
    )
    return Status(201, {**case_out(case), "query_code": code})


@router.get("/cases", response=list[CaseOut], summary="我可见的办件（按数据权限）")
def list_cases(
    request: HttpRequest, status: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = cases_for_actor(request.user).prefetch_related("events")
    if status:
        qs = qs.filter(status=status)
    limit = max(1, min(limit, 100))
    return [case_out(c) for c in qs[max(offset, 0) : max(offset, 0) + limit]]


@router.get("/cases/{case_id}", response=CaseOut, summary="办件详情")
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return case_out(case_for_actor(request.user, case_id))


@router.get("/cases/{case_id}/events", response=list[EventOut], summary="办件环节")
def case_events(request: HttpRequest, case_id: int) -> list[CaseEvent]:
    return list(case_for_actor(request.user, case_id).events.order_by("seq"))


def _done(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return case_out(case_for_actor(request.user, case_id))


@router.post("/cases/{case_id}/supplement-notice", response=CaseOut, summary="一次性告知")
def supplement_notice(request: HttpRequest, case_id: int, body: NoticeIn) -> dict[str, Any]:
    actions.issue_supplement_notice(
        actor=request.user, case_id=case_id, missing=body.missing, expected_version=body.version
    )
    return _done(request, case_id)


@router.post("/cases/{case_id}/supplement", response=CaseOut, summary="登记补正")
def supplement(request: HttpRequest, case_id: int, body: VersionIn) -> dict[str, Any]:
    actions.record_supplement(actor=request.user, case_id=case_id, expected_version=body.version)
    return _done(request, case_id)


@router.post("/cases/{case_id}/accept", response=CaseOut, summary="受理（即办件当场办结）")
def accept(request: HttpRequest, case_id: int, body: VersionIn) -> dict[str, Any]:
    actions.accept_case(actor=request.user, case_id=case_id, expected_version=body.version)
    return _done(request, case_id)


@router.post("/cases/{case_id}/refuse", response=CaseOut, summary="不予受理")
def refuse(request: HttpRequest, case_id: int, body: RefuseIn) -> dict[str, Any]:
    actions.refuse_case(
        actor=request.user,
        case_id=case_id,
        reason=body.reason,
        competent_authority=body.competent_authority,
        expected_version=body.version,
    )
    return _done(request, case_id)


@router.post("/cases/{case_id}/suspend", response=CaseOut, summary="特别程序（中止计时）")
def suspend(request: HttpRequest, case_id: int, body: SuspendIn) -> dict[str, Any]:
    actions.suspend_case(
        actor=request.user,
        case_id=case_id,
        procedure=body.procedure,
        expected_days=body.expected_days,
        reason=body.reason,
        expected_version=body.version,
    )
    return _done(request, case_id)


@router.post("/cases/{case_id}/resume", response=CaseOut, summary="恢复计时")
def resume(request: HttpRequest, case_id: int, body: VersionIn) -> dict[str, Any]:
    actions.resume_case(actor=request.user, case_id=case_id, expected_version=body.version)
    return _done(request, case_id)


@router.post("/cases/{case_id}/extend", response=CaseOut, summary="申请延期")
def extend(request: HttpRequest, case_id: int, body: ExtendIn) -> dict[str, Any]:
    actions.request_extension(
        actor=request.user,
        case_id=case_id,
        days=body.days,
        reason=body.reason,
        expected_version=body.version,
    )
    return _done(request, case_id)


@router.post("/cases/{case_id}/approve-extension", response=CaseOut, summary="批准延期")
def approve_extension(request: HttpRequest, case_id: int, body: VersionIn) -> dict[str, Any]:
    actions.approve_extension(actor=request.user, case_id=case_id, expected_version=body.version)
    return _done(request, case_id)


@router.post("/cases/{case_id}/opinion", response=CaseOut, summary="会签意见")
def opinion(request: HttpRequest, case_id: int, body: OpinionIn) -> dict[str, Any]:
    actions.give_opinion(
        actor=request.user, case_id=case_id, agrees=body.agrees, opinion=body.opinion
    )
    return _done(request, case_id)


@router.post("/cases/{case_id}/decide", response=CaseOut, summary="作出决定")
def decide(request: HttpRequest, case_id: int, body: DecideIn) -> dict[str, Any]:
    actions.decide_case(
        actor=request.user,
        case_id=case_id,
        decision=body.decision,
        reason=body.reason,
        expected_version=body.version,
    )
    return _done(request, case_id)


@router.post("/cases/{case_id}/deliver", response=CaseOut, summary="送达")
def deliver(request: HttpRequest, case_id: int, body: VersionIn) -> dict[str, Any]:
    actions.deliver_case(actor=request.user, case_id=case_id, expected_version=body.version)
    return _done(request, case_id)


@router.post("/cases/{case_id}/withdraw", response=CaseOut, summary="撤回申请")
def withdraw(request: HttpRequest, case_id: int, body: WithdrawIn) -> dict[str, Any]:
    actions.withdraw_case(
        actor=request.user, case_id=case_id, reason=body.reason, expected_version=body.version
    )
    return _done(request, case_id)
