"""Leave of principal leaders (离张请假, 销假; seed art. 12, domain rules §14).

The principal leader of a municipal department or a county (leave.request,
the unit's head) asks before leaving the city: destination, purpose, the
first and last day away, who acts meanwhile (another active user of the
same unit). The approver is the city leader in charge of the unit, else the
mayor (`common.approver_for`); only that leader or the mayor approves or
refuses. Back, the leader reports the actual return day (销假), due the
first working day after the leave (`return_due`); the daily sweep cards an
overdue return and closes the card when it is reported.

Leave without approval (leave_unapproved): a request made on or after the
first day away is marked `after_the_fact`; an approval given on or after
the first day away is late too. Both are the one finding per request
(the evidence says which)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures.office import return_due
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.inputs import any_date, optional, text
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.notifications.actions import notify
from xiaoneng.office.common import (
    DUTY_KINDS,
    MAYOR_ROLE,
    approver_for,
    event,
    is_member,
    locked_row,
    next_number,
    subject,
)
from xiaoneng.office.models.leave import LeaveRequest, LeaveStatus
from xiaoneng.org.authority import require, role_codes, unit_of
from xiaoneng.org.models import User
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly

REQUEST = "leave.request"
APPROVE = "leader.approve"
SUBJECT_KIND = "leave"
FINDING = "leave_unapproved"
MAX_DAYS = 90  # one request covers at most this many days away
LOOKBACK_DAYS = 30  # a request after the fact: at most this many days back


def _missing() -> NotFound:
    return NotFound("请假申请不存在或无权查看", code="office_leave_not_found")


def _day(value: Any, label: str) -> date:
    return any_date(value, code="office_leave_dates_invalid", label=label)


def _dates(starts_on: Any, ends_on: Any, today: date) -> tuple[date, date]:
    first, last = _day(starts_on, "离张日期"), _day(ends_on, "返张日期")
    if last < first or (last - first).days >= MAX_DAYS:
        raise InvalidInput(
            f"返张日期须不早于离张日期，且一次请假不超过 {MAX_DAYS} 天",
            code="office_leave_dates_invalid",
            detail={"starts_on": first, "ends_on": last},
        )
    if first < today - timedelta(days=LOOKBACK_DAYS) or first > today.replace(year=today.year + 1):
        raise InvalidInput(
            "离张日期须在一年以内（事后补报不超过30天）",
            code="office_leave_dates_invalid",
            detail={"starts_on": first},
        )
    return first, last


def leave_subject(row: LeaveRequest) -> Any:
    return subject(
        SUBJECT_KIND,
        row.pk,
        f"{row.person.display_name}（{row.unit.name}）离张请假 {row.number}",
        reverse("office:leave_request", args=[row.pk]),
        row.unit_id,
    )


def _unapproved(row: LeaveRequest, why: str, today: date) -> None:
    raise_subject_anomaly(
        subject=leave_subject(row),
        kind=FINDING,
        evidence={
            "说明": why,
            "number": row.number,
            "person": row.person.display_name,
            "starts_on": row.starts_on,
            "ends_on": row.ends_on,
            "requested_at": row.requested_at,
            "decided_at": row.decided_at,
        },
        found_on=today,
    )


def _numbered(row: LeaveRequest, year: int) -> LeaveRequest:
    """Saved with the next number of the year; a racing request that took
    the same number makes this one try the next (the column is unique)."""
    for _ in range(5):
        row.number = next_number(LeaveRequest, "QJ", year)
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            row.pk = None
            continue
        return row
    raise Conflict("编号冲突，请重试", code="office_leave_number_conflict")


@transaction.atomic
def request_leave(
    *,
    actor: Any,
    destination: Any,
    purpose: Any,
    starts_on: Any,
    ends_on: Any,
    acting_id: Any,
) -> LeaveRequest:
    user = require(actor, REQUEST)
    unit = unit_of(user)
    if unit is None or unit.kind not in DUTY_KINDS:
        raise PermissionDenied(
            "离张请假由市直部门和县（区）的主要负责人提出", code="office_leave_not_principal"
        )
    where = text(destination, code="office_leave_destination_required", label="前往地点", limit=100)
    why = text(purpose, code="office_leave_purpose_required", label="事由", limit=300)
    today = timesource.today()
    first, last = _dates(starts_on, ends_on, today)
    acting = User.objects.filter(pk=as_int(acting_id) or 0).select_related("department").first()
    if acting is None or acting.pk == user.pk or not is_member(acting, unit.pk):
        raise InvalidInput("主持工作人员须为本单位其他在职人员", code="office_leave_acting_invalid")
    approver = approver_for(unit.pk)
    row = _numbered(
        LeaveRequest(
            person=user,
            unit=unit,
            destination=where,
            purpose=why,
            starts_on=first,
            ends_on=last,
            acting=acting,
            after_the_fact=today >= first,
            approver=approver,
            return_due=return_due(current_calendar(), last),
        ),
        today.year,
    )
    event(
        user,
        "leave",
        row.pk,
        "leave_requested",
        number=row.number,
        unit=unit.pk,
        starts_on=first,
        ends_on=last,
        acting=acting.pk,
        after_the_fact=row.after_the_fact,
    )
    if row.after_the_fact:
        _unapproved(row, f"离张后（{cn_date(first)}起）才报请假（事后补报）", today)
    if approver is not None:
        notify(
            recipients=[approver.pk],
            kind="office_leave_requested",
            title=f"离张请假待审批：{user.display_name}（{unit.name}）",
            body=f"{cn_date(first)}至{cn_date(last)}前往{where}，{why}",
            link=reverse("office:leave_desk"),
        )
    return row


def _decidable(user: User, leave_id: Any) -> LeaveRequest:
    row = locked_row(LeaveRequest, leave_id, unit=lambda r: r.unit_id, missing=_missing, actor=user)
    approver = approver_for(row.unit_id)
    if MAYOR_ROLE not in role_codes(user) and (approver is None or approver.pk != user.pk):
        raise PermissionDenied(
            "离张请假由该单位的市分管领导（或市长）审批",
            code="office_leave_not_approver",
            detail={"approver": approver.display_name if approver else None},
        )
    if row.status != LeaveStatus.REQUESTED:
        raise Conflict(
            f"该请假{row.get_status_display()}，不能审批",
            code="office_leave_state",
            detail={"status": row.status},
        )
    return row


def _decide(actor: Any, leave_id: Any, note: Any, status: str) -> LeaveRequest:
    user = require(actor, APPROVE)
    row = _decidable(user, leave_id)
    row.status = status
    row.approver = user
    row.decided_at = timesource.now()
    row.decision_note = optional(
        note, code="office_leave_note_invalid", label="审批意见", limit=200
    )
    row.version += 1
    row.save(update_fields=["status", "approver", "decided_at", "decision_note", "version"])
    what = "leave_approved" if status == LeaveStatus.APPROVED else "leave_refused"
    event(user, "leave", row.pk, what, number=row.number, note=row.decision_note)
    notify(
        recipients=[row.person_id],
        kind=f"office_{what}",
        title=f"离张请假 {row.number} {row.get_status_display()}",
        body=row.decision_note,
        link=reverse("office:leave"),
    )
    return row


@transaction.atomic
def approve_leave(*, actor: Any, leave_id: Any, note: Any = "") -> LeaveRequest:
    row = _decide(actor, leave_id, note, LeaveStatus.APPROVED)
    today = timesource.today()
    if today >= row.starts_on and not row.after_the_fact:
        _unapproved(
            row, f"离张日期{cn_date(row.starts_on)}前未获批准（{cn_date(today)}批准）", today
        )
    return row


@transaction.atomic
def refuse_leave(*, actor: Any, leave_id: Any, note: Any = "") -> LeaveRequest:
    if not optional(note, code="office_leave_note_invalid", label="审批意见", limit=200):
        raise InvalidInput("不予批准须说明理由", code="office_leave_note_invalid")
    return _decide(actor, leave_id, note, LeaveStatus.REJECTED)


def _own(actor: Any, leave_id: Any) -> tuple[User, LeaveRequest]:
    user = require(actor, REQUEST)
    row = locked_row(LeaveRequest, leave_id, unit=lambda r: r.unit_id, missing=_missing, actor=user)
    if row.person_id != user.pk:
        raise _missing()
    return user, row


@transaction.atomic
def cancel_leave(*, actor: Any, leave_id: Any) -> LeaveRequest:
    """撤回: the leader's own, not decided against, before the first day away."""
    user, row = _own(actor, leave_id)
    if row.status not in (LeaveStatus.REQUESTED, LeaveStatus.APPROVED) or (
        timesource.today() >= row.starts_on
    ):
        raise Conflict("只能在离张前撤回待审批或已批准的请假", code="office_leave_state")
    row.status = LeaveStatus.CANCELLED
    row.version += 1
    row.save(update_fields=["status", "version"])
    event(user, "leave", row.pk, "leave_cancelled", number=row.number)
    return row


@transaction.atomic
def report_return(*, actor: Any, leave_id: Any, returned_on: Any) -> LeaveRequest:
    """销假: the actual day back (from the first day away to today)."""
    user, row = _own(actor, leave_id)
    left = row.status == LeaveStatus.APPROVED or (
        row.status == LeaveStatus.REQUESTED and row.after_the_fact
    )
    if not left:
        raise Conflict("只有已批准（或事后补报）的请假可以销假", code="office_leave_state")
    today = timesource.today()
    day = _day(returned_on, "实际返张日期") if returned_on not in (None, "") else today
    if not row.starts_on <= day <= today:
        raise InvalidInput(
            "实际返张日期须在离张日期和今天之间",
            code="office_leave_return_invalid",
            detail={"starts_on": row.starts_on, "today": today},
        )
    row.status = LeaveStatus.RETURNED
    row.returned_on = day
    row.returned_at = timesource.now()
    row.version += 1
    row.save(update_fields=["status", "returned_on", "returned_at", "version"])
    event(
        user,
        "leave",
        row.pk,
        "leave_returned",
        number=row.number,
        returned_on=day,
        late=today > row.return_due,
    )
    return row
