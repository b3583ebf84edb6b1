"""The case API: the same actions as the web desks, for integrations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.system.middleware import record_within
from xiaoneng.system.writer import one_writer

from . import actions, hotpath
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
    delivery_method: str
    delivery_recipient: str
    delivery_tracking_no: str
    applicant_id_type: str
    handler_kind: str
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
    # The certificate and who brings it (optional; checked as at the window).
    applicant_id_type: str = ""
    applicant_id_no: str = ""
    applicant_address: str = ""
    handler_kind: str = ""
    handler_name: str = ""
    handler_id_no: str = ""


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


class DeliverIn(VersionIn):
    method: str = ""  # in_person (default) / post / electronic / public_notice
    recipient: str = ""  # the applicant unless named
    tracking_no: str = ""  # 邮件号, required for post


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
        "delivery_method": case.delivery_method,
        "delivery_recipient": case.delivery_recipient,
        "delivery_tracking_no": case.delivery_tracking_no,
        "applicant_id_type": case.applicant_id_type,
        "handler_kind": case.handler_kind,
        "on_time": case.on_time,
        "version": case.version,
        # A step's answer shows the events its transaction read and wrote.
        "events": sorted(hotpath.kept_events(case) or case.events.all(), key=lambda e: e.seq),
    }


def within_one_write(request: HttpRequest, status: int, action: Callable[[], Any]) -> Any:
    """Run the action and write the request's operation-log row in the same
    transaction (nothing to write after it commits), queued among SQLite's
    writers (`system.writer.one_writer`) rather than in its busy handler.
    A step whose refusals are recorded after its rollback
    (`steps.records_refused_attempts`) runs outside any transaction of ours,
    and the middleware writes its row after it as usual."""
    with one_writer():
        if getattr(action, "refusals_recorded", None):
            return action()
        with transaction.atomic():
            result = action()
            record_within(request, status)
        return result


@router.post("/cases", response={201: CaseCreatedOut}, summary="提出申请 / 窗口收件")
def apply(request: HttpRequest, body: ApplyIn) -> Status[dict[str, Any]]:
    case, code = within_one_write(
        request,
        201,
        partial(
            actions.submit_application,
            actor=request.user,
            item_code=body.item_code,
            applicant_name=body.applicant_name,
            applicant_phone=body.applicant_phone,
            summary=body.summary,
            applicant_id_type=body.applicant_id_type,
            applicant_id_no=body.applicant_id_no,
            applicant_address=body.applicant_address,
            handler_kind=body.handler_kind,
            handler_name=body.handler_name,
            handler_id_no=body.handler_id_no,
        ),
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


# Each step: (path, the action, its body, summary). A body's fields are the
# action's keyword arguments; `version` is passed as `expected_version`.
STEPS: list[tuple[str, Callable[..., Any], type[Schema], str]] = [
    ("supplement-notice", actions.issue_supplement_notice, NoticeIn, "一次性告知"),
    ("supplement", actions.record_supplement, VersionIn, "登记补正"),
    ("accept", actions.accept_case, VersionIn, "受理（即办件当场办结）"),
    ("refuse", actions.refuse_case, RefuseIn, "不予受理"),
    ("suspend", actions.suspend_case, SuspendIn, "特别程序（中止计时）"),
    ("resume", actions.resume_case, VersionIn, "恢复计时"),
    ("extend", actions.request_extension, ExtendIn, "申请延期"),
    ("approve-extension", actions.approve_extension, VersionIn, "批准延期"),
    ("opinion", actions.give_opinion, OpinionIn, "会签意见"),
    ("decide", actions.decide_case, DecideIn, "作出决定"),
    ("deliver", actions.deliver_case, DeliverIn, "送达（方式、受送达人、邮件号）"),
    ("withdraw", actions.withdraw_case, WithdrawIn, "撤回申请"),
]


def _register(step: str, action: Callable[..., Any], schema: type[Schema], summary: str) -> None:
    def handler(request: HttpRequest, case_id: int, body: Schema) -> dict[str, Any]:
        kwargs = body.model_dump()
        if "version" in kwargs:
            kwargs["expected_version"] = kwargs.pop("version")
        step = partial(action, actor=request.user, case_id=case_id, **kwargs)
        step.refusals_recorded = getattr(action, "refusals_recorded", None)  # type: ignore[attr-defined]
        result = within_one_write(request, 200, step)
        # The case as the step left it (the actor could act on it, so may see
        # it); a step that returns something else is answered by a fresh read.
        return case_out(
            result if isinstance(result, Case) else case_for_actor(request.user, case_id)
        )

    # The body's type is only known here; ninja reads it from the annotations.
    handler.__annotations__ = {
        "request": HttpRequest,
        "case_id": int,
        "body": schema,
        "return": dict[str, Any],
    }
    handler.__name__ = f"case_{step.replace('-', '_')}"
    router.post(
        f"/cases/{{case_id}}/{step}",
        response=CaseOut,
        summary=summary,
        operation_id=handler.__name__,
    )(handler)


for _step in STEPS:
    _register(*_step)
