"""Official vehicles (公务用车): purchase requests only for urgent needs
(特别急需) with their reason, approved by the city leader in charge of the
unit; the fleet register; use logs with an odometer that never goes back.

The rule on new vehicles, enforced twice:
- `register_vehicle` with origin 新购 needs an approved purchase request of
  the same unit with a vehicle left on it: otherwise refused
  (`vehicle_request_required`).
- A vehicle entered without a request as 原有车辆补录 whose acquisition day is
  within `frugality.vehicle_legacy_days` (365) days before its registration
  is a new purchase under another name: recorded (the register must show
  the fleet as it is) and flagged to supervision as `vehicle_unapproved`,
  with the facts compared. A 调剂划转 (transfer between units, no purchase)
  needs its transfer document."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.frugality import params
from xiaoneng.frugality.models import (
    PurchaseRequest,
    Status,
    Vehicle,
    VehicleKind,
    VehicleOrigin,
    VehicleUse,
)
from xiaoneng.frugality.selectors import APPROVE_CITY, REGISTER
from xiaoneng.org.authority import require
from xiaoneng.org.models import Department
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly
from xiaoneng.system.params import get_param

from .common import a_date, count, decide, locked, money, not_self, number, own_unit, subject, text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


KM_MAX = 2_000_000  # an odometer's reading, km


def _request_missing() -> NotFound:
    return NotFound("购车申请不存在或无权查看", code="vehicle_request_not_found")


def _vehicle_missing() -> NotFound:
    return NotFound("车辆不存在或无权查看", code="vehicle_not_found")


def _kind(value: str) -> str:
    if value not in VehicleKind.values:
        raise InvalidInput("车辆类型不正确", code="vehicle_kind_invalid")
    return value


@transaction.atomic(durable=True)
def request_vehicle_purchase(
    *,
    actor: Actor,
    kind: str,
    model_wanted: str,
    budget: Any,
    urgent: bool,
    urgent_reason: str,
    quantity: Any = 1,
    department_id: Any = None,
) -> PurchaseRequest:
    """购置申请: only for an urgent need, with its reason; otherwise refused."""
    user = require(actor, REGISTER)
    unit = own_unit(user, department_id)
    reason = (urgent_reason or "").strip()
    if not urgent or not reason:
        raise InvalidInput(
            "除特别急需外一律不得购买新增公务用车：请说明特别急需的理由",
            code="vehicle_not_urgent",
        )
    row = PurchaseRequest.objects.create(
        number=uuid.uuid4().hex[:32],
        department=unit,
        kind=_kind(kind),
        model_wanted=text(
            model_wanted, code="vehicle_model_required", message="请填写车型", limit=100
        ),
        quantity=count(
            quantity, code="vehicle_quantity_invalid", label="数量", minimum=1, maximum=20
        ),
        budget=money(budget, code="vehicle_budget_invalid", label="预算金额"),
        urgent_reason=reason[:4000],
        requested_by=user,
        requested_on=timesource.today(),
    )
    row.number = number("GC", row.pk)
    row.save(update_fields=["number"])
    record_event(
        actor=user,
        event_type="frugality.vehicle_requested",
        object_type="vehicle_request",
        object_id=row.number,
        payload={"department": unit.code, "quantity": row.quantity, "budget": str(row.budget)},
    )
    return row


@transaction.atomic(durable=True)
def decide_vehicle_purchase(
    *, actor: Actor, request_id: Any, approve: bool, note: str = ""
) -> PurchaseRequest:
    """市分管领导审批: a unit in his portfolio, never his own request."""
    user, row = locked(actor, PurchaseRequest, request_id, APPROVE_CITY, _request_missing())
    not_self(user, row.requested_by_id, code="vehicle_self_approval")
    if row.status != Status.PENDING:
        raise Conflict("该申请已审批", code="vehicle_request_not_pending")
    decide(user, row, approve=approve, note=note, what="vehicle_request")
    return row


def _plate(value: str) -> str:
    plate = "".join((value or "").split()).upper()
    if not 5 <= len(plate) <= 16:
        raise InvalidInput("车牌号不正确", code="vehicle_plate_invalid")
    return plate


def _covering_request(
    unit: Department, origin: str, request_id: Any, acquired: date, note: str
) -> PurchaseRequest | None:
    """新购: the unit's approved request with a vehicle left on it, locked; 调剂划转
    and 补录: their document or note."""
    if origin != VehicleOrigin.PURCHASE:
        if not note:
            raise InvalidInput(
                "调剂划转请填写调剂文件，补录请说明车辆来历", code="vehicle_document_required"
            )
        return None
    request = (
        PurchaseRequest.objects.select_for_update()
        .filter(pk=as_int(request_id) or 0, department=unit)
        .first()
    )
    if (
        request is None
        or request.status != Status.APPROVED
        or request.vehicles.count() >= request.quantity
        or (request.decided_on is not None and acquired < request.decided_on)
    ):
        raise Conflict(
            "新购公务用车须有本单位经批准的购置申请（且未用完批准数量，取得日期不早于批准日期）",
            code="vehicle_request_required",
            detail={"purchase_request": request_id},
        )
    return request


def _flag_recent_legacy(row: Vehicle, today: date) -> None:
    """A 补录 acquired within the window before its registration: a new purchase
    without approval under another name."""
    window = get_param(params.LEGACY_DAYS)
    age = (today - row.acquired_on).days
    if age > window:
        return
    raise_subject_anomaly(
        subject=subject(
            "vehicle", row, f"公务用车 {row.plate}（{row.model_name}）", "frugality:vehicle"
        ),
        kind="vehicle_unapproved",
        evidence={
            "plate": row.plate,
            "origin": row.get_origin_display(),
            "acquired_on": row.acquired_on.isoformat(),
            "registered_on": today.isoformat(),
            "days_before_registration": age,
            "legacy_window_days": window,
            "purchase_request": None,
        },
        found_on=today,
    )


@transaction.atomic(durable=True)
def register_vehicle(
    *,
    actor: Actor,
    plate: str,
    model_name: str,
    kind: str,
    origin: str,
    acquired_on: date,
    price: Any = 0,
    purchase_request_id: Any = None,
    document: str = "",
    odometer: Any = 0,
    department_id: Any = None,
) -> Vehicle:
    """登记车辆 in the fleet register (see the module's rule on new vehicles)."""
    user = require(actor, REGISTER)
    unit = own_unit(user, department_id)
    number_plate = _plate(plate)
    if origin not in VehicleOrigin.values:
        raise InvalidInput("车辆来源不正确", code="vehicle_origin_invalid")
    today = timesource.today()
    acquired = a_date(acquired_on, code="vehicle_acquired_invalid", label="取得日期")
    if acquired > today:
        raise InvalidInput("取得日期不能晚于今天", code="vehicle_acquired_invalid")
    cost = money(price, code="vehicle_price_invalid", label="购置价格")
    note = (document or "").strip()[:200]
    request = _covering_request(unit, origin, purchase_request_id, acquired, note)
    fields = {
        "model_name": text(
            model_name, code="vehicle_model_required", message="请填写车型", limit=100
        ),
        "kind": _kind(kind),
        "odometer": count(
            odometer, code="vehicle_odometer_invalid", label="里程", maximum=2_000_000
        ),
    }
    try:  # the plate's uniqueness is the database's: two registrations at once, one wins
        with transaction.atomic():
            row = Vehicle.objects.create(
                department=unit,
                plate=number_plate,
                origin=origin,
                acquired_on=acquired,
                price=cost,
                purchase_request=request,
                document=note,
                registered_by=user,
                registered_on=today,
                **fields,
            )
    except IntegrityError:
        raise Conflict("该车牌号已登记", code="vehicle_plate_exists") from None
    record_event(
        actor=user,
        event_type="frugality.vehicle_registered",
        object_type="vehicle",
        object_id=row.plate,
        payload={
            "department": unit.code,
            "origin": origin,
            "acquired_on": acquired,
            "purchase_request": request.number if request else "",
        },
    )
    if origin == VehicleOrigin.LEGACY:
        _flag_recent_legacy(row, today)
    return row


@transaction.atomic(durable=True)
def log_vehicle_use(
    *,
    actor: Actor,
    vehicle_id: Any,
    used_on: date,
    driver: str,
    purpose: str,
    start_km: Any,
    end_km: Any,
    cost: Any = 0,
) -> VehicleUse:
    """用车登记: the odometer starts where the last trip ended or later, never before."""
    user, vehicle = locked(actor, Vehicle, vehicle_id, REGISTER, _vehicle_missing())
    day = a_date(used_on, code="vehicle_use_date_invalid", label="用车日期")
    if day > timesource.today() or day < vehicle.acquired_on:
        raise InvalidInput("用车日期不正确", code="vehicle_use_date_invalid")
    last = vehicle.uses.order_by("-used_on", "-id").values_list("used_on", flat=True).first()
    if last is not None and day < last:
        raise Conflict(
            "用车日期早于上一次登记，请按时间顺序登记",
            code="vehicle_use_out_of_order",
            detail={"last_used_on": last.isoformat()},
        )
    start = count(start_km, code="vehicle_odometer_invalid", label="出车里程", maximum=KM_MAX)
    end = count(end_km, code="vehicle_odometer_invalid", label="回车里程", maximum=KM_MAX)
    if start < vehicle.odometer or end < start:
        raise Conflict(
            "里程表读数不能倒退",
            code="vehicle_odometer_backwards",
            detail={"odometer": vehicle.odometer, "start_km": start, "end_km": end},
        )
    row = VehicleUse.objects.create(
        vehicle=vehicle,
        used_on=day,
        driver=text(driver, code="vehicle_driver_required", message="请填写驾驶员", limit=50),
        purpose=text(purpose, code="vehicle_purpose_required", message="请填写用车事由", limit=300),
        start_km=start,
        end_km=end,
        distance=end - start,
        cost=money(cost, code="vehicle_cost_invalid", label="运行费用"),
        recorded_by=user,
    )
    vehicle.odometer = end
    vehicle.save(update_fields=["odometer"])
    record_event(
        actor=user,
        event_type="frugality.vehicle_used",
        object_type="vehicle",
        object_id=vehicle.plate,
        payload={"used_on": day, "start_km": start, "end_km": end, "cost": str(row.cost)},
    )
    return row
