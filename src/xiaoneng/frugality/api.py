"""The frugality API: `/api/v1/receptions`, `/vehicles`, `/trips` — the same
actions and selectors as the pages. Lists are scoped by the actor's data
scope; every write goes through an action that checks its permission."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.web.paging import api_window

from . import actions
from .models import PurchaseRequest, Reception, Trip, Vehicle
from .selectors import (
    reception_for,
    receptions_for,
    request_for,
    requests_for,
    trip_for,
    trips_for,
    vehicle_for,
    vehicles_for,
)

receptions_router = Router(tags=["公务接待"])
vehicles_router = Router(tags=["公务用车"])
trips_router = Router(tags=["因公出国（境）"])


class FrugalityDecisionIn(Schema):
    approve: bool
    note: str = ""


# --- receptions ----------------------------------------------------------------------


class ReceptionIn(Schema):
    sending_unit: str
    guest_level: str
    from_outside_city: bool = False
    guests: int
    purpose: str
    start_on: date
    end_on: date
    companions: int
    meals: int
    nights: int = 0
    planned_cost: Decimal
    letter_number: str = ""
    letter_date: date | None = None


class ReceptionActualsIn(Schema):
    actual_guests: int
    actual_companions: int
    actual_meals: int
    actual_nights: int = 0
    meal_cost: Decimal
    lodging_cost: Decimal = Decimal(0)
    other_cost: Decimal = Decimal(0)
    alcohol: bool
    alcohol_on: date | None = None
    checklist: str


class ReceptionOut(Schema):
    id: int
    number: str
    department: str
    sending_unit: str
    letter_number: str
    letter_date: date | None
    guest_level: str
    guest_level_label: str
    from_outside_city: bool
    guests: int
    companions: int
    meals: int
    nights: int
    purpose: str
    start_on: date
    end_on: date
    planned_cost: Decimal
    status: str
    status_label: str
    decided_on: date | None
    decision_note: str
    actual_guests: int | None
    actual_companions: int | None
    actual_meals: int | None
    actual_nights: int | None
    meal_cost: Decimal | None
    lodging_cost: Decimal | None
    other_cost: Decimal | None
    actual_cost: Decimal | None
    alcohol: bool | None
    alcohol_on: date | None
    checklist: str


def reception_out(r: Reception) -> dict[str, Any]:
    return {
        "id": r.pk,
        "number": r.number,
        "department": r.department.name,
        "sending_unit": r.sending_unit,
        "letter_number": r.letter_number,
        "letter_date": r.letter_date,
        "guest_level": r.guest_level,
        "guest_level_label": r.get_guest_level_display(),
        "from_outside_city": r.from_outside_city,
        "guests": r.guests,
        "companions": r.companions,
        "meals": r.meals,
        "nights": r.nights,
        "purpose": r.purpose,
        "start_on": r.start_on,
        "end_on": r.end_on,
        "planned_cost": r.planned_cost,
        "status": r.status,
        "status_label": r.get_status_display(),
        "decided_on": r.decided_on,
        "decision_note": r.decision_note,
        "actual_guests": r.actual_guests,
        "actual_companions": r.actual_companions,
        "actual_meals": r.actual_meals,
        "actual_nights": r.actual_nights,
        "meal_cost": r.meal_cost,
        "lodging_cost": r.lodging_cost,
        "other_cost": r.other_cost,
        "actual_cost": r.actual_cost,
        "alcohol": r.alcohol,
        "alcohol_on": r.alcohol_on,
        "checklist": r.checklist,
    }


@receptions_router.get("", response=list[ReceptionOut], summary="公务接待（本人范围内）")
def list_receptions(
    request: HttpRequest,
    status: str = "",
    year: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    qs = receptions_for(request.user)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(start_on__year=year)
    return [reception_out(r) for r in api_window(qs.order_by("-start_on", "-id"), limit, offset)]


@receptions_router.post("", response={201: ReceptionOut}, summary="登记公务接待")
def register_reception(request: HttpRequest, body: ReceptionIn) -> Status[dict[str, Any]]:
    row = actions.register_reception(actor=request.user, **body.model_dump())
    return Status(201, reception_out(reception_for(request.user, row.pk)))


@receptions_router.get("/{reception_id}", response=ReceptionOut, summary="公务接待详情")
def get_reception(request: HttpRequest, reception_id: int) -> dict[str, Any]:
    return reception_out(reception_for(request.user, reception_id))


@receptions_router.post(
    "/{reception_id}/approve", response=ReceptionOut, summary="审批公务接待（单位负责人）"
)
def approve_reception(
    request: HttpRequest, reception_id: int, body: FrugalityDecisionIn
) -> dict[str, Any]:
    actions.decide_reception(actor=request.user, reception_id=reception_id, **body.model_dump())
    return reception_out(reception_for(request.user, reception_id))


@receptions_router.post(
    "/{reception_id}/actuals", response=ReceptionOut, summary="登记公务接待实际情况"
)
def reception_actuals(
    request: HttpRequest, reception_id: int, body: ReceptionActualsIn
) -> dict[str, Any]:
    actions.record_reception_actuals(
        actor=request.user, reception_id=reception_id, **body.model_dump()
    )
    return reception_out(reception_for(request.user, reception_id))


# --- vehicles ------------------------------------------------------------------------


class PurchaseRequestIn(Schema):
    kind: str
    model_wanted: str
    quantity: int = 1
    budget: Decimal
    urgent: bool
    urgent_reason: str = ""


class PurchaseRequestOut(Schema):
    id: int
    number: str
    department: str
    kind: str
    model_wanted: str
    quantity: int
    budget: Decimal
    urgent_reason: str
    status: str
    status_label: str
    requested_on: date
    decided_on: date | None
    decision_note: str
    vehicles: list[str]


class VehicleIn(Schema):
    plate: str
    model_name: str
    kind: str
    origin: str
    acquired_on: date
    price: Decimal = Decimal(0)
    purchase_request_id: int | None = None
    document: str = ""
    odometer: int = 0


class VehicleUseIn(Schema):
    used_on: date
    driver: str
    purpose: str
    start_km: int
    end_km: int
    cost: Decimal = Decimal(0)


class VehicleUseOut(Schema):
    id: int
    used_on: date
    driver: str
    purpose: str
    start_km: int
    end_km: int
    distance: int
    cost: Decimal


class VehicleOut(Schema):
    id: int
    plate: str
    department: str
    model_name: str
    kind: str
    origin: str
    origin_label: str
    acquired_on: date
    price: Decimal
    purchase_request: str | None
    document: str
    odometer: int
    uses: list[VehicleUseOut]


def request_out(p: PurchaseRequest) -> dict[str, Any]:
    return {
        "id": p.pk,
        "number": p.number,
        "department": p.department.name,
        "kind": p.kind,
        "model_wanted": p.model_wanted,
        "quantity": p.quantity,
        "budget": p.budget,
        "urgent_reason": p.urgent_reason,
        "status": p.status,
        "status_label": p.get_status_display(),
        "requested_on": p.requested_on,
        "decided_on": p.decided_on,
        "decision_note": p.decision_note,
        "vehicles": [v.plate for v in p.vehicles.all()],
    }


def vehicle_out(v: Vehicle, *, uses: bool = True) -> dict[str, Any]:
    return {
        "id": v.pk,
        "plate": v.plate,
        "department": v.department.name,
        "model_name": v.model_name,
        "kind": v.kind,
        "origin": v.origin,
        "origin_label": v.get_origin_display(),
        "acquired_on": v.acquired_on,
        "price": v.price,
        "purchase_request": v.purchase_request.number if v.purchase_request else None,
        "document": v.document,
        "odometer": v.odometer,
        "uses": [
            {
                "id": u.pk,
                "used_on": u.used_on,
                "driver": u.driver,
                "purpose": u.purpose,
                "start_km": u.start_km,
                "end_km": u.end_km,
                "distance": u.distance,
                "cost": u.cost,
            }
            for u in (v.uses.order_by("-used_on", "-id")[:100] if uses else ())
        ],
    }


@vehicles_router.get("", response=list[VehicleOut], summary="公务用车台账（本人范围内）")
def list_vehicles(request: HttpRequest, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    qs = vehicles_for(request.user).select_related("purchase_request")
    return [vehicle_out(v, uses=False) for v in api_window(qs.order_by("plate"), limit, offset)]


@vehicles_router.post("", response={201: VehicleOut}, summary="登记车辆")
def register_vehicle(request: HttpRequest, body: VehicleIn) -> Status[dict[str, Any]]:
    row = actions.register_vehicle(actor=request.user, **body.model_dump())
    return Status(201, vehicle_out(vehicle_for(request.user, row.pk)))


@vehicles_router.get("/requests", response=list[PurchaseRequestOut], summary="购置申请")
def list_requests(
    request: HttpRequest, status: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = requests_for(request.user)
    if status:
        qs = qs.filter(status=status)
    return [request_out(p) for p in api_window(qs.order_by("-id"), limit, offset)]


@vehicles_router.post(
    "/requests", response={201: PurchaseRequestOut}, summary="申请购置公务用车（特别急需）"
)
def create_request(request: HttpRequest, body: PurchaseRequestIn) -> Status[dict[str, Any]]:
    row = actions.request_vehicle_purchase(actor=request.user, **body.model_dump())
    return Status(201, request_out(request_for(request.user, row.pk)))


@vehicles_router.get("/requests/{request_id}", response=PurchaseRequestOut, summary="购置申请详情")
def get_request(request: HttpRequest, request_id: int) -> dict[str, Any]:
    return request_out(request_for(request.user, request_id))


@vehicles_router.post(
    "/requests/{request_id}/approve",
    response=PurchaseRequestOut,
    summary="审批购置申请（市分管领导）",
)
def approve_request(
    request: HttpRequest, request_id: int, body: FrugalityDecisionIn
) -> dict[str, Any]:
    actions.decide_vehicle_purchase(actor=request.user, request_id=request_id, **body.model_dump())
    return request_out(request_for(request.user, request_id))


@vehicles_router.get("/{vehicle_id}", response=VehicleOut, summary="车辆详情与用车登记")
def get_vehicle(request: HttpRequest, vehicle_id: int) -> dict[str, Any]:
    return vehicle_out(vehicle_for(request.user, vehicle_id))


@vehicles_router.post("/{vehicle_id}/uses", response={201: VehicleOut}, summary="登记用车")
def log_use(request: HttpRequest, vehicle_id: int, body: VehicleUseIn) -> Status[dict[str, Any]]:
    actions.log_vehicle_use(actor=request.user, vehicle_id=vehicle_id, **body.model_dump())
    return Status(201, vehicle_out(vehicle_for(request.user, vehicle_id)))


# --- trips ---------------------------------------------------------------------------


class TripPersonIn(Schema):
    name: str
    post: str = ""
    business: str = ""


class TripIn(Schema):
    purpose: str
    destination: str
    start_on: date
    end_on: date
    budget: Decimal
    persons: list[TripPersonIn]


class TripActualsIn(Schema):
    actual_cost: Decimal
    report: str = ""


class TripOut(Schema):
    id: int
    number: str
    department: str
    purpose: str
    destination: str
    start_on: date
    end_on: date
    budget: Decimal
    persons: list[TripPersonIn]
    status: str
    status_label: str
    decided_on: date | None
    decision_note: str
    actual_cost: Decimal | None
    report: str


def trip_out(t: Trip) -> dict[str, Any]:
    return {
        "id": t.pk,
        "number": t.number,
        "department": t.department.name,
        "purpose": t.purpose,
        "destination": t.destination,
        "start_on": t.start_on,
        "end_on": t.end_on,
        "budget": t.budget,
        "persons": [
            {"name": p.name, "post": p.post, "business": p.business} for p in t.persons.all()
        ],
        "status": t.status,
        "status_label": t.get_status_display(),
        "decided_on": t.decided_on,
        "decision_note": t.decision_note,
        "actual_cost": t.actual_cost,
        "report": t.report,
    }


@trips_router.get("", response=list[TripOut], summary="因公出国（境）申请（本人范围内）")
def list_trips(
    request: HttpRequest, status: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = trips_for(request.user)
    if status:
        qs = qs.filter(status=status)
    return [trip_out(t) for t in api_window(qs.order_by("-start_on", "-id"), limit, offset)]


@trips_router.post("", response={201: TripOut}, summary="申请因公出国（境）")
def create_trip(request: HttpRequest, body: TripIn) -> Status[dict[str, Any]]:
    row = actions.request_trip(actor=request.user, **body.model_dump())
    return Status(201, trip_out(trip_for(request.user, row.pk)))


@trips_router.get("/{trip_id}", response=TripOut, summary="出访申请详情")
def get_trip(request: HttpRequest, trip_id: int) -> dict[str, Any]:
    return trip_out(trip_for(request.user, trip_id))


@trips_router.post("/{trip_id}/approve", response=TripOut, summary="审批出访（市分管领导）")
def approve_trip(request: HttpRequest, trip_id: int, body: FrugalityDecisionIn) -> dict[str, Any]:
    actions.decide_trip(actor=request.user, trip_id=trip_id, **body.model_dump())
    return trip_out(trip_for(request.user, trip_id))


@trips_router.post("/{trip_id}/actuals", response=TripOut, summary="登记出访实际情况")
def trip_actuals(request: HttpRequest, trip_id: int, body: TripActualsIn) -> dict[str, Any]:
    actions.record_trip_actuals(actor=request.user, trip_id=trip_id, **body.model_dump())
    return trip_out(trip_for(request.user, trip_id))
