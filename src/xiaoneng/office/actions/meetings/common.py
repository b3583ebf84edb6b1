"""What the meeting actions share: the rows locked with their place
checked, typed input (moments, levels), who is told, and the finding handed
to supervision for an invitation (subject kind "meeting", its ref the
invitation: one unit's attendance at one meeting)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from xiaoneng.core import timesource
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.inputs import choice
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.office.common import locked_row, subject
from xiaoneng.office.models.meetings import LEVEL_RANK, Invitation, Level, Meeting, MeetingLeave
from xiaoneng.org.authority import covers_department, has_perm
from xiaoneng.org.models import User
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

APPLY = "meeting.apply"
ATTEND = "meeting.attend"
APPROVE = "meeting.approve"
MANAGE = "meeting.manage"
LEADER = "leader.approve"
OFFICE_ROLE = "office"

SUBSTITUTE = "未经请假派人代会"
ABSENT = "未经请假缺席"


def missing() -> NotFound:
    return NotFound("会议不存在或无权查看", code="office_meeting_not_found")


def locked_meeting(actor: User, pk: Any, *, anywhere: bool = False) -> Meeting:
    """The meeting (locked) if the actor's scope covers its host (or `anywhere`)."""
    return locked_row(
        Meeting, pk, unit=lambda m: m.host_id, missing=missing, actor=actor, anywhere=anywhere
    )


def locked_invitation(actor: User, pk: Any) -> Invitation:
    """The invitation (locked) if the actor's scope covers the invited unit."""
    return locked_row(
        Invitation,
        pk,
        unit=lambda i: i.unit_id,
        missing=lambda: NotFound("参会通知不存在或无权查看", code="office_meeting_not_found"),
        actor=actor,
    )


def moment(value: Any, *, label: str) -> datetime:
    """A meeting's time: aware, or naive in Beijing time, or "YYYY-MM-DDTHH:MM"."""
    when = value
    if isinstance(value, str):
        try:
            when = datetime.fromisoformat(value.strip())
        except ValueError:
            when = None
    if not isinstance(when, datetime) or when.year < 2000 or when.year > 2100:
        raise InvalidInput(f"{label}不正确", code="office_meeting_time_invalid")
    if when.tzinfo is None:
        when = when.replace(tzinfo=timesource.SHANGHAI)
    return when


def level(value: Any) -> str:
    return choice(value, Level.values, code="office_meeting_level_invalid", label="参会人员层级")


def is_substitute(invitation: Invitation, attendee_id: int | None, attendee_level: str) -> bool:
    """Below the required level, or not the person named."""
    if invitation.required_person_id is not None:
        return attendee_id != invitation.required_person_id
    return LEVEL_RANK[attendee_level] < LEVEL_RANK[invitation.required_level]


def leave_approved(invitation: Invitation) -> bool:
    return MeetingLeave.objects.filter(invitation=invitation, approved=True).exists()


def is_clerk(user: Actor, meeting: Meeting) -> bool:
    """The host's clerk: meeting.apply within the host's place."""
    return has_perm(user, APPLY) and covers_department(user, meeting.host_id)


def unit_contacts(unit_ids: list[int]) -> dict[int, list[int]]:
    """unit id → its heads and its office staff (who receive a notice)."""
    contacts = {u: list(ids) for u, ids in department_heads(unit_ids).items()}
    offices = User.objects.filter(
        is_active=True,
        roles__code=OFFICE_ROLE,
        roles__active=True,
        department_id__in=unit_ids,
    ).values_list("pk", "department_id")
    for pk, unit in offices:
        contacts.setdefault(unit, []).append(pk)
    return contacts


def flag(invitation: Invitation, meeting: Meeting, kind: str, what: str) -> None:
    """The violation on the invitation and the finding for supervision (once)."""
    invitation.violation = what
    raise_subject_anomaly(
        subject=subject(
            "meeting",
            invitation.pk,
            f"{meeting.number} {meeting.title}（{invitation.unit.name}）",
            reverse("office:meeting", args=[meeting.pk]),
            invitation.unit_id,
        ),
        kind=kind,
        evidence={
            "meeting": meeting.number,
            "starts_at": meeting.starts_at,
            "required_level": invitation.get_required_level_display(),
            "attendee": invitation.attendee_name,
            "attendee_level": invitation.get_attendee_level_display(),
            "violation": what,
        },
        found_on=timesource.today(),
    )
