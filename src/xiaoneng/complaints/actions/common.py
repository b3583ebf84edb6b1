"""What every complaint step shares: the locked row in the actor's scope,
the clock step (events → clocks → denormalised fields → event row → audit
event) and the input checks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.complaints import clock
from xiaoneng.complaints.models import OPEN_STATUSES, Complaint, ComplaintEvent, Status
from xiaoneng.complaints.selectors import as_id
from xiaoneng.complaints.vocabulary import complaint_not_found
from xiaoneng.core import timesource
from xiaoneng.core.clock.stages import StageEvent
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.actor import user_of
from xiaoneng.org.authority import covers_department, require

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MAIN_STATUS = {
    "accepting": Status.ACCEPTING,
    "handling": Status.HANDLING,
    "declined": Status.DECLINED,
    "transferred": Status.TRANSFERRED,
    "merged": Status.MERGED,
    "concluded": Status.CONCLUDED,
}
TEXT_LIMIT = 4000


def text(value: Any, *, code: str, message: str, limit: int = TEXT_LIMIT) -> str:
    """Required text, refused (not cut) when longer than `limit`."""
    body = (value if isinstance(value, str) else "").strip()
    if not body:
        raise InvalidInput(message, code=code)
    if len(body) > limit:
        raise InvalidInput(
            f"内容不能超过 {limit} 个字",
            code="complaint_text_too_long",
            detail={"limit": limit, "length": len(body)},
        )
    return body


def optional_text(value: Any, *, limit: int = TEXT_LIMIT) -> str:
    body = (value if isinstance(value, str) else "").strip()
    if len(body) > limit:
        raise InvalidInput(
            f"内容不能超过 {limit} 个字",
            code="complaint_text_too_long",
            detail={"limit": limit, "length": len(body)},
        )
    return body


def choice(value: Any, values: Sequence[str], code: str, label: str) -> str:
    if not isinstance(value, str) or value not in values:
        raise InvalidInput(f"{label}不正确", code=code, detail={"allowed": list(values)})
    return value


def locked(actor: Actor, complaint_id: Any, permission: str = "complaint.handle") -> Complaint:
    """The complaint, row-locked, if the actor holds `permission` and its scope
    covers the complaint's department; not found otherwise."""
    require(actor, permission)
    row = Complaint.objects.select_for_update(of=("self",)).filter(pk=as_id(complaint_id)).first()
    if row is None or not covers_department(actor, row.department_id):
        raise complaint_not_found()
    return row


def require_open(row: Complaint) -> Complaint:
    if row.status not in OPEN_STATUSES:
        raise Conflict(
            f"投诉{row.get_status_display()}，不能再办理",
            code="complaint_closed",
            detail={"status": row.status},
        )
    return row


def require_status(row: Complaint, *statuses: str) -> Complaint:
    if row.status not in statuses:
        raise Conflict(
            f"投诉当前状态为“{row.get_status_display()}”，不能进行此操作",
            code="complaint_wrong_status",
            detail={"status": row.status, "allowed": list(statuses)},
        )
    return row


def stage_events(events: Sequence[ComplaintEvent]) -> list[StageEvent]:
    return [StageEvent(e.kind, e.on, e.days) for e in events]


def _first_on(events: Sequence[StageEvent], kind: str) -> date | None:
    return next((e.on for e in events if e.kind == kind), None)


def apply_clocks(
    row: Complaint,
    events: Sequence[StageEvent],
    clocks: clock.Clocks,
    rules: clock.Rules,
    calendar: WorkCalendar,
) -> list[str]:
    """Copy the computed clocks onto the row (not saved); the fields written."""
    main, expl, reexam = clocks.main, clocks.explanation, clocks.reexamination
    row.received_on = main.opened_on
    row.accept_due_on = calendar.add_workdays(main.opened_on, rules.accept_days)
    row.accepted_on = _first_on(events, clock.ACCEPTED)
    row.extension_days = main.extension_days
    row.conclude_due_on = (
        calendar.add_workdays(row.accepted_on, rules.conclude_days + main.extension_days)
        if row.accepted_on
        else None
    )
    row.status = MAIN_STATUS[main.phase]
    row.closed_on = main.closed_on
    row.due_on = main.due
    late = [f"main:{s}" for s in main.late]
    if expl is not None:
        row.explanation_requested_on = expl.opened_on
        row.explanation_due_on = calendar.add_workdays(expl.opened_on, rules.explanation_days)
        row.explained_on = expl.closed_on
        row.explanation_late = bool(expl.late)
        late += [f"explanation:{s}" for s in expl.late]
    if reexam is not None:
        row.reexamination_requested_on = reexam.opened_on
        row.reexamination_due_on = calendar.add_workdays(reexam.opened_on, rules.reexamination_days)
        row.reexamined_on = reexam.closed_on
        row.status = Status.REEXAMINING if reexam.closed_on is None else Status.REEXAMINED
        row.due_on = reexam.due
        late += [f"reexamination:{s}" for s in reexam.late]
    row.late = bool(late)
    row.late_steps = ",".join(late)[:100]
    row.provisional = main.provisional
    row.is_open = row.status in OPEN_STATUSES
    return [
        "received_on",
        "accept_due_on",
        "accepted_on",
        "extension_days",
        "conclude_due_on",
        "status",
        "closed_on",
        "due_on",
        "explanation_requested_on",
        "explanation_due_on",
        "explained_on",
        "explanation_late",
        "reexamination_requested_on",
        "reexamination_due_on",
        "reexamined_on",
        "late",
        "late_steps",
        "provisional",
        "is_open",
    ]


def settle(
    row: Complaint, existing: Sequence[StageEvent], kind: str, day: date, days: int
) -> list[str]:
    """The clocks over `existing` and the new step: whether it may happen
    (StageError, 409, if not) and the deadlines, copied onto the row (not
    saved); the fields written."""
    calendar = current_calendar()
    rules = clock.rules()
    events = [*existing, StageEvent(kind, day, days)]
    clocks = clock.compute(events, calendar, rules, max(timesource.today(), day))
    return apply_clocks(row, events, clocks, rules, calendar)


def event_row(
    *,
    actor: Actor | None,
    row: Complaint,
    seq: int,
    kind: str,
    day: date,
    days: int,
    note: str,
    payload: dict[str, Any] | None,
) -> ComplaintEvent:
    """The step's event row (not saved)."""
    user = user_of(actor)
    return ComplaintEvent(
        complaint=row,
        seq=seq,
        kind=kind,
        on=day,
        days=days,
        actor=user,
        actor_name=(user.display_name if user else ""),
        note=note[:TEXT_LIMIT],
        payload=payload or {},
    )


def audit_step(
    *,
    actor: Actor | None,
    row: Complaint,
    kind: str,
    day: date,
    days: int,
    payload: dict[str, Any] | None,
) -> None:
    """The step's audit event (never the complainant's identity)."""
    record_event(
        actor=user_of(actor),
        event_type=f"complaint.{kind}",
        object_type="complaint",
        object_id=row.number,
        payload={"on": day, "days": days, "due_on": row.due_on, **(payload or {})},
    )


def advance(
    *,
    actor: Actor | None,
    row: Complaint,
    kind: str,
    on: date | None = None,
    days: int = 0,
    note: str = "",
    payload: dict[str, Any] | None = None,
    fields: Sequence[str] = (),
) -> Complaint:
    """Append one step: the clocks over every event decide whether it may
    happen (StageError, 409, if not) and what the deadlines become. Steps
    outside the clocks' tables are history only. The audit payload never
    holds the complainant's identity."""
    day = on or timesource.today()
    existing = list(ComplaintEvent.objects.filter(complaint=row).order_by("seq"))
    written = settle(row, stage_events(existing), kind, day, days)
    if row.pk is not None:
        row.save(update_fields=[*written, "updated_at", *fields])
    event_row(
        actor=actor,
        row=row,
        seq=len(existing) + 1,
        kind=kind,
        day=day,
        days=days,
        note=note,
        payload=payload,
    ).save(force_insert=True)
    audit_step(actor=actor, row=row, kind=kind, day=day, days=days, payload=payload)
    return row
