"""Applying for a meeting and its approval (seed art. 11, domain rules §13):
the routes, the notice and the cancellation.

- 以市政府名义的全市性会议 (GOVERNMENT): the government office records the
  executive meeting's decision (route EXECUTIVE → approved), or the leader in
  charge of the host reviews (→ APPROVING) and the mayor approves (route
  LEADER_MAYOR). Either may refuse, with a note.
- 以市政府名义的专业性会议 (PROFESSIONAL): the leader in charge approves (LEADER).
- 部门会议 (DEPARTMENT): inviting city leaders is refused outright; inviting
  county leaders needs the government's approval (route GOVERNMENT, given
  by the leader in charge); otherwise no approval (NONE: approved at once).
- No notice before approval; no cancellation once the meeting has begun."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, PermissionDenied
from xiaoneng.core.inputs import choice, optional, text
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.notifications.actions import notify
from xiaoneng.office.common import event, leader_in_charge, mayor, next_number
from xiaoneng.office.models.meetings import (
    Invitation,
    Level,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Route,
)
from xiaoneng.org.authority import covers_department, require, require_any, unit_of
from xiaoneng.org.models import Department, User

from .common import APPLY, APPROVE, LEADER, MANAGE, level, locked_meeting, moment, unit_contacts

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MAX_INVITATIONS = 200
S = MeetingStatus


def _host(user: User, host_id: Any) -> Department:
    if host_id in (None, ""):
        unit = unit_of(user)
    else:
        unit = Department.objects.filter(pk=as_int(host_id) or 0, active=True).first()
    if unit is None or not covers_department(user, unit.pk):
        raise InvalidInput("承办单位不正确或不在本人范围内", code="office_meeting_host_invalid")
    return unit


def _invitations(items: Any) -> list[dict[str, Any]]:
    """[{unit_id, level, person_id?}] checked: units that exist, each once,
    a named person who belongs to the unit."""
    rows = list(items or ())
    if not rows or len(rows) > MAX_INVITATIONS:
        raise InvalidInput("请选择参会单位", code="office_meeting_invitations_invalid")
    picked: list[dict[str, Any]] = []
    for item in rows:
        get = item.get if isinstance(item, dict) else (lambda k, _i=item: getattr(_i, k, None))
        unit_id = as_int(get("unit_id"))
        picked.append(
            {"unit_id": unit_id, "level": level(get("level")), "person_id": get("person_id")}
        )
    ids = [p["unit_id"] for p in picked]
    units = {d.pk: d for d in Department.objects.filter(pk__in=[i for i in ids if i], active=True)}
    if len(set(ids)) != len(ids) or any(i not in units for i in ids):
        raise InvalidInput("参会单位不正确或重复", code="office_meeting_invitations_invalid")
    for p in picked:
        person = p.pop("person_id")
        p["person"] = None
        if person not in (None, ""):
            user = User.objects.filter(pk=as_int(person) or 0, is_active=True).first()
            unit = unit_of(user) if user is not None else None
            if unit is None or unit.pk != p["unit_id"]:
                raise InvalidInput(
                    "指定参会人不是该单位人员", code="office_meeting_attendee_invalid"
                )
            p["person"] = user
    return picked


def _route(kind: str, city_leaders: bool, county_leaders: bool) -> tuple[str, str]:
    """(route, status) of a new application, or the rule's refusal."""
    if kind == MeetingKind.GOVERNMENT:
        return Route.LEADER_MAYOR, S.REVIEWING
    if kind == MeetingKind.PROFESSIONAL:
        return Route.LEADER, S.REVIEWING
    if city_leaders:
        raise InvalidInput("部门召开的会议不得邀请市领导出席", code="office_meeting_city_leaders")
    if county_leaders:
        return Route.GOVERNMENT, S.REVIEWING
    return Route.NONE, S.APPROVED


def _lock_register() -> None:
    """Serialise the numbering: the city's root unit row, locked."""
    list(
        Department.objects.select_for_update()
        .filter(parent__isnull=True)
        .order_by("pk")
        .values_list("pk")[:1]
    )


@transaction.atomic(durable=True)
def apply_meeting(
    *,
    actor: Actor,
    kind: str,
    title: str,
    starts_at: Any,
    ends_at: Any,
    place: str,
    agenda: str,
    invitations: Any,
    invites_city_leaders: bool = False,
    invites_county_leaders: bool = False,
    host_id: Any = None,
) -> Meeting:
    """申请召开会议: host, kind, times, place, agenda, the invited units each
    with the level (or person) required; routed by the seed's rules."""
    user = require(actor, APPLY)
    host = _host(user, host_id)
    kind = choice(kind, MeetingKind.values, code="office_meeting_kind_invalid", label="会议类型")
    name = text(title, code="office_meeting_title_required", label="会议名称", limit=200)
    where = text(place, code="office_meeting_place_required", label="会议地点", limit=200)
    body = text(agenda, code="office_meeting_agenda_required", label="会议议程", limit=4000)
    start, end = moment(starts_at, label="开始时间"), moment(ends_at, label="结束时间")
    if end <= start or start <= timesource.now():
        raise InvalidInput(
            "会议时间不正确（开始时间应晚于现在，结束时间应晚于开始时间）",
            code="office_meeting_time_invalid",
        )
    picked = _invitations(invitations)
    route, status = _route(kind, bool(invites_city_leaders), bool(invites_county_leaders))
    _lock_register()
    now = timesource.now()
    meeting = Meeting.objects.create(
        number=next_number(Meeting, "HY", timesource.today().year),
        title=name,
        kind=kind,
        host=host,
        starts_at=start,
        ends_at=end,
        place=where,
        agenda=body,
        invites_city_leaders=bool(invites_city_leaders),
        invites_county_leaders=bool(invites_county_leaders),
        route=route,
        status=status,
        applied_by=user,
        approved_at=now if status == S.APPROVED else None,
    )
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            unit_id=p["unit_id"],
            required_level=p["level"],
            required_person=p["person"],
            sign_token=secrets.token_urlsafe(24),
        )
        for p in picked
    )
    event(user, "meeting", meeting.pk, "meeting_applied", number=meeting.number, route=route)
    if status == S.REVIEWING and (leader := leader_in_charge(host.pk)) is not None:
        _tell([leader.pk], meeting, "会议申请待审核", f"{host.name}申请召开：{meeting.title}")
    return meeting


def _tell(users: list[int], meeting: Meeting, title: str, body: str) -> None:
    notify(
        recipients=users,
        kind="office_meeting",
        title=f"{title}：{meeting.number}",
        body=body,
        link=reverse("office:meeting", args=[meeting.pk]),
    )


def _note(approve: bool, note: str) -> str:
    remark = optional(note, code="office_meeting_note_required", label="审批意见", limit=300)
    if not approve and not remark:
        raise InvalidInput("不予批准时请说明理由", code="office_meeting_note_required")
    return remark


def _refuse(user: User, meeting: Meeting, remark: str) -> None:
    meeting.status, meeting.decision_note = S.REJECTED, remark
    meeting.approved_by, meeting.approved_at = user, timesource.now()
    _tell([meeting.applied_by_id], meeting, "会议未获批准", remark)


def _in_charge(user: User, meeting: Meeting) -> None:
    leader = leader_in_charge(meeting.host_id)
    if leader is None or leader.pk != user.pk:
        raise PermissionDenied(
            "只有承办单位的分管市领导可以审核", code="office_meeting_not_in_charge"
        )


FIELDS = [
    "status",
    "route",
    "executive_ref",
    "reviewed_by",
    "reviewed_at",
    "approved_by",
    "approved_at",
    "decision_note",
    "version",
]


@transaction.atomic(durable=True)
def review_meeting(*, actor: Actor, meeting_id: Any, approve: bool, note: str = "") -> Meeting:
    """分管市领导: reviews a 全市性会议 (→ the mayor), or approves a professional
    meeting or a department's meeting inviting county leaders."""
    user = require(actor, LEADER)
    meeting = locked_meeting(user, meeting_id)
    _in_charge(user, meeting)
    if meeting.status != S.REVIEWING:
        raise Conflict("会议不在待分管市领导审核状态", code="office_meeting_state")
    remark = _note(approve, note)
    meeting.reviewed_by, meeting.reviewed_at = user, timesource.now()
    if not approve:
        _refuse(user, meeting, remark)
        what = "meeting_rejected"
    elif meeting.kind == MeetingKind.GOVERNMENT:
        meeting.status, meeting.route, meeting.decision_note = (
            S.APPROVING,
            Route.LEADER_MAYOR,
            remark,
        )
        if (head := mayor()) is not None:
            _tell([head.pk], meeting, "会议申请待市长审批", meeting.title)
        what = "meeting_reviewed"
    else:
        meeting.status, meeting.decision_note = S.APPROVED, remark
        meeting.approved_by, meeting.approved_at = user, timesource.now()
        _tell([meeting.applied_by_id], meeting, "会议已批准", remark)
        what = "meeting_approved"
    meeting.version += 1
    meeting.save(update_fields=FIELDS)
    event(user, "meeting", meeting.pk, what, number=meeting.number, note=remark)
    return meeting


@transaction.atomic(durable=True)
def approve_meeting(*, actor: Actor, meeting_id: Any, approve: bool, note: str = "") -> Meeting:
    """市长审批 a 全市性会议 the leader in charge has reviewed."""
    user = require(actor, APPROVE)
    meeting = locked_meeting(user, meeting_id, anywhere=True)
    if meeting.status != S.APPROVING:
        raise Conflict("会议不在待市长审批状态", code="office_meeting_state")
    remark = _note(approve, note)
    if approve:
        meeting.status, meeting.decision_note = S.APPROVED, remark
        meeting.approved_by, meeting.approved_at = user, timesource.now()
        _tell([meeting.applied_by_id], meeting, "会议已批准", remark)
    else:
        _refuse(user, meeting, remark)
    meeting.version += 1
    meeting.save(update_fields=FIELDS)
    what = "meeting_approved" if approve else "meeting_rejected"
    event(user, "meeting", meeting.pk, what, number=meeting.number, note=remark)
    return meeting


@transaction.atomic(durable=True)
def record_executive(
    *, actor: Actor, meeting_id: Any, executive_ref: str, approve: bool = True, note: str = ""
) -> Meeting:
    """政府办公室 records the executive meeting's decision on a 全市性会议."""
    user = require(actor, MANAGE)
    meeting = locked_meeting(user, meeting_id)
    if meeting.kind != MeetingKind.GOVERNMENT or meeting.status not in (S.REVIEWING, S.APPROVING):
        raise Conflict("只有待批的全市性会议可以登记常务会议决定", code="office_meeting_state")
    ref = text(
        executive_ref, code="office_meeting_executive_ref_required", label="常务会议决定", limit=100
    )
    remark = _note(approve, note)
    meeting.route, meeting.executive_ref = Route.EXECUTIVE, ref
    if approve:
        meeting.status, meeting.decision_note = S.APPROVED, remark
        meeting.approved_by, meeting.approved_at = user, timesource.now()
        _tell([meeting.applied_by_id], meeting, "会议已经常务会议同意", ref)
    else:
        _refuse(user, meeting, remark)
    meeting.version += 1
    meeting.save(update_fields=FIELDS)
    event(user, "meeting", meeting.pk, "meeting_executive", ref=ref, approve=approve)
    return meeting


@transaction.atomic(durable=True)
def notify_meeting(*, actor: Actor, meeting_id: Any) -> Meeting:
    """发通知: an approved meeting's notice to each invited unit's heads and
    office, naming who must come."""
    user = require(actor, APPLY)
    meeting = locked_meeting(user, meeting_id)
    if meeting.status != S.APPROVED:
        raise Conflict("会议未经批准，不能发通知", code="office_meeting_not_approved")
    if meeting.starts_at <= timesource.now():
        raise Conflict("会议已开始", code="office_meeting_started")
    meeting.status, meeting.notified_at = S.NOTIFIED, timesource.now()
    meeting.version += 1
    meeting.save(update_fields=["status", "notified_at", "version"])
    invitations = list(meeting.invitations.select_related("required_person"))
    contacts = unit_contacts([i.unit_id for i in invitations])
    local = meeting.starts_at.astimezone(timesource.SHANGHAI)
    when = f"{cn_date(local.date())} {local:%H:%M}"
    for inv in invitations:
        who = (
            inv.required_person.display_name
            if inv.required_person
            else Level(inv.required_level).label
        )
        _tell(
            contacts.get(inv.unit_id, []),
            meeting,
            "会议通知",
            f"{when}在{meeting.place}召开{meeting.title}，请{who}参加；"
            "确需他人代会的，须事先请假并经会议承办单位同意。",
        )
    event(user, "meeting", meeting.pk, "meeting_notified", units=len(invitations))
    return meeting


@transaction.atomic(durable=True)
def cancel_meeting(*, actor: Actor, meeting_id: Any, reason: str = "") -> Meeting:
    """取消: before it begins, by the host (or the government office)."""
    user = require_any(actor, (APPLY, MANAGE))
    meeting = locked_meeting(user, meeting_id)
    if meeting.status in (S.HELD, S.CANCELLED, S.REJECTED):
        raise Conflict("会议当前状态不能取消", code="office_meeting_state")
    if meeting.starts_at <= timesource.now():
        raise Conflict("会议已开始，不能取消", code="office_meeting_started")
    was_notified = meeting.status == S.NOTIFIED
    meeting.status = S.CANCELLED
    meeting.decision_note = optional(
        reason, code="office_meeting_note_required", label="取消原因", limit=300
    )
    meeting.version += 1
    meeting.save(update_fields=["status", "decision_note", "version"])
    if was_notified:
        units = list(meeting.invitations.values_list("unit_id", flat=True))
        people = [u for ids in unit_contacts(units).values() for u in ids]
        _tell(people, meeting, "会议取消", meeting.title)
    event(user, "meeting", meeting.pk, "meeting_cancelled", reason=meeting.decision_note)
    return meeting
