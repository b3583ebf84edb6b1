"""Reads of disclosure requests, always through the actor's authority; the
requester's look-up by tracking number and query code."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import F, QuerySet

from xiaoneng.core.text import query_digest
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.authority import has_perm, scope_q
from xiaoneng.system.params import get_param

from . import clock
from .models import DisclosureEvent, DisclosureRequest
from .vocabulary import request_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

# Requests carry the requester's identity: only those who handle them read
# them (within their data scope), not everyone whose scope covers the department.
READ_PERMISSIONS = ("disclosure.handle", "disclosure.extend.approve")


def requests_for_actor(actor: Actor) -> QuerySet[DisclosureRequest]:
    if not any(has_perm(actor, p) for p in READ_PERMISSIONS):
        return DisclosureRequest.objects.none()
    return DisclosureRequest.objects.filter(scope_q(actor, dept_field="department")).select_related(
        "department"
    )


def request_for_actor(actor: Actor, request_id: int) -> DisclosureRequest:
    row = requests_for_actor(actor).filter(pk=request_id).first()
    if row is None:
        raise request_not_found()
    return row


def request_by_query_code(tracking_no: str, query_code: str) -> DisclosureRequest:
    """The requester's look-up: both must match; a wrong pair is not_found."""
    row = (
        DisclosureRequest.objects.select_related("department")
        .filter(
            tracking_no=(tracking_no or "").strip(),
            query_digest=query_digest(query_code),
        )
        .first()
    )
    if row is None:
        raise request_not_found("申请编号或查询码不正确")
    return row


def by_urgency(qs: QuerySet[DisclosureRequest]) -> QuerySet[DisclosureRequest]:
    """Open first, the earliest answer due first; requests without a due date last."""
    return qs.order_by("-is_open", F("due_on").asc(nulls_last=True), "id")


def clock_events(events: list[DisclosureEvent]) -> list[clock.Event]:
    return [clock.Event(clock.EventKind(e.kind), e.on, e.days) for e in events]


def rules() -> clock.Rules:
    return clock.Rules(
        correction_days=get_param("disclosure.correction_days"),
        warning_days=get_param("disclosure.warning_days"),
    )


def state_of(
    row: DisclosureRequest, today: date, calendar: WorkCalendar, rules_: clock.Rules | None = None
) -> clock.State | None:
    """The clock state of a request as of today (None before receipt is confirmed)."""
    events = sorted(row.events.all(), key=lambda e: e.seq)
    if not events:
        return None
    last = events[-1].on
    return clock.compute(clock_events(events), calendar, rules_ or rules(), max(today, last))
