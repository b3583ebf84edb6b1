"""Overseas trips (因公出国（境）): a request lists every person with their
official business (公务内容) — a person without it is refused, the whole
request with them ("年内一律不安排与公务无关人员出国考察"); the city leader in
charge of the unit approves; the cost is recorded after."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.frugality.models import Status, Trip, TripPerson
from xiaoneng.frugality.selectors import APPROVE_CITY, REGISTER
from xiaoneng.org.authority import require

from .common import decide, locked, money, not_self, number, own_unit, period, text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MAX_PERSONS = 30


def _missing() -> NotFound:
    return NotFound("出访申请不存在或无权查看", code="trip_not_found")


def _persons(persons: Any) -> list[dict[str, str]]:
    people = list(persons or ())
    if not people:
        raise InvalidInput("请填写出访人员", code="trip_persons_required")
    if len(people) > MAX_PERSONS:
        raise InvalidInput(f"出访人员不超过 {MAX_PERSONS} 人", code="trip_persons_invalid")
    cleaned = []
    for p in people:
        get = p.get if isinstance(p, dict) else (lambda k, _p=p: getattr(_p, k, ""))
        name = str(get("name") or "").strip()[:50]
        if not name:
            raise InvalidInput("请填写出访人员姓名", code="trip_persons_invalid")
        business = str(get("business") or "").strip()
        if not business:
            raise InvalidInput(
                f"{name} 没有公务内容：与公务无关的人员一律不得安排出国（境）",
                code="trip_person_without_business",
                detail={"name": name},
            )
        cleaned.append(
            {
                "name": name,
                "post": str(get("post") or "").strip()[:100],
                "business": business[:2000],
            }
        )
    return cleaned


@transaction.atomic(durable=True)
def request_trip(
    *,
    actor: Actor,
    purpose: str,
    destination: str,
    start_on: date,
    end_on: date,
    budget: Any,
    persons: Any,
    department_id: Any = None,
) -> Trip:
    """出访申请: purpose, destination, dates, each person's official business."""
    user = require(actor, REGISTER)
    unit = own_unit(user, department_id)
    task = text(purpose, code="trip_purpose_required", message="请填写出访任务")
    where = text(
        destination, code="trip_destination_required", message="请填写出访国家（地区）", limit=200
    )
    start, end = period(start_on, end_on, code="trip_dates_invalid")
    amount = money(budget, code="trip_cost_invalid", label="预算")
    people = _persons(persons)
    row = Trip.objects.create(
        number=uuid.uuid4().hex[:32],
        department=unit,
        purpose=task,
        destination=where,
        start_on=start,
        end_on=end,
        budget=amount,
        requested_by=user,
        requested_on=timesource.today(),
    )
    row.number = number("CF", row.pk)
    row.save(update_fields=["number"])
    TripPerson.objects.bulk_create(TripPerson(trip=row, **p) for p in people)
    record_event(
        actor=user,
        event_type="frugality.trip_requested",
        object_type="trip",
        object_id=row.number,
        payload={
            "department": unit.code,
            "destination": where,
            "dates": [start, end],
            "persons": [p["name"] for p in people],
        },
    )
    return row


@transaction.atomic(durable=True)
def decide_trip(*, actor: Actor, trip_id: Any, approve: bool, note: str = "") -> Trip:
    """市分管领导审批: a unit in his portfolio, before departure, never his own request."""
    user, row = locked(actor, Trip, trip_id, APPROVE_CITY, _missing())
    not_self(user, row.requested_by_id, code="trip_self_approval")
    if row.status != Status.PENDING:
        raise Conflict("该申请已审批", code="trip_not_pending")
    today = timesource.today()
    if today > row.start_on:
        raise Conflict("已过出发日期，不能事后审批", code="trip_approval_late")
    decide(user, row, approve=approve, note=note, what="trip")
    return row


@transaction.atomic(durable=True)
def record_trip_actuals(*, actor: Actor, trip_id: Any, actual_cost: Any, report: str = "") -> Trip:
    """出访实际情况: the cost (and the report), once the trip has begun."""
    user, row = locked(actor, Trip, trip_id, REGISTER, _missing())
    if row.status == Status.DONE:
        raise Conflict("已登记实际情况", code="trip_actuals_recorded")
    if row.status != Status.APPROVED:
        raise Conflict("出访尚未批准", code="trip_not_approved")
    today = timesource.today()
    if today < row.start_on:
        raise Conflict("尚未出发", code="trip_not_started")
    row.actual_cost = money(actual_cost, code="trip_cost_invalid", label="实际费用")
    row.report = (report or "").strip()[:4000]
    row.actuals_on = today
    row.status = Status.DONE
    row.save(update_fields=["actual_cost", "report", "actuals_on", "status"])
    record_event(
        actor=user,
        event_type="frugality.trip_actuals",
        object_type="trip",
        object_id=row.number,
        payload={"actual_cost": str(row.actual_cost)},
    )
    return row
