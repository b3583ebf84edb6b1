"""Emergencies (突发事件, seed art. 9, domain rules §12): the government
office's duty room registers the event; the leader in charge of the
competent department (or the mayor), the department's heads and the staff
on duty are notified at once and each checks in on arrival at the scene;
the time to arrival is measured against the level's target
(`params.ARRIVAL_BY_GRADE`) and a late arrival is a finding for
supervision; actions and follow-ups are logged; the duty room closes the
event (处置完毕) and the review (复盘) follows. REVIEWED is final.

Who acts:
- register, add a responder, close: `emergency.register` over the
  competent department (the duty room's scope is the city);
- check in and 履职情况: `emergency.respond`, the responder themself only;
- the log: the duty room or any responder of the event;
- review: `emergency.review` (the government office, the supervision
  bureau), only once closed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures.office import arrival_late, minutes_between
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.inputs import a_moment, choice
from xiaoneng.core.inputs import text as required_text
from xiaoneng.core.text import as_int
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.office import params
from xiaoneng.office.common import event, leader_in_charge, locked_row, mayor, next_number, subject
from xiaoneng.office.models.duty import DutyShift, RosterStatus
from xiaoneng.office.models.emergencies import (
    Action,
    Category,
    Duty,
    Emergency,
    EmergencyStatus,
    Grade,
    Responder,
)
from xiaoneng.org.authority import (
    INTERNAL_KINDS,
    covers_department,
    has_perm,
    require,
    signed_in,
    unit_of,
)
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly
from xiaoneng.system.params import get_param

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

REGISTER = "emergency.register"
RESPOND = "emergency.respond"
REVIEW = "emergency.review"
OFFICE_ROLE = "office"
PREFIX = "TF"
KIND = "emergency"
LATE_ARRIVAL = "late_arrival"
NOTICE = "office_emergency"


def _missing() -> NotFound:
    return NotFound("突发事件不存在或无权查看", code="office_emergency_not_found")


def _locked(actor: User, emergency_id: Any) -> Emergency:
    """The event, locked; any signed-in actor may name it (each step checks
    its own permission and place after)."""
    return locked_row(
        Emergency,
        emergency_id,
        unit=lambda e: e.department_id,
        missing=_missing,
        actor=actor,
        anywhere=True,
    )


def _desk(actor: User, row: Emergency) -> None:
    """The duty room over the competent department."""
    require(actor, REGISTER)
    if not covers_department(actor, row.department_id):
        raise _missing()


def _status(row: Emergency, *allowed: str, code: str, message: str) -> None:
    if row.status not in allowed:
        raise Conflict(message, code=code, detail={"status": row.status})


def page(row: Emergency) -> str:
    return reverse("office:emergency", args=[row.pk])


def checkin_page(row: Emergency) -> str:
    return reverse("office:emergency_checkin", args=[row.pk])


# --- the input ------------------------------------------------------------------------


def coordinate(value: Any, limit: int, label: str) -> Decimal | None:
    """A latitude (|x| ≤ 90) or longitude (|x| ≤ 180), six decimals; blank is None."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or abs(number) > limit:
        raise InvalidInput(f"{label}不正确", code="office_emergency_coordinates_invalid")
    return number.quantize(Decimal("0.000001"))


def _coordinates(latitude: Any, longitude: Any) -> tuple[Decimal | None, Decimal | None]:
    lat, lon = coordinate(latitude, 90, "纬度"), coordinate(longitude, 180, "经度")
    if (lat is None) != (lon is None):
        raise InvalidInput("经纬度须同时填写", code="office_emergency_coordinates_invalid")
    return lat, lon


def _occurred(value: Any) -> datetime:
    moment = a_moment(value, code="office_emergency_occurred_invalid", label="发生时间")
    if moment > timesource.now():
        raise InvalidInput("发生时间不能晚于现在", code="office_emergency_occurred_invalid")
    return moment


def _competent(department_id: Any) -> Department:
    dept = (
        Department.objects.filter(pk=as_int(department_id) or 0, active=True)
        .exclude(kind__in=INTERNAL_KINDS)
        .first()
    )
    if dept is None:
        raise InvalidInput("请选择主管部门", code="office_emergency_department_invalid")
    return dept


# --- who is told ----------------------------------------------------------------------


def responders_for(department_id: int, day: Any) -> list[tuple[int, str]]:
    """(user id, duty) of whom an event of the department calls to the scene,
    each once (the first duty wins): the city leader in charge (the mayor
    where no one is), the department's heads, and the staff on duty — the
    day's shift of a submitted roster, else the unit's office staff."""
    found: dict[int, str] = {}
    leader = leader_in_charge(department_id) or mayor()
    if leader is not None:
        found[leader.pk] = Duty.LEADER
    for head in department_heads([department_id]).get(department_id, []):
        found.setdefault(head, Duty.HEAD)
    for staff in _on_duty(department_id, day):
        found.setdefault(staff, Duty.ON_DUTY)
    return list(found.items())


def _on_duty(department_id: int, day: Any) -> list[int]:
    shifts = list(
        DutyShift.objects.filter(
            roster__unit_id=department_id,
            roster__status=RosterStatus.SUBMITTED,
            day=day,
            staff__is_active=True,
        )
        .order_by("pk")
        .values_list("staff_id", flat=True)
    )
    if shifts:
        return list(dict.fromkeys(shifts))
    return list(
        User.objects.filter(is_active=True, roles__code=OFFICE_ROLE, roles__active=True)
        .filter(
            Q(department_id=department_id)
            | Q(department__kind__in=INTERNAL_KINDS, department__parent_id=department_id)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def _local(moment: datetime) -> str:
    local = moment.astimezone(timesource.SHANGHAI)
    return f"{local.month}月{local.day}日{local:%H:%M}"


def _tell(row: Emergency, user_ids: list[int]) -> None:
    notify(
        recipients=user_ids,
        kind=NOTICE,
        title=f"突发事件：{row.title}（{row.get_grade_display()}），请立即赶赴现场",
        body=(
            f"{row.place}，{_local(row.occurred_at)}发生。"
            f"请于 {row.arrival_minutes} 分钟内到达现场，到场后在手机上签到。"
        ),
        link=checkin_page(row),
    )


# --- registration ---------------------------------------------------------------------


@transaction.atomic
def register_emergency(
    *,
    actor: Actor,
    title: str,
    category: str,
    grade: str,
    place: str,
    occurred_at: Any,
    description: str,
    department_id: Any,
    latitude: Any = None,
    longitude: Any = None,
) -> Emergency:
    """登记 by the duty room: numbered TF-<year>-NNNN; the responders are
    created and told at once."""
    user = require(actor, REGISTER)
    dept = _competent(department_id)
    if not covers_department(user, dept.pk):
        raise PermissionDenied("无权登记该部门的突发事件", code="office_emergency_out_of_scope")
    lat, lon = _coordinates(latitude, longitude)
    level = choice(grade, Grade.values, code="office_emergency_grade_invalid", label="级别")
    fields = {
        "title": required_text(
            title, code="office_emergency_title_required", label="事件名称", limit=200
        ),
        "category": choice(
            category, Category.values, code="office_emergency_category_invalid", label="类别"
        ),
        "grade": level,
        "place": required_text(
            place, code="office_emergency_place_required", label="发生地点", limit=200
        ),
        "occurred_at": _occurred(occurred_at),
        "description": required_text(
            description, code="office_emergency_description_required", label="基本情况"
        ),
    }
    now = timesource.now()
    # The department row serialises registrations of its events; the unique
    # number refuses a race across departments (the duty room tries again).
    Department.objects.select_for_update().filter(pk=dept.pk).first()
    try:
        with transaction.atomic():
            row = Emergency.objects.create(
                number=next_number(Emergency, PREFIX, timesource.today().year),
                department=dept,
                latitude=lat,
                longitude=lon,
                arrival_minutes=get_param(params.ARRIVAL_BY_GRADE[level]),
                registered_by=user,
                **fields,
            )
    except IntegrityError:
        raise Conflict(
            "事件编号已被占用，请重新提交", code="office_emergency_number_taken"
        ) from None
    people = responders_for(dept.pk, timesource.today())
    Responder.objects.bulk_create(
        Responder(emergency=row, user_id=uid, duty=duty, notified_at=now) for uid, duty in people
    )
    event(
        user,
        KIND,
        row.pk,
        "emergency_registered",
        number=row.number,
        grade=row.grade,
        department=dept.pk,
        responders=[{"user": uid, "duty": duty} for uid, duty in people],
    )
    _tell(row, [uid for uid, _ in people])
    return row


@transaction.atomic
def add_responder(
    *, actor: Actor, emergency_id: Any, user_id: Any, duty: str = Duty.ON_DUTY
) -> Responder:
    """The duty room calls one more person to the scene (told at once)."""
    user = require(actor, REGISTER)
    row = _locked(user, emergency_id)
    _desk(user, row)
    _status(
        row,
        EmergencyStatus.RESPONDING,
        code="office_emergency_not_responding",
        message="事件已处置完毕，不能再增加到场人员",
    )
    duty = choice(duty, Duty.values, code="office_emergency_duty_invalid", label="职责")
    person = User.objects.filter(pk=as_int(user_id) or 0, is_active=True).first()
    if person is None:
        raise InvalidInput("请选择到场人员", code="office_emergency_responder_invalid")
    if Responder.objects.filter(emergency=row, user=person).exists():
        raise Conflict("此人已在到场人员名单中", code="office_emergency_responder_exists")
    added = Responder.objects.create(
        emergency=row, user=person, duty=duty, notified_at=timesource.now()
    )
    row.version += 1
    row.save(update_fields=["version"])
    event(user, KIND, row.pk, "emergency_responder_added", person=person.pk, duty=duty)
    _tell(row, [person.pk])
    return added


# --- at the scene ---------------------------------------------------------------------


def _own_responder(user: User, row: Emergency) -> Responder:
    mine = Responder.objects.select_for_update().filter(emergency=row, user=user).first()
    if mine is None:
        raise PermissionDenied("您不是该事件的到场人员", code="office_emergency_not_responder")
    return mine


@transaction.atomic
def check_in(
    *, actor: Actor, emergency_id: Any, place: str, latitude: Any = None, longitude: Any = None
) -> Responder:
    """到场签到 by the responder themself, once: the minutes from the notice
    (rounded up) against the event's target; a late arrival is a finding
    (late_arrival) on the responder's unit."""
    user = require(actor, RESPOND)
    row = _locked(user, emergency_id)
    mine = _own_responder(user, row)
    _status(
        row,
        EmergencyStatus.RESPONDING,
        code="office_emergency_not_responding",
        message="事件已处置完毕，不能再签到",
    )
    if mine.arrived_at is not None:
        raise Conflict("您已签到，不能重复签到", code="office_emergency_checked_in")
    lat, lon = _coordinates(latitude, longitude)
    now = timesource.now()
    mine.arrival_place = required_text(
        place, code="office_emergency_place_required", label="签到地点", limit=200
    )
    mine.arrived_at, mine.latitude, mine.longitude = now, lat, lon
    mine.minutes = minutes_between(mine.notified_at, now)
    mine.late = arrival_late(mine.notified_at, now, row.arrival_minutes)
    mine.save(
        update_fields=["arrival_place", "arrived_at", "latitude", "longitude", "minutes", "late"]
    )
    event(
        user,
        KIND,
        row.pk,
        "emergency_checked_in",
        responder=mine.pk,
        minutes=mine.minutes,
        target=row.arrival_minutes,
        late=mine.late,
    )
    if mine.late:
        late_finding(row, mine, user)
    return mine


def late_finding(row: Emergency, mine: Responder, user: User) -> None:
    """The finding of one late arrival: its subject is the responder's row
    (one finding per person and event), on the responder's unit."""
    unit = unit_of(user)
    raise_subject_anomaly(
        subject=subject(
            KIND,
            mine.pk,
            f"{row.number} {row.title}：{user.display_name}未按时到场",
            page(row),
            unit.pk if unit is not None else row.department_id,
        ),
        kind=LATE_ARRIVAL,
        evidence={
            "说明": (
                f"{user.display_name}（{mine.get_duty_display()}）接到通知后"
                f" {mine.minutes} 分钟到场，时限 {row.arrival_minutes} 分钟"
            ),
            "emergency": row.number,
            "who": user.display_name,
            "duty": mine.duty,
            "notified_at": mine.notified_at,
            "arrived_at": mine.arrived_at,
            "minutes": mine.minutes,
            "target": row.arrival_minutes,
        },
        found_on=timesource.today(),
    )


@transaction.atomic
def record_duties(*, actor: Actor, emergency_id: Any, duties_done: str) -> Responder:
    """履职情况: the responder's own account of what they did."""
    user = require(actor, RESPOND)
    row = _locked(user, emergency_id)
    mine = _own_responder(user, row)
    _status(
        row,
        EmergencyStatus.RESPONDING,
        EmergencyStatus.CLOSED,
        code="office_emergency_reviewed",
        message="事件已复盘，不能再修改",
    )
    mine.duties_done = required_text(
        duties_done, code="office_emergency_duties_required", label="履职情况", limit=4000
    )
    mine.save(update_fields=["duties_done"])
    event(user, KIND, row.pk, "emergency_duties_recorded", responder=mine.pk)
    return mine


@transaction.atomic
def log_action(
    *, actor: Actor, emergency_id: Any, text: str, kind: str = Action.Kind.ACTION
) -> Action:
    """处置措施 or 后续工作, by the duty room or a responder of the event."""
    user = signed_in(actor)
    row = _locked(user, emergency_id)
    desk = has_perm(user, REGISTER) and covers_department(user, row.department_id)
    if not desk and not Responder.objects.filter(emergency=row, user=user).exists():
        raise PermissionDenied(
            "只有值班室和到场人员可以记录", code="office_emergency_not_responder"
        )
    _status(
        row,
        EmergencyStatus.RESPONDING,
        EmergencyStatus.CLOSED,
        code="office_emergency_reviewed",
        message="事件已复盘，不能再记录",
    )
    kind = choice(kind, Action.Kind.values, code="office_emergency_log_kind_invalid", label="类型")
    body = required_text(text, code="office_emergency_log_text_required", label="内容", limit=4000)
    added = Action.objects.create(emergency=row, kind=kind, at=timesource.now(), by=user, text=body)
    row.version += 1
    row.save(update_fields=["version"])
    event(user, KIND, row.pk, "emergency_action_logged", action=added.pk, log_kind=kind)
    return added


# --- close and review -----------------------------------------------------------------


@transaction.atomic
def close_emergency(*, actor: Actor, emergency_id: Any) -> Emergency:
    """处置完毕 (the duty room): the responders are asked for their 履职情况."""
    user = require(actor, REGISTER)
    row = _locked(user, emergency_id)
    _desk(user, row)
    _status(
        row,
        EmergencyStatus.RESPONDING,
        code="office_emergency_not_responding",
        message="事件不在处置中",
    )
    row.status, row.closed_at, row.closed_by = EmergencyStatus.CLOSED, timesource.now(), user
    row.version += 1
    row.save(update_fields=["status", "closed_at", "closed_by", "version"])
    event(user, KIND, row.pk, "emergency_closed", number=row.number)
    notify(
        recipients=list(row.responders.values_list("user_id", flat=True)),
        kind=NOTICE,
        title=f"{row.number} {row.title} 处置完毕，请填写履职情况",
        link=page(row),
    )
    return row


@transaction.atomic
def review_emergency(*, actor: Actor, emergency_id: Any, review: str) -> Emergency:
    """复盘评估 (only once closed); the review is final."""
    user = require(actor, REVIEW)
    row = _locked(user, emergency_id)
    if not covers_department(user, row.department_id):
        raise _missing()
    _status(
        row,
        EmergencyStatus.CLOSED,
        code="office_emergency_not_closed",
        message="事件处置完毕后才能复盘（已复盘的不能再改）",
    )
    row.review = required_text(
        review, code="office_emergency_review_required", label="复盘评估报告"
    )
    row.status, row.reviewed_at, row.reviewed_by = (
        EmergencyStatus.REVIEWED,
        timesource.now(),
        user,
    )
    row.version += 1
    row.save(update_fields=["review", "status", "reviewed_at", "reviewed_by", "version"])
    late = list(row.responders.filter(late=True).values_list("user_id", flat=True))
    event(user, KIND, row.pk, "emergency_reviewed", number=row.number, late=late)
    return row
