"""The scoped reads of meetings: the meetings a unit hosts or is invited
to, the approval queues (the leader in charge's, the mayor's, the
government office's), an invitation by its door token, and the attendance
statistics of a year per unit and per person."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import as_int
from xiaoneng.office.common import leader_in_charge
from xiaoneng.office.models.meetings import (
    AttendStatus,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingLeave,
    MeetingStatus,
)
from xiaoneng.org.authority import has_perm, scope_q

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

READ = (
    "meeting.apply",
    "meeting.attend",
    "meeting.approve",
    "meeting.manage",
    "leader.approve",
    "supervision.view",
    "supervision.manage",
)
S = MeetingStatus


def meetings_for(actor: Actor) -> QuerySet[Meeting]:
    """Meetings hosted by a unit in the actor's scope, or inviting one."""
    invited = Invitation.objects.filter(scope_q(actor, dept_field="unit"), meeting=OuterRef("pk"))
    return (
        Meeting.objects.filter(scope_q(actor, dept_field="host") | Q(Exists(invited)))
        .select_related("host")
        .order_by("-starts_at", "-id")
    )


def hosted_by(actor: Actor) -> QuerySet[Meeting]:
    return Meeting.objects.filter(scope_q(actor, dept_field="host")).select_related("host")


def invitations_for(actor: Actor) -> QuerySet[Invitation]:
    """The invitations received by the units in the actor's scope (notified or later)."""
    return (
        Invitation.objects.filter(scope_q(actor, dept_field="unit"))
        .exclude(meeting__status__in=[S.DRAFT, S.REVIEWING, S.APPROVING, S.APPROVED, S.REJECTED])
        .select_related("meeting", "meeting__host", "unit")
        .order_by("-meeting__starts_at", "-id")
    )


def meeting_for(actor: Actor, pk: Any) -> Meeting:
    row = meetings_for(actor).filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise NotFound("会议不存在或无权查看", code="office_meeting_not_found")
    return row


def invitations_of(actor: Actor, meeting: Meeting) -> list[Invitation]:
    """The invitations of a meeting the actor sees: all of them for the
    host's side (and city-wide readers), else its own units' only."""
    qs = meeting.invitations.select_related("unit", "required_person", "attendee")
    if not hosted_by(actor).filter(pk=meeting.pk).exists() and not has_perm(
        actor, "supervision.view"
    ):
        qs = qs.filter(scope_q(actor, dept_field="unit"))
    return list(qs.prefetch_related("leaves"))


def leaves_of(invitations: list[Invitation]) -> list[MeetingLeave]:
    return list(
        MeetingLeave.objects.filter(invitation__in=invitations)
        .select_related("invitation__unit", "requested_by", "decided_by")
        .order_by("-requested_at", "-id")
    )


def queue_for(actor: Actor) -> list[Meeting]:
    """What waits for the actor: the leader in charge's reviews, the mayor's
    approvals, the government office's 全市性会议 awaiting a decision."""
    rows: list[Meeting] = []
    if has_perm(actor, "leader.approve"):
        reviewing = meetings_for(actor).filter(status=S.REVIEWING)
        rows += [
            m
            for m in reviewing
            if (leader := leader_in_charge(m.host_id)) is not None and leader.pk == actor.pk
        ]
    if has_perm(actor, "meeting.approve"):
        rows += list(Meeting.objects.filter(status=S.APPROVING).select_related("host"))
    if has_perm(actor, "meeting.manage"):
        rows += list(
            meetings_for(actor).filter(
                kind=MeetingKind.GOVERNMENT, status__in=[S.REVIEWING, S.APPROVING]
            )
        )
    return sorted(dict.fromkeys(rows), key=lambda m: (m.starts_at, m.pk))


def invitation_by_token(token: Any) -> Invitation:
    """The invitation a door token opens (the token is the secret; the
    action decides who may sign)."""
    key = token if isinstance(token, str) and 16 <= len(token) <= 64 else ""
    row = (
        Invitation.objects.filter(sign_token=key).select_related("meeting", "unit").first()
        if key
        else None
    )
    if row is None:
        raise NotFound("签到码无效", code="office_meeting_sign_token_invalid")
    return row


# --- statistics -----------------------------------------------------------------------


@dataclass
class Tally:
    """One unit's (or one person's) attendance over a year's held meetings."""

    name: str
    unit: str = ""
    invitations: int = 0
    as_required: int = 0
    substitute_with_leave: int = 0
    substitute_without_leave: int = 0
    absent: int = 0
    meetings: set[int] = field(default_factory=set)

    def add(self, inv: Invitation, with_leave: bool) -> None:
        self.invitations += 1
        self.meetings.add(inv.meeting_id)
        if inv.status == AttendStatus.ABSENT:
            self.absent += 1
        elif inv.substitute:
            if with_leave:
                self.substitute_with_leave += 1
            else:
                self.substitute_without_leave += 1
        else:
            self.as_required += 1


def attendance(actor: Actor, year: int) -> dict[str, Any]:
    """A year's held meetings: per unit and per person (who came)."""
    invs = list(
        Invitation.objects.filter(
            scope_q(actor, dept_field="unit"),
            meeting__status=S.HELD,
            meeting__starts_at__year=year,
        )
        .select_related("unit")
        .order_by("unit__code", "id")
    )
    approved = set(
        MeetingLeave.objects.filter(invitation__in=invs, approved=True).values_list(
            "invitation_id", flat=True
        )
    )
    units: dict[int, Tally] = {}
    people: dict[tuple[int, str], Tally] = defaultdict(lambda: Tally(name=""))
    for inv in invs:
        unit = units.setdefault(inv.unit_id, Tally(name=inv.unit.name))
        unit.add(inv, inv.pk in approved)
        if inv.status == AttendStatus.SIGNED and inv.attendee_name:
            person = people[(inv.unit_id, inv.attendee_name)]
            person.name, person.unit = inv.attendee_name, inv.unit.name
            person.add(inv, inv.pk in approved)
    meetings = {i.meeting_id for i in invs}
    return {
        "year": year,
        "meetings": len(meetings),
        "units": list(units.values()),
        "people": sorted(people.values(), key=lambda p: (p.unit, p.name)),
    }
