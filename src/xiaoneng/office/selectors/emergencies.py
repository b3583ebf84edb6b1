"""The scoped reads of emergencies: the supervision bureau (and whoever
holds `supervision.view`) reads all; the duty room and the competent
department read those of the units in their data scope; a responder reads
the events they were called to. Each responder's arrival with its light."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures.office import minutes_between
from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import as_int
from xiaoneng.office.models.emergencies import Emergency, EmergencyStatus, Responder
from xiaoneng.org.authority import has_perm, scope_q

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

LIGHT_CSS = {"green": "xn-tag-success", "yellow": "xn-tag-warning", "red": "xn-tag-danger"}
LIGHT_LABEL = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
READ = ("supervision.view", "emergency.register", "emergency.respond", "emergency.review")


def emergencies_for(actor: Actor) -> QuerySet[Emergency]:
    if has_perm(actor, "supervision.view"):
        qs = Emergency.objects.all()
    elif not any(has_perm(actor, p) for p in READ):
        return Emergency.objects.none()
    else:
        mine = Responder.objects.filter(user_id=getattr(actor, "pk", None) or 0).values(
            "emergency_id"
        )
        qs = Emergency.objects.filter(scope_q(actor) | Q(pk__in=mine))
    return qs.select_related("department")


def emergency_for(actor: Actor, pk: Any) -> Emergency:
    row = (
        emergencies_for(actor)
        .select_related("registered_by", "closed_by", "reviewed_by")
        .filter(pk=as_int(pk) or 0)
        .first()
    )
    if row is None:
        raise NotFound("突发事件不存在或无权查看", code="office_emergency_not_found")
    return row


@dataclass(frozen=True, slots=True)
class Arrival:
    """One responder's row of the arrival table, with its light."""

    responder: Responder
    level: str  # green / yellow / red
    text: str
    waited: int | None  # minutes since the notice, while not arrived

    @property
    def css(self) -> str:
        return LIGHT_CSS[self.level]

    @property
    def label(self) -> str:
        return LIGHT_LABEL[self.level]


def arrival_of(responder: Responder, target: int, status: str, now: datetime) -> Arrival:
    if responder.arrived_at is not None:
        if responder.late:
            over = (responder.minutes or 0) - target
            return Arrival(
                responder,
                "red",
                f"未按时到场：用时 {responder.minutes} 分钟，超时 {over} 分钟",
                None,
            )
        return Arrival(responder, "green", f"{responder.minutes} 分钟到场", None)
    if status != EmergencyStatus.RESPONDING:
        return Arrival(responder, "red", "未签到", None)
    waited = minutes_between(responder.notified_at, now)
    if waited > target:
        return Arrival(responder, "red", f"已超时（{waited} 分钟）未到场", waited)
    return Arrival(responder, "yellow", f"赶赴中，剩余 {target - waited} 分钟", waited)


def arrivals(row: Emergency) -> list[Arrival]:
    now = timesource.now()
    return [
        arrival_of(r, row.arrival_minutes, row.status, now)
        for r in row.responders.select_related("user", "user__department")
    ]


def actions_of(row: Emergency) -> list[Any]:
    return list(row.actions.select_related("by"))


def awaiting_checkin(actor: Actor) -> QuerySet[Responder]:
    """The actor's calls still to answer (responding events, not arrived)."""
    return Responder.objects.filter(
        user_id=getattr(actor, "pk", None) or 0,
        arrived_at__isnull=True,
        emergency__status=EmergencyStatus.RESPONDING,
    ).select_related("emergency")


def own_responder(actor: Actor, row: Emergency) -> Responder | None:
    return row.responders.filter(user_id=getattr(actor, "pk", None) or 0).first()
