"""Attendance (seed art. 11): the invited unit names who comes; a
substitute (below the level required, or not the person named) needs leave
approved by the host before the meeting starts; sign-in at the door by the
invitation's QR code (the host's clerk, or the attendee signed in as
themselves); the meeting marked held (not signed in = absent); the
attendance published to the supervision bureau. A substitute without
approved leave, or an absence without it, is a violation and a finding
("meeting_substitute" / "meeting_absent") on the invited unit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.inputs import optional, text
from xiaoneng.core.text import as_int
from xiaoneng.notifications.actions import notify
from xiaoneng.office.common import event
from xiaoneng.office.models.meetings import (
    AttendStatus,
    Invitation,
    Meeting,
    MeetingLeave,
    MeetingStatus,
)
from xiaoneng.org.authority import require, require_any, signed_in, unit_of
from xiaoneng.org.models import Role, User

from .common import (
    ABSENT,
    APPLY,
    ATTEND,
    MANAGE,
    SUBSTITUTE,
    flag,
    is_clerk,
    is_substitute,
    leave_approved,
    level,
    locked_invitation,
    locked_meeting,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

S = MeetingStatus


def _open(meeting: Meeting) -> None:
    """Notified and not yet begun."""
    if meeting.status != S.NOTIFIED:
        raise Conflict("会议尚未通知或已结束", code="office_meeting_not_notified")
    if meeting.starts_at <= timesource.now():
        raise Conflict("会议已开始，不能事后请假或更改", code="office_meeting_leave_late")


def _person(invitation: Invitation, attendee_id: Any, name: Any) -> tuple[User | None, str]:
    """A user of the invited unit, or a name typed."""
    if attendee_id not in (None, ""):
        user = User.objects.filter(pk=as_int(attendee_id) or 0, is_active=True).first()
        unit = unit_of(user) if user is not None else None
        if user is None or unit is None or unit.pk != invitation.unit_id:
            raise InvalidInput("参会人员不是本单位人员", code="office_meeting_attendee_invalid")
        return user, user.display_name
    typed = text(name, code="office_meeting_attendee_invalid", label="参会人员姓名", limit=50)
    return None, typed


@transaction.atomic(durable=True)
def confirm_attendee(
    *,
    actor: Actor,
    invitation_id: Any,
    attendee_level: str,
    attendee_id: Any = None,
    attendee_name: str = "",
    attendee_title: str = "",
) -> Invitation:
    """The invited unit names who will attend (before the meeting begins)."""
    user = require(actor, ATTEND)
    inv = locked_invitation(user, invitation_id)
    meeting = Meeting.objects.get(pk=inv.meeting_id)
    _open(meeting)
    person, name = _person(inv, attendee_id, attendee_name)
    grade = level(attendee_level)
    inv.attendee, inv.attendee_name, inv.attendee_level = person, name, grade
    inv.attendee_title = optional(
        attendee_title, code="office_meeting_attendee_invalid", label="职务", limit=50
    )
    inv.substitute = is_substitute(inv, person.pk if person else None, grade)
    inv.confirmed_by, inv.confirmed_at = user, timesource.now()
    inv.status = AttendStatus.CONFIRMED
    inv.save()
    event(
        user,
        "meeting",
        meeting.pk,
        "meeting_confirmed",
        unit=inv.unit_id,
        attendee=name,
        substitute=inv.substitute,
    )
    return inv


@transaction.atomic(durable=True)
def request_leave(
    *,
    actor: Actor,
    invitation_id: Any,
    reason: str,
    substitute_name: str = "",
    substitute_title: str = "",
) -> MeetingLeave:
    """请假: the unit asks the host, beforehand, to send a substitute (or none)."""
    user = require(actor, ATTEND)
    inv = locked_invitation(user, invitation_id)
    meeting = Meeting.objects.get(pk=inv.meeting_id)
    _open(meeting)
    if inv.leaves.filter(approved__isnull=True).exists():
        raise Conflict("已有待审批的请假", code="office_meeting_leave_pending")
    leave = MeetingLeave.objects.create(
        invitation=inv,
        reason=text(
            reason, code="office_meeting_leave_reason_required", label="请假事由", limit=300
        ),
        substitute_name=optional(
            substitute_name, code="office_meeting_attendee_invalid", label="代会人员", limit=50
        ),
        substitute_title=optional(
            substitute_title, code="office_meeting_attendee_invalid", label="职务", limit=50
        ),
        requested_by=user,
    )
    notify(
        recipients=[meeting.applied_by_id],
        kind="office_meeting",
        title=f"代会请假待审批：{meeting.number}",
        body=f"{inv.unit.name}：{leave.reason}",
        link=reverse("office:meeting", args=[meeting.pk]),
    )
    event(user, "meeting", meeting.pk, "meeting_leave_requested", leave=leave.pk, unit=inv.unit_id)
    return leave


@transaction.atomic(durable=True)
def decide_leave(*, actor: Actor, leave_id: Any, approve: bool, note: str = "") -> MeetingLeave:
    """The host approves or refuses a leave, before the meeting begins."""
    user = require(actor, APPLY)
    leave = (
        MeetingLeave.objects.select_for_update(of=("self",))
        .select_related("invitation")
        .filter(pk=as_int(leave_id) or 0)
        .first()
    )
    if leave is None:
        raise NotFound("请假申请不存在或无权查看", code="office_meeting_leave_not_found")
    meeting = locked_meeting(user, leave.invitation.meeting_id)
    if leave.approved is not None:
        raise Conflict("该请假已审批", code="office_meeting_leave_decided")
    _open(meeting)
    remark = optional(note, code="office_meeting_note_required", label="审批意见", limit=200)
    if not approve and not remark:
        raise InvalidInput("不同意请假时请说明理由", code="office_meeting_note_required")
    leave.approved, leave.decision_note = bool(approve), remark
    leave.decided_by, leave.decided_at = user, timesource.now()
    leave.save(update_fields=["approved", "decision_note", "decided_by", "decided_at"])
    notify(
        recipients=[leave.requested_by_id],
        kind="office_meeting",
        title=f"代会请假{'已同意' if approve else '未同意'}：{meeting.number}",
        body=remark,
        link=reverse("office:meeting", args=[meeting.pk]),
    )
    event(user, "meeting", meeting.pk, "meeting_leave_decided", leave=leave.pk, approve=approve)
    return leave


def _by_token(token: Any, meeting_id: Any) -> Invitation:
    """The invitation its token opens (locked); for `meeting_id`, only one of that meeting."""
    key = token if isinstance(token, str) and 16 <= len(token) <= 64 else ""
    qs = Invitation.objects.select_for_update(of=("self",)).filter(sign_token=key)
    if meeting_id is not None:
        qs = qs.filter(meeting_id=as_int(meeting_id) or 0)
    inv = qs.select_related("unit").first() if key else None
    if inv is None:
        raise NotFound("签到码无效", code="office_meeting_sign_token_invalid")
    return inv


@transaction.atomic(durable=True)
def sign_in(
    *,
    actor: Actor,
    token: str,
    meeting_id: Any = None,
    attendee_name: str = "",
    attendee_level: str = "",
    attendee_title: str = "",
) -> Invitation:
    """签到 at the door: the host's clerk records who actually came (the
    confirmed attendee when no one else is named), or the confirmed attendee
    signs in as themselves. A substitute without approved leave is flagged."""
    user = signed_in(actor)
    inv = _by_token(token, meeting_id)
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=inv.meeting_id)
    clerk = is_clerk(user, meeting)
    if not clerk and (inv.attendee_id is None or inv.attendee_id != user.pk):
        raise PermissionDenied("无权为该参会单位签到", code="office_meeting_sign_forbidden")
    if meeting.status != S.NOTIFIED:
        raise Conflict("会议尚未通知或已结束", code="office_meeting_not_notified")
    if inv.status == AttendStatus.SIGNED:
        raise Conflict("该单位已签到", code="office_meeting_signed")
    typed = optional(attendee_name, code="office_meeting_attendee_invalid", label="姓名", limit=50)
    if clerk and typed and typed != inv.attendee_name:
        inv.attendee, inv.attendee_name = None, typed
        inv.attendee_level = level(attendee_level)
        inv.attendee_title = optional(
            attendee_title, code="office_meeting_attendee_invalid", label="职务", limit=50
        )
    elif not inv.attendee_name:
        raise InvalidInput("请填写实际参会人员", code="office_meeting_attendee_invalid")
    inv.substitute = is_substitute(inv, inv.attendee_id, inv.attendee_level)
    inv.status, inv.signed_at = AttendStatus.SIGNED, timesource.now()
    inv.signed_by_clerk = user if clerk else None
    if inv.substitute and not leave_approved(inv):
        flag(inv, meeting, "meeting_substitute", SUBSTITUTE)
    inv.save()
    event(
        user,
        "meeting",
        meeting.pk,
        "meeting_signed",
        unit=inv.unit_id,
        attendee=inv.attendee_name,
        violation=inv.violation,
    )
    return inv


@transaction.atomic(durable=True)
def mark_held(*, actor: Actor, meeting_id: Any) -> Meeting:
    """会后: the meeting held; each unit not signed in is absent (a violation
    unless its leave was approved beforehand)."""
    user = require_any(actor, (APPLY, MANAGE))
    meeting = locked_meeting(user, meeting_id)
    if meeting.status != S.NOTIFIED:
        raise Conflict("会议尚未通知或已结束", code="office_meeting_not_notified")
    if meeting.starts_at > timesource.now():
        raise Conflict("会议尚未开始", code="office_meeting_not_started")
    meeting.status = S.HELD
    meeting.version += 1
    meeting.save(update_fields=["status", "version"])
    absent = 0
    missing = meeting.invitations.select_for_update(of=("self",)).select_related("unit")
    for inv in missing.exclude(status=AttendStatus.SIGNED):
        inv.status = AttendStatus.ABSENT
        if not leave_approved(inv):
            flag(inv, meeting, "meeting_absent", ABSENT)
        inv.save(update_fields=["status", "violation"])
        absent += 1
    event(user, "meeting", meeting.pk, "meeting_held", absent=absent)
    return meeting


@transaction.atomic(durable=True)
def publish_attendance(*, actor: Actor, meeting_id: Any) -> Meeting:
    """通报: the attendance of a held meeting sent to the supervision bureau."""
    user = require_any(actor, (APPLY, MANAGE))
    meeting = locked_meeting(user, meeting_id)
    if meeting.status != S.HELD:
        raise Conflict("会议尚未召开", code="office_meeting_not_held")
    if meeting.attendance_published_at is not None:
        raise Conflict("出勤情况已通报", code="office_meeting_published")
    meeting.attendance_published_at = timesource.now()
    meeting.version += 1
    meeting.save(update_fields=["attendance_published_at", "version"])
    invs = list(meeting.invitations.all())
    flagged = sum(1 for i in invs if i.violation)
    codes = [
        r.code
        for r in Role.objects.filter(active=True)
        if "supervision.manage" in r.permissions and "*" not in r.permissions
    ]
    watchers = (
        User.objects.filter(is_active=True, roles__code__in=codes, roles__active=True)
        .values_list("pk", flat=True)
        .distinct()
    )
    notify(
        recipients=list(watchers),
        kind="office_meeting",
        title=f"会议出勤情况通报：{meeting.number}",
        body=f"{meeting.title}：应到 {len(invs)} 个单位，违规 {flagged} 个。",
        link=reverse("office:meeting", args=[meeting.pk]),
    )
    event(user, "meeting", meeting.pk, "meeting_published", units=len(invs), flagged=flagged)
    return meeting
