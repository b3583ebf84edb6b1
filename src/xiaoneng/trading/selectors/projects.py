"""Reads of part A, every one scoped by `common.projects_for`: the staff
list with its filters, the project page's rounds, notices and timeline, the
steps a user may take on a project now, and the desks — the runner's (its
projects with the next step and its due day), the centre's (registrations
to accept, openings of the coming days with their rooms, the venues'
schedule) and the regulator's (its kinds' projects, suspended ones)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures import tendering
from xiaoneng.trading.common import (
    CENTRE,
    CLOSED_STATUSES,
    RUNNER,
    acts_as,
    projects_for,
    regulated_kinds,
)
from xiaoneng.trading.models import (
    Booking,
    Kind,
    Notice,
    Project,
    Round,
    RoundStatus,
    Status,
    Venue,
)
from xiaoneng.trading.vocabulary import EVENTS

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

UPCOMING_DAYS = 7


def filtered(
    actor: Actor | None, *, kind: str = "", status: str = "", keyword: str = ""
) -> QuerySet[Project]:
    """The staff list: the actor's projects, by kind, status and a word of
    the code, title or tenderer."""
    qs = projects_for(actor)
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    if status in Status.values:
        qs = qs.filter(status=status)
    if word := keyword.strip()[:50]:
        qs = qs.filter(
            Q(code__icontains=word) | Q(title__icontains=word) | Q(tenderer__name__icontains=word)
        )
    return qs.order_by("-registered_at", "-id")


def current_round(project: Project) -> Round | None:
    return project.rounds.filter(number=project.round_no).first()


def rounds_of(project: Project) -> list[Round]:
    return list(project.rounds.prefetch_related("bookings__venue").order_by("number"))


def notices_of(project: Project) -> list[Notice]:
    return list(project.notices.select_related("round", "published_by").prefetch_related("files"))


@dataclass(frozen=True)
class Moment:
    at: datetime
    label: str
    who: str


# A bidder's own steps before the opening: the bid is counted, never named
# (招标投标法 art. 22: who bids stays secret until the deadline); an expert's
# scores neither (实施条例 art. 46: the committee is secret until the result).
UNNAMED = {"trading.bid_submitted", "trading.bid_withdrawn", "trading.scores_submitted"}


def timeline(project: Project) -> list[Moment]:
    """The project's audit events in order, each said in words."""
    rows = AuditEvent.objects.filter(
        object_type="trading_project", object_id=str(project.pk)
    ).order_by("seq")
    return [
        Moment(
            at=e.occurred_at,
            label=EVENTS.get(e.event_type, e.event_type),
            who="" if e.event_type in UNNAMED else e.actor_name,
        )
        for e in rows
    ]


def next_steps(user: User | Any, project: Project) -> set[str]:
    """The step forms this user may act on now (capacity and status)."""
    if project.status in CLOSED_STATUSES or project.suspended_at is not None:
        return set()
    steps: set[str] = set()
    if acts_as(user, project, CENTRE):
        if project.status == Status.REGISTERED:
            steps |= {"accept", "reject"}
        if project.status not in (Status.REGISTERED, Status.ACCEPTED):
            steps.add("book")
    if acts_as(user, project, RUNNER):
        if project.status in (Status.ACCEPTED, Status.RETENDER):
            steps.add("announce")
        if project.status == Status.TENDERING:
            round_ = current_round(project)
            if round_ and round_.bid_deadline and round_.bid_deadline > timesource.now():
                steps |= {"clarify", "deadline"}
        if project.status != Status.AWARDED:
            steps.add("terminate")
    return steps


@dataclass(frozen=True)
class NextStep:
    words: str
    due: date | None


# The next step of a status with no date of its own.
PLAIN_STEPS: dict[str, str] = {
    Status.REGISTERED: "等待交易中心受理",
    Status.ACCEPTED: "发布招标公告",
    Status.RETENDER: "重新招标",
    Status.EVALUATING: "评标",
}


def next_step_of(project: Project, round_: Round | None) -> NextStep:
    """What the runner has to do next, and by when where the law says."""
    status = project.status
    if status in PLAIN_STEPS:
        return NextStep(PLAIN_STEPS[status], None)
    if status == Status.TENDERING and round_ and round_.bid_deadline:
        day = round_.bid_deadline.astimezone(timesource.SHANGHAI).date()
        latest = tendering.clarification_latest(project.kind, day)
        if timesource.today() <= latest:
            return NextStep("澄清或修改的最后一日", latest)
        return NextStep("投标截止、开标", day)
    if status == Status.PUBLICISING and round_ and round_.publicity_ends_on:
        return NextStep("公示期满后定标", round_.publicity_ends_on)
    award = getattr(round_, "award", None) if status == Status.AWARDED and round_ else None
    if award is not None:
        return NextStep("签订合同", award.contract_due)
    return NextStep(project.get_status_display(), None)


def runner_desk(actor: Actor | None) -> list[dict[str, Any]]:
    """The runner's open projects with the next step and its due day, soonest first."""
    rows: list[tuple[NextStep, Project, Round | None]] = []
    for p in projects_for(actor).exclude(status__in=CLOSED_STATUSES)[:100]:
        round_ = current_round(p)
        rows.append((next_step_of(p, round_), p, round_))
    rows.sort(key=lambda r: (r[0].due is None, r[0].due or date.max))
    return [{"p": p, "round": r, "next": n} for n, p, r in rows]


def to_accept(actor: Actor | None) -> QuerySet[Project]:
    return projects_for(actor).filter(status=Status.REGISTERED).order_by("registered_at", "id")


def openings(actor: Actor | None, days: int = UPCOMING_DAYS) -> list[dict[str, Any]]:
    """Rounds whose deadline (the opening) falls today or in the next `days`
    days, with the opening room booked for them (or none yet)."""
    start = timesource.today()
    lo = datetime.combine(start, datetime.min.time(), tzinfo=timesource.SHANGHAI)
    hi = lo + timedelta(days=days + 1)
    rounds = (
        Round.objects.filter(
            project__in=projects_for(actor),
            status__in=[RoundStatus.OPEN, RoundStatus.OPENING],
            bid_deadline__gte=lo,
            bid_deadline__lt=hi,
        )
        .select_related("project")
        .prefetch_related("bookings__venue")
        .order_by("bid_deadline")
    )
    return [
        {"round": r, "rooms": [b for b in r.bookings.all() if b.cancelled_at is None]}
        for r in rounds
    ]


def schedule(day: date, days: int = UPCOMING_DAYS) -> list[dict[str, Any]]:
    """Each active venue with its live bookings from `day` for `days` days."""
    lo = datetime.combine(day, datetime.min.time(), tzinfo=timesource.SHANGHAI)
    hi = lo + timedelta(days=days)
    bookings = (
        Booking.objects.filter(cancelled_at__isnull=True, starts_at__lt=hi, ends_at__gt=lo)
        .select_related("round__project", "venue")
        .order_by("starts_at")
    )
    by_venue: dict[int, list[Booking]] = {}
    for b in bookings:
        by_venue.setdefault(b.venue_id, []).append(b)
    return [{"venue": v, "bookings": by_venue.get(v.pk, [])} for v in venues()]


def venues() -> QuerySet[Venue]:
    return Venue.objects.filter(active=True).order_by("kind", "name")


def bookable_rounds(actor: Actor | None) -> QuerySet[Round]:
    """Rounds a room may be booked for: announced, not finished."""
    return (
        Round.objects.filter(
            project__in=projects_for(actor).exclude(status__in=CLOSED_STATUSES),
            status__in=[RoundStatus.OPEN, RoundStatus.OPENING, RoundStatus.OPENED],
        )
        .select_related("project")
        .order_by("bid_deadline")
    )


def regulator_desk(actor: Actor | None) -> dict[str, Any]:
    kinds = regulated_kinds(actor)
    qs = projects_for(actor).filter(kind__in=kinds)
    return {
        "kinds": [Kind(k).label for k in kinds],
        "suspended": list(qs.filter(suspended_at__isnull=False).order_by("-suspended_at")[:50]),
        "running": list(qs.exclude(status__in=CLOSED_STATUSES).order_by("-registered_at")[:100]),
        "counts": _counts(qs),
    }


def _counts(qs: QuerySet[Project]) -> list[tuple[str, int]]:
    counted: dict[str, int] = {}
    for status in qs.values_list("status", flat=True):
        counted[status] = counted.get(status, 0) + 1
    return [(Status(s).label, n) for s, n in counted.items()]


def calendar_hint(kind: str, documents_from: date) -> date:
    """The earliest bid deadline for documents issued on `documents_from`."""
    return tendering.earliest_deadline(kind, documents_from, current_calendar())


def export_rows(projects: Iterable[Project]) -> list[list[object]]:
    return [
        [
            p.code,
            p.get_kind_display(),
            p.title,
            p.tenderer.name,
            p.agency.name if p.agency else "",
            p.estimate,
            p.get_status_display(),
            p.round_no,
            p.registered_at.astimezone(timesource.SHANGHAI).date(),
        ]
        for p in projects
    ]
