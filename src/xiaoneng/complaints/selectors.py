"""Reads of complaints, always through the actor's authority.

The complainant's identity is for `complaint.handle` only. The accused
department (`complaint.explain`) reads its complaints through a projection
of named fields (`ACCUSED_FIELDS`: dicts, never model rows, so no template
or serialiser can reach a sealed field by accident). The complainant's own
look-up is by number and query code; `public_track` carries no identity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.clock.fold import AlertLevel, light
from xiaoneng.core.text import query_digest
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.authority import has_perm, scope_q

from .models import (
    SUBSTANTIATED,
    Complaint,
    ComplaintCard,
    ComplaintEvent,
    Outcome,
    Satisfaction,
    Status,
)
from .vocabulary import EVENT_WORDS, complaint_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.scores.periods import Period

CENTRE_PERMISSIONS = ("complaint.handle", "complaint.extend.approve")
IDENTITY_FIELDS = (
    "complainant_name",
    "complainant_phone",
    "complainant_phone_digest",
    "complainant_id_no",
    "complainant_id_no_digest",
    "complainant_address",
    "complainant_user",
    "query_digest",
)
# What the accused department sees of its complaints: the matter, never who complained.
ACCUSED_FIELDS = (
    "id",
    "number",
    "category",
    "channel",
    "department_id",
    "department__name",
    "staff_name",
    "title",
    "description",
    "address_string",
    "status",
    "received_on",
    "accepted_on",
    "explanation_questions",
    "explanation_requested_on",
    "explanation_due_on",
    "explained_on",
    "explanation_text",
    "explanation_late",
    "outcome",
    "handling_opinion",
    "closed_on",
)


def as_id(value: Any) -> int:
    """A row id from any input; 0 (found nowhere) for anything else."""
    if isinstance(value, bool):
        return 0
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return 0
    return pk if 0 < pk < 2**63 else 0


def is_centre(actor: Actor | None) -> bool:
    return any(has_perm(actor, p) for p in CENTRE_PERMISSIONS)


def complaints_for(actor: Actor) -> QuerySet[Complaint]:
    """The centre's complaints (all it may see, with identity). Anyone else:
    none (the accused department reads `accused_complaints`)."""
    if not is_centre(actor):
        return Complaint.objects.none()
    return Complaint.objects.filter(scope_q(actor, dept_field="department")).select_related(
        "department", "handler", "merged_into"
    )


def complaint_for(actor: Actor, pk: Any) -> Complaint:
    row = complaints_for(actor).filter(pk=as_id(pk)).first()
    if row is None:
        raise complaint_not_found()
    return row


def accused_complaints(actor: Actor) -> QuerySet[Complaint, dict[str, Any]]:
    """The accused department's complaints that it was asked to explain, as
    dicts of `ACCUSED_FIELDS` only (complaint.explain, its own units)."""
    if not has_perm(actor, "complaint.explain"):
        return Complaint.objects.none().values(*ACCUSED_FIELDS)  # type: ignore[no-any-return]
    return (  # type: ignore[no-any-return]
        Complaint.objects.filter(scope_q(actor, dept_field="department"))
        .filter(explanation_requested_on__isnull=False)
        .order_by(F("explained_on").asc(nulls_first=True), "explanation_due_on", "id")
        .values(*ACCUSED_FIELDS)
    )


def accused_complaint(actor: Actor, pk: Any) -> dict[str, Any]:
    row = accused_complaints(actor).filter(pk=as_id(pk)).first()
    if row is None:
        raise complaint_not_found()
    return row


def complaint_by_query_code(number: str, query_code: str) -> Complaint:
    """The complainant's look-up: both must match; a wrong pair is not found."""
    row = (
        Complaint.objects.select_related("department")
        .filter(number=(number or "").strip() if isinstance(number, str) else "")
        .filter(query_digest=query_digest(query_code if isinstance(query_code, str) else ""))
        .first()
    )
    if row is None or not row.query_digest:
        raise complaint_not_found("投诉编号或查询码不正确")
    return row


def by_urgency(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Open first, the earliest deadline first; those without one last."""
    return qs.order_by("-is_open", F("due_on").asc(nulls_last=True), "id")


# --- lights --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lamp:
    level: str
    remaining: int | None


def lamp(
    due_on: date | None, today: date | None = None, calendar: WorkCalendar | None = None
) -> Lamp:
    """The light of a running deadline (none when nothing runs)."""
    if due_on is None:
        return Lamp(AlertLevel.NONE.value, None)
    day = today or timesource.today()
    remaining = (calendar or current_calendar()).workdays_between(day, due_on)
    return Lamp(light(remaining, day > due_on, 1).value, remaining)


def light_q(level: str, today: date, calendar: WorkCalendar) -> Q:
    """Complaints at a light level, as a filter on `due_on` (warning: due
    within one working day)."""
    warning_until = calendar.add_workdays(today, 1)
    if level == AlertLevel.OVERDUE:
        return Q(is_open=True, due_on__lt=today)
    if level == AlertLevel.WARNING:
        return Q(is_open=True, due_on__gte=today, due_on__lte=warning_until)
    if level == AlertLevel.NORMAL:
        return Q(is_open=True, due_on__gt=warning_until)
    return Q(due_on__isnull=True)


# --- the complainant's tracking ------------------------------------------------------------


def _steps(row: Complaint) -> list[dict[str, Any]]:
    events = ComplaintEvent.objects.filter(complaint=row).order_by("seq")
    return [
        {"kind": e.kind, "label": EVENT_WORDS.get(e.kind, e.kind), "on": e.on}
        for e in events
        if e.kind in PUBLIC_STEPS
    ]


PUBLIC_STEPS = {
    "received",
    "accepted",
    "declined",
    "transferred",
    "merged",
    "extended",
    "concluded",
    "reexam_requested",
    "reexamined",
    "callback",
    "rated",
}


def public_track(number: str, query_code: str) -> dict[str, Any]:
    """What the complainant sees by number and query code: the matter, the
    steps and dates, the reply — no identity, no staff or explanation text."""
    row = complaint_by_query_code(number, query_code)
    today = timesource.today()
    calendar = current_calendar()
    window_end = None
    if row.replied_on is not None and row.status == Status.CONCLUDED:
        from .clock import rules

        window_end = calendar.add_workdays(row.replied_on, rules().reexamination_window_days)
    answered = row.status in (
        Status.CONCLUDED,
        Status.REEXAMINING,
        Status.REEXAMINED,
        Status.DECLINED,
    )
    return {
        "number": row.number,
        "status": row.status,
        "status_label": row.get_status_display(),
        "category": row.category,
        "category_label": row.get_category_display(),
        "department": row.department.name,
        "title": row.title,
        "received_on": row.received_on,
        "accept_due_on": row.accept_due_on,
        "accepted_on": row.accepted_on,
        "conclude_due_on": row.conclude_due_on,
        "closed_on": row.closed_on,
        "outcome": row.effective_outcome,
        "outcome_label": Outcome(row.effective_outcome).label if row.effective_outcome else "",
        "reply_text": row.reexamination_reply or row.reply_text,
        "replied_on": row.reexamined_on or row.replied_on,
        "decline_reason": row.decline_reason,
        "transferred_to": row.transferred_to,
        "merged_into": row.merged_into.number if row.merged_into is not None else "",
        "satisfaction": row.satisfaction,
        "satisfaction_label": Satisfaction(row.satisfaction).label if row.satisfaction else "",
        "can_rate": answered and row.satisfaction_source != "complainant",
        "can_reexamine": (
            window_end is not None
            and today <= window_end
            and row.reexamination_requested_on is None
        ),
        "reexamination_last_day": window_end,
        "reexamination_due_on": row.reexamination_due_on,
        "steps": _steps(row),
    }


# --- metric sources (scores) ---------------------------------------------------------------


def substantiated_by_unit(period: Period, level: str) -> dict[int, int]:
    """属实 and 部分属实 complaints per department, by the date of the result
    in force (the re-examination's when there is one)."""
    if level != "department":
        return {}
    first = Q(
        reexamination_outcome="",
        outcome__in=SUBSTANTIATED,
        closed_on__range=(
            period.start,
            period.end,
        ),
    )
    second = Q(
        reexamination_outcome__in=SUBSTANTIATED,
        reexamined_on__range=(period.start, period.end),
    )
    rows = (
        Complaint.objects.filter(first | second)
        .values("department_id")
        .annotate(n=Count("id"))
        .values_list("department_id", "n")
    )
    return dict(rows)


def cards_by_unit(colour: str, period: Period, level: str) -> dict[int, int]:
    """Complaint cards of a colour per department, by the day issued."""
    if level != "department":
        return {}
    rows = (
        ComplaintCard.objects.filter(colour=colour, issued_on__range=(period.start, period.end))
        .values("department_id")
        .annotate(n=Count("id"))
        .values_list("department_id", "n")
    )
    return dict(rows)


# --- the centre's queue --------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""  # a Status, "open" (every open one) or "" (all)
    light: str = ""
    category: str = ""
    department_id: int = 0


def filtered_queue(
    actor: Actor, wanted: QueueFilter, calendar: WorkCalendar, today: date
) -> QuerySet[Complaint]:
    """The centre's complaints by urgency, filtered by status, light, category, department."""
    qs = complaints_for(actor)
    if wanted.status == "open":
        qs = qs.filter(is_open=True)
    elif wanted.status in Status.values:
        qs = qs.filter(status=wanted.status)
    if wanted.light in {a.value for a in AlertLevel}:
        qs = qs.filter(light_q(wanted.light, today, calendar))
    if wanted.category:
        qs = qs.filter(category=wanted.category)
    if wanted.department_id:
        qs = qs.filter(department_id=wanted.department_id)
    return by_urgency(qs)


def possible_duplicates(row: Complaint) -> list[Complaint]:
    """Other complaints of the same complainant (account or phone) about the
    same department, not merged away: the candidates to merge with."""
    same = Q(pk__in=[])
    if row.complainant_user_id is not None:
        same |= Q(complainant_user_id=row.complainant_user_id)
    if row.complainant_phone_digest:
        same |= Q(complainant_phone_digest=row.complainant_phone_digest)
    return list(
        Complaint.objects.filter(same, department_id=row.department_id)
        .exclude(pk=row.pk)
        .exclude(status=Status.MERGED)
        .order_by("-id")[:10]
    )
