"""Official receptions (公务接待): registered by the unit with the sending
unit's letter, approved before by the unit's head (never the registrant),
actuals recorded after. Findings go to supervision in the same transaction:
no letter (`reception_no_letter`, at registration), over the standards
(`reception_over_standard`) and alcohol on a working day when the guests are
neither a superior agency nor from outside the city (`reception_alcohol`),
at the actuals."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import uploads
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.frugality.models import GuestLevel, LetterScan, Reception, Status
from xiaoneng.frugality.selectors import APPROVE, REGISTER, standards
from xiaoneng.frugality.standards import companions_max, excesses, plan_ceiling
from xiaoneng.org.authority import require
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly

from .common import (
    a_date,
    count,
    decide,
    locked,
    money,
    not_self,
    number,
    own_unit,
    period,
    subject,
    text,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

EXEMPT_LEVELS = (GuestLevel.SUPERIOR,)


def _missing() -> NotFound:
    return NotFound("公务接待不存在或无权查看", code="reception_not_found")


def _subject_of(row: Reception) -> Any:
    return subject(
        "reception",
        row,
        f"公务接待 {row.number}（{row.sending_unit}，{row.guests}人）",
        "frugality:reception",
    )


def alcohol_allowed(row: Reception, on: date) -> bool:
    """工作日禁酒: allowed on a day off, or when receiving a superior agency or guests
    from outside the city (recorded on the registration)."""
    return (
        row.guest_level in EXEMPT_LEVELS
        or row.from_outside_city
        or not current_calendar().is_workday(on)
    )


def _within_standards(guests: int, companions: int, meals: int, nights: int, cost: Any) -> None:
    """The plan itself keeps to the standards: companions and the planned cost."""
    s = standards()
    allowed = companions_max(guests, s)
    if companions > allowed:
        raise InvalidInput(
            f"陪餐人数超过规定（接待对象 {guests} 人，陪餐不得超过 {allowed} 人）",
            code="reception_companions_over",
            detail={"guests": guests, "companions": companions, "max": allowed},
        )
    ceiling = plan_ceiling(guests, companions, meals, nights, s)
    if cost > ceiling:
        raise InvalidInput(
            f"预计费用 {cost} 元超过接待标准（上限 {ceiling} 元）",
            code="reception_plan_over_standard",
            detail={"planned_cost": str(cost), "max": str(ceiling)},
        )


def _letter(number: str, day: Any, scan: Any) -> tuple[str, date | None, Any]:
    """The letter's number, its date (required with a number) and its checked scan."""
    letter = (number or "").strip()[:100]
    letter_day = None
    if letter:
        letter_day = a_date(day, code="reception_letter_date_invalid", label="公函日期")
        if letter_day > timesource.today():
            raise InvalidInput("公函日期不能晚于今天", code="reception_letter_date_invalid")
    checked = uploads.check_file(scan) if scan else None
    if checked is not None and not letter:
        raise InvalidInput(
            "上传公函扫描件时请填写公函文号", code="reception_letter_number_required"
        )
    return letter, letter_day, checked


def _flag_no_letter(row: Reception, today: date) -> None:
    raise_subject_anomaly(
        subject=_subject_of(row),
        kind="reception_no_letter",
        evidence={
            "sending_unit": row.sending_unit,
            "letter_number": "",
            "registered_on": today.isoformat(),
            "rule": "无公函的公务活动和来访人员一律不予接待",
        },
        found_on=today,
    )


def _flag_actuals(row: Reception, today: date) -> None:
    """What the actuals break: the standards, the working-day alcohol ban."""
    found = excesses(
        guests=row.actual_guests or 0,
        companions=row.actual_companions or 0,
        meals=row.actual_meals or 0,
        nights=row.actual_nights or 0,
        meal_cost=row.meal_cost or Decimal(0),
        lodging_cost=row.lodging_cost or Decimal(0),
        s=standards(),
    )
    if found:
        raise_subject_anomaly(
            subject=_subject_of(row), kind="reception_over_standard", evidence=found, found_on=today
        )
    drink_day = row.alcohol_on
    if row.alcohol and drink_day is not None and not alcohol_allowed(row, drink_day):
        raise_subject_anomaly(
            subject=_subject_of(row),
            kind="reception_alcohol",
            evidence={
                "alcohol_on": drink_day.isoformat(),
                "working_day": True,
                "day_name": current_calendar().day_name(drink_day),
                "guest_level": row.get_guest_level_display(),
                "from_outside_city": row.from_outside_city,
                "rule": "除接待上级机关和市外客人外，实行工作日禁酒令",
            },
            found_on=today,
        )


@transaction.atomic(durable=True)
def register_reception(
    *,
    actor: Actor,
    sending_unit: str,
    guest_level: str,
    guests: Any,
    purpose: str,
    start_on: date,
    end_on: date,
    companions: Any,
    meals: Any,
    planned_cost: Any,
    nights: Any = 0,
    from_outside_city: bool = False,
    letter_number: str = "",
    letter_date: date | None = None,
    letter_scan: Any = None,
    department_id: Any = None,
) -> Reception:
    """登记公务接待 (before it happens). Companions and the planned cost must be
    within the standards; a reception without a letter is recorded and flagged."""
    user = require(actor, REGISTER)
    unit = own_unit(user, department_id)
    sender = text(
        sending_unit, code="reception_sender_required", message="请填写派出单位", limit=200
    )
    what = text(purpose, code="reception_purpose_required", message="请填写公务活动内容")
    if guest_level not in GuestLevel.values:
        raise InvalidInput("来宾类别不正确", code="reception_guest_level_invalid")
    start, end = period(start_on, end_on, code="reception_dates_invalid")
    n_guests = count(guests, code="reception_guests_invalid", label="接待对象人数", minimum=1)
    n_comp = count(companions, code="reception_companions_invalid", label="陪餐人数")
    n_meals = count(meals, code="reception_meals_invalid", label="用餐次数", maximum=100)
    n_nights = count(nights, code="reception_nights_invalid", label="住宿晚数", maximum=100)
    cost = money(planned_cost, code="reception_cost_invalid", label="预计费用")
    _within_standards(n_guests, n_comp, n_meals, n_nights, cost)
    letter, letter_day, checked = _letter(letter_number, letter_date, letter_scan)
    today = timesource.today()
    row = Reception.objects.create(
        number=uuid.uuid4().hex[:32],
        department=unit,
        sending_unit=sender,
        letter_number=letter,
        letter_date=letter_day,
        guest_level=guest_level,
        from_outside_city=bool(from_outside_city),
        guests=n_guests,
        purpose=what,
        start_on=start,
        end_on=end,
        companions=n_comp,
        meals=n_meals,
        nights=n_nights,
        planned_cost=cost,
        registered_by=user,
        registered_on=today,
    )
    row.number = number("JD", row.pk)
    row.save(update_fields=["number"])
    if checked is not None:
        uploads.store_checked(
            LetterScan, [checked], f"frugality/receptions/{row.pk}", reception=row, uploaded_by=user
        )
    record_event(
        actor=user,
        event_type="frugality.reception_registered",
        object_type="reception",
        object_id=row.number,
        payload={
            "department": unit.code,
            "guests": n_guests,
            "companions": n_comp,
            "planned_cost": str(cost),
            "letter": letter,
            "dates": [start, end],
        },
    )
    if not letter:
        _flag_no_letter(row, today)
    return row


@transaction.atomic(durable=True)
def decide_reception(
    *, actor: Actor, reception_id: Any, approve: bool, note: str = ""
) -> Reception:
    """单位负责人审批 (before the reception): never the registrant's own."""
    user, row = locked(actor, Reception, reception_id, APPROVE, _missing())
    not_self(user, row.registered_by_id, code="reception_self_approval")
    if row.status != Status.PENDING:
        raise Conflict("该接待已审批", code="reception_not_pending")
    today = timesource.today()
    if today > row.start_on:
        raise Conflict(
            "接待已开始，不能事后审批",
            code="reception_approval_late",
            detail={"start_on": row.start_on.isoformat()},
        )
    decide(user, row, approve=approve, note=note, what="reception")
    return row


@transaction.atomic(durable=True)
def record_reception_actuals(
    *,
    actor: Actor,
    reception_id: Any,
    actual_guests: Any,
    actual_companions: Any,
    actual_meals: Any,
    meal_cost: Any,
    checklist: str,
    alcohol: bool,
    alcohol_on: date | None = None,
    actual_nights: Any = 0,
    lodging_cost: Any = 0,
    other_cost: Any = 0,
) -> Reception:
    """登记实际情况 (after): the facts as they were, compared with the standards."""
    user, row = locked(actor, Reception, reception_id, REGISTER, _missing())
    if row.status == Status.DONE:
        raise Conflict("已登记实际情况", code="reception_actuals_recorded")
    if row.status != Status.APPROVED:
        raise Conflict("接待尚未批准", code="reception_not_approved")
    today = timesource.today()
    if today < row.start_on:
        raise Conflict("接待尚未开始", code="reception_not_started")
    guests = count(actual_guests, code="reception_guests_invalid", label="实际接待人数", minimum=1)
    companions = count(actual_companions, code="reception_companions_invalid", label="陪餐人数")
    meals = count(actual_meals, code="reception_meals_invalid", label="用餐次数", maximum=100)
    nights = count(actual_nights, code="reception_nights_invalid", label="住宿晚数", maximum=100)
    meal = money(meal_cost, code="reception_cost_invalid", label="餐费")
    lodging = money(lodging_cost, code="reception_cost_invalid", label="住宿费")
    other = money(other_cost, code="reception_cost_invalid", label="其他费用")
    items = text(checklist, code="reception_checklist_required", message="请填写接待清单")
    drink_day = None
    if alcohol:
        drink_day = a_date(alcohol_on, code="reception_alcohol_date_invalid", label="饮酒日期")
        if not row.start_on <= drink_day <= row.end_on:
            raise InvalidInput("饮酒日期应在接待期间内", code="reception_alcohol_date_invalid")
    row.actual_guests, row.actual_companions = guests, companions
    row.actual_meals, row.actual_nights = meals, nights
    row.meal_cost, row.lodging_cost, row.other_cost = meal, lodging, other
    row.actual_cost = meal + lodging + other
    row.alcohol, row.alcohol_on = bool(alcohol), drink_day
    row.checklist = items
    row.actuals_by, row.actuals_on = user, today
    row.status = Status.DONE
    row.save()
    record_event(
        actor=user,
        event_type="frugality.reception_actuals",
        object_type="reception",
        object_id=row.number,
        payload={
            "guests": guests,
            "companions": companions,
            "meals": meals,
            "actual_cost": str(row.actual_cost),
            "alcohol": bool(alcohol),
        },
    )
    _flag_actuals(row, today)
    return row


__all__ = [
    "alcohol_allowed",
    "decide_reception",
    "record_reception_actuals",
    "register_reception",
]
