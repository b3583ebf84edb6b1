"""The scoped reads of leave: a leader's own requests, the requests the
actor's data scope covers (a city leader's portfolio, the supervision
bureau and the mayor all), the ones awaiting the actor's decision and who
of the actor's units is away now."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import as_int
from xiaoneng.office.models.leave import LeaveRequest, LeaveStatus
from xiaoneng.org.authority import scope_q

AWAY = (LeaveStatus.APPROVED, LeaveStatus.REQUESTED)


def leaves_for(actor: Any) -> QuerySet[LeaveRequest]:
    """The actor's own requests and those of the units its scope covers."""
    own = Q(person_id=getattr(actor, "pk", None) or 0)
    return (
        LeaveRequest.objects.filter(own | scope_q(actor, dept_field="unit"))
        .select_related("person", "unit", "acting", "approver")
        .order_by("-starts_on", "-id")
    )


def leave_for(actor: Any, pk: Any) -> LeaveRequest:
    row = leaves_for(actor).filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise NotFound("请假申请不存在或无权查看", code="office_leave_not_found")
    return row


def my_leaves(actor: Any) -> QuerySet[LeaveRequest]:
    return leaves_for(actor).filter(person_id=getattr(actor, "pk", None) or 0)


def awaiting(actor: Any) -> QuerySet[LeaveRequest]:
    """The requests whose approver (the leader in charge when asked) is the actor."""
    return leaves_for(actor).filter(
        status=LeaveStatus.REQUESTED, approver_id=getattr(actor, "pk", None) or 0
    )


def away_now(actor: Any, today: date) -> QuerySet[LeaveRequest]:
    """离张报备情况: who of the actor's units is away today (approved, or
    gone before asking), and who is past the leave without reporting back."""
    gone = Q(status=LeaveStatus.APPROVED) | Q(status=LeaveStatus.REQUESTED, after_the_fact=True)
    return leaves_for(actor).filter(gone, starts_on__lte=today).order_by("starts_on", "id")
