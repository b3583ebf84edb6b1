"""The meetings API (/api/v1/meetings): the same actions and scoped
selectors as the desks. Errors are {"code","message","detail"}."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.office.actions import meetings as actions
from xiaoneng.office.models.meetings import Invitation, Meeting
from xiaoneng.office.selectors import meetings as sel
from xiaoneng.web.paging import api_window

router = Router(tags=["会议"])


class MeetingInvitationIn(Schema):
    unit_id: int
    level: str
    person_id: int | None = None


class MeetingApplyIn(Schema):
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    agenda: str
    invitations: list[MeetingInvitationIn]
    invites_city_leaders: bool = False
    invites_county_leaders: bool = False
    host_id: int | None = None


class MeetingDecisionIn(Schema):
    approve: bool
    note: str = ""


class MeetingExecutiveIn(Schema):
    executive_ref: str
    approve: bool = True
    note: str = ""


class MeetingConfirmIn(Schema):
    attendee_level: str
    attendee_id: int | None = None
    attendee_name: str = ""
    attendee_title: str = ""


class MeetingLeaveIn(Schema):
    reason: str
    substitute_name: str = ""
    substitute_title: str = ""


class MeetingSignIn(Schema):
    token: str
    attendee_name: str = ""
    attendee_level: str = ""
    attendee_title: str = ""


class MeetingInvitationOut(Schema):
    id: int
    unit: str
    required_level: str
    attendee_name: str
    attendee_level: str
    substitute: bool
    status: str
    signed_at: datetime | None
    violation: str


class MeetingOut(Schema):
    id: int
    number: str
    title: str
    kind: str
    host: str
    starts_at: datetime
    ends_at: datetime
    place: str
    route: str
    executive_ref: str
    status: str
    status_label: str
    decision_note: str
    attendance_published_at: datetime | None
    invitations: list[MeetingInvitationOut]


class MeetingLeaveOut(Schema):
    id: int
    invitation_id: int
    reason: str
    substitute_name: str
    approved: bool | None


class MeetingTallyOut(Schema):
    name: str
    unit: str
    invitations: int
    as_required: int
    substitute_with_leave: int
    substitute_without_leave: int
    absent: int


class MeetingStatsOut(Schema):
    year: int
    meetings: int
    units: list[MeetingTallyOut]
    people: list[MeetingTallyOut]


def _inv(i: Invitation) -> dict[str, Any]:
    return {
        "id": i.pk,
        "unit": i.unit.name,
        "required_level": i.required_level,
        "attendee_name": i.attendee_name,
        "attendee_level": i.attendee_level,
        "substitute": i.substitute,
        "status": i.status,
        "signed_at": i.signed_at,
        "violation": i.violation,
    }


def _out(request: HttpRequest, m: Meeting, *, full: bool = True) -> dict[str, Any]:
    return {
        "id": m.pk,
        "number": m.number,
        "title": m.title,
        "kind": m.kind,
        "host": m.host.name,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "place": m.place,
        "route": m.route,
        "executive_ref": m.executive_ref,
        "status": m.status,
        "status_label": m.get_status_display(),
        "decision_note": m.decision_note,
        "attendance_published_at": m.attendance_published_at,
        "invitations": [_inv(i) for i in sel.invitations_of(request.user, m)] if full else [],
    }


def _fresh(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _out(request, sel.meeting_for(request.user, pk))


@router.get("", response=list[MeetingOut], summary="会议（本人范围内承办或受邀）")
def list_meetings(
    request: HttpRequest, status: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = sel.meetings_for(request.user)
    if status:
        qs = qs.filter(status=status)
    return [_out(request, m, full=False) for m in api_window(qs, limit, offset)]


@router.post("", response={201: MeetingOut}, summary="申请召开会议")
def apply(request: HttpRequest, body: MeetingApplyIn) -> Status[dict[str, Any]]:
    m = actions.apply_meeting(actor=request.user, **body.model_dump())
    return Status(201, _fresh(request, m.pk))


@router.get("/stats", response=MeetingStatsOut, summary="会议出勤统计（每单位、每人）")
def stats(request: HttpRequest, year: int) -> dict[str, Any]:
    data = sel.attendance(request.user, year)
    return {
        **data,
        "units": [vars(t) for t in data["units"]],
        "people": [vars(t) for t in data["people"]],
    }


@router.get("/{meeting_id}", response=MeetingOut, summary="会议详情")
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _fresh(request, meeting_id)


@router.post("/{meeting_id}/review", response=MeetingOut, summary="分管市领导审核（审批）")
def review(request: HttpRequest, meeting_id: int, body: MeetingDecisionIn) -> dict[str, Any]:
    actions.review_meeting(actor=request.user, meeting_id=meeting_id, **body.model_dump())
    return _fresh(request, meeting_id)


@router.post("/{meeting_id}/approve", response=MeetingOut, summary="市长审批")
def approve(request: HttpRequest, meeting_id: int, body: MeetingDecisionIn) -> dict[str, Any]:
    actions.approve_meeting(actor=request.user, meeting_id=meeting_id, **body.model_dump())
    return _fresh(request, meeting_id)


@router.post("/{meeting_id}/reject", response=MeetingOut, summary="不予批准（当前审批环节）")
def reject(request: HttpRequest, meeting_id: int, body: MeetingDecisionIn) -> dict[str, Any]:
    m = sel.meeting_for(request.user, meeting_id)
    call = actions.approve_meeting if m.status == "approving" else actions.review_meeting
    call(actor=request.user, meeting_id=meeting_id, approve=False, note=body.note)
    return _fresh(request, meeting_id)


@router.post("/{meeting_id}/executive", response=MeetingOut, summary="登记市政府常务会议决定")
def executive(request: HttpRequest, meeting_id: int, body: MeetingExecutiveIn) -> dict[str, Any]:
    actions.record_executive(actor=request.user, meeting_id=meeting_id, **body.model_dump())
    return _fresh(request, meeting_id)


@router.post("/{meeting_id}/notify", response=MeetingOut, summary="发出会议通知")
def notify(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    actions.notify_meeting(actor=request.user, meeting_id=meeting_id)
    return _fresh(request, meeting_id)


@router.post("/{meeting_id}/held", response=MeetingOut, summary="会议已召开（未签到记缺席）")
def held(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    actions.mark_held(actor=request.user, meeting_id=meeting_id)
    return _fresh(request, meeting_id)


@router.post("/{meeting_id}/publish", response=MeetingOut, summary="出勤情况通报市监察局")
def publish(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    actions.publish_attendance(actor=request.user, meeting_id=meeting_id)
    return _fresh(request, meeting_id)


@router.post("/{meeting_id}/sign", response=MeetingInvitationOut, summary="签到（凭签到码）")
def sign(request: HttpRequest, meeting_id: int, body: MeetingSignIn) -> dict[str, Any]:
    inv = actions.sign_in(actor=request.user, meeting_id=meeting_id, **body.model_dump())
    return _inv(inv)


@router.post(
    "/invitations/{invitation_id}/confirm", response=MeetingInvitationOut, summary="确认参会人员"
)
def confirm(request: HttpRequest, invitation_id: int, body: MeetingConfirmIn) -> dict[str, Any]:
    return _inv(
        actions.confirm_attendee(
            actor=request.user, invitation_id=invitation_id, **body.model_dump()
        )
    )


@router.post(
    "/invitations/{invitation_id}/leave",
    response={201: MeetingLeaveOut},
    summary="代会（缺席）请假",
)
def leave(request: HttpRequest, invitation_id: int, body: MeetingLeaveIn) -> Status[dict[str, Any]]:
    row = actions.request_leave(
        actor=request.user, invitation_id=invitation_id, **body.model_dump()
    )
    return Status(201, _leave(row))


@router.post("/leaves/{leave_id}/decide", response=MeetingLeaveOut, summary="审批代会请假")
def decide_leave(request: HttpRequest, leave_id: int, body: MeetingDecisionIn) -> dict[str, Any]:
    return _leave(actions.decide_leave(actor=request.user, leave_id=leave_id, **body.model_dump()))


def _leave(row: Any) -> dict[str, Any]:
    return {
        "id": row.pk,
        "invitation_id": row.invitation_id,
        "reason": row.reason,
        "substitute_name": row.substitute_name,
        "approved": row.approved,
    }
