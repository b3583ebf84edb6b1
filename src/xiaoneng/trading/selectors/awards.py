"""Reads of part D, scoped by the actor: the runner's objections to answer,
the regulator's complaints, the project page's awards section, the round
an award form is for, the award a contract form is for. Every running
deadline with its light (yellow on the last working day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.clock import AlertBounds
from xiaoneng.core.clock.procedures import tendering
from xiaoneng.core.inputs import local_day
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.authority import has_perm
from xiaoneng.org.models import User
from xiaoneng.trading.common import (
    REGULATOR,
    RUNNER,
    SUPERVISE,
    SUPERVISE_VIEW,
    TENDERER,
    acts_as,
    projects_for,
    regulated_kinds,
)
from xiaoneng.trading.models import (
    Award,
    Candidate,
    Complaint,
    Contract,
    Objection,
    Project,
    Round,
    Status,
)
from xiaoneng.web.lights import Light, lit, unlit

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

WARNING_WORKDAYS = 1  # the reply's 3 days leave no room for more


def light(due: date, today: date, calendar: WorkCalendar, *, done: str = "") -> Light:
    if done:
        return unlit(done, due=due)
    level = AlertBounds.on(today, calendar, WARNING_WORKDAYS).level(due)
    return lit(level, calendar.workdays_between(today, due), due=due)


@dataclass(frozen=True)
class Row:
    """A row of a desk: the record and its deadline's light."""

    item: Any
    light: Light


def objections_to_answer(actor: Actor | None) -> list[Row]:
    """Unanswered objections of the projects the actor runs (tenderer or agency)."""
    if not isinstance(actor, User):
        return []
    user = actor
    rows = (
        Objection.objects.filter(replied_at=None, round__project__in=projects_for(user))
        .select_related("round__project__tenderer", "round__project__agency", "party")
        .order_by("reply_due", "id")
    )
    today, calendar = timesource.today(), current_calendar()
    return [
        Row(o, light(o.reply_due, today, calendar))
        for o in rows[:500]
        if acts_as(user, o.round.project, RUNNER)
    ]


def complaints_for(actor: Actor | None) -> QuerySet[Complaint]:
    """Complaints of the kinds the actor regulates (all for supervision)."""
    qs = Complaint.objects.select_related("project", "party", "objection").order_by(
        "decided_at", "decide_due", "id"
    )
    if has_perm(actor, SUPERVISE) or has_perm(actor, SUPERVISE_VIEW):
        return qs
    return qs.filter(project__kind__in=regulated_kinds(actor))


def complaint_rows(actor: Actor | None, *, open_only: bool = True) -> list[Row]:
    qs = complaints_for(actor)
    if open_only:
        qs = qs.filter(decided_at=None)
    today, calendar = timesource.today(), current_calendar()
    return [
        Row(c, light(c.decide_due, today, calendar, done="已处理" if c.decided_at else ""))
        for c in qs[:500]
    ]


def suspended_projects(actor: Actor | None) -> QuerySet[Project]:
    return projects_for(actor).filter(suspended_at__isnull=False, kind__in=regulated_kinds(actor))


def round_for(user: User, round_id: int, capacity: str = TENDERER) -> Round | None:
    """The round an award form is for, when the user acts on its project."""
    row = Round.objects.select_related("project__tenderer").filter(pk=round_id).first()
    if row is None or not acts_as(user, row.project, capacity):  # type: ignore[arg-type]
        return None
    return row


def candidates_of(round_: Round) -> list[Candidate]:
    return list(
        Candidate.objects.filter(round=round_).select_related("bid__bidder").order_by("rank")
    )


def award_for(user: User, award_id: int) -> Award | None:
    row = (
        Award.objects.select_related("round__project__tenderer", "bid__bidder")
        .filter(pk=award_id)
        .first()
    )
    if row is None or not acts_as(user, row.round.project, TENDERER):
        return None
    return row


def publicised_round(round_id: int) -> Round | None:
    """A round whose candidates are public (a bidder's objection form)."""
    return (
        Round.objects.select_related("project")
        .filter(pk=round_id, candidates_published_at__isnull=False)
        .first()
    )


def _contract(award: Award | None) -> Contract | None:
    if award is None:
        return None
    return Contract.objects.filter(award=award).first()


def section(user: User, project: Project) -> dict[str, Any]:
    """The project page's awards section for this user, or {} when none of it is theirs."""
    runner = acts_as(user, project, RUNNER)
    tenderer = acts_as(user, project, TENDERER)
    regulator = acts_as(user, project, REGULATOR)
    watcher = has_perm(user, SUPERVISE) or has_perm(user, SUPERVISE_VIEW)
    centre = acts_as(user, project, "centre")
    if not (runner or regulator or watcher or centre):
        return {}
    today, calendar = timesource.today(), current_calendar()
    rounds = []
    for r in project.rounds.filter(candidates_published_at__isnull=False).order_by("number"):
        assert r.candidates_published_at is not None  # the filter
        published = local_day(r.candidates_published_at)
        award = Award.objects.filter(round=r).select_related("bid__bidder").first()
        contract = _contract(award)
        objections = [
            Row(o, light(o.reply_due, today, calendar, done="已答复" if o.replied_at else ""))
            for o in Objection.objects.filter(round=r).select_related("party")
        ]
        rounds.append(
            {
                "round": r,
                "candidates": candidates_of(r),
                "published_on": published,
                "award_earliest": tendering.award_earliest(project.kind, published),
                "objections": objections,
                "award": award,
                "contract": contract,
                "contract_light": (
                    light(
                        award.contract_due,
                        today,
                        calendar,
                        done=f"已签订（{contract.signed_on}）" if contract else "",
                    )
                    if award
                    else None
                ),
            }
        )
    evaluated = project.rounds.filter(
        status="evaluated", candidates_published_at__isnull=True
    ).first()
    complaints = [
        Row(c, light(c.decide_due, today, calendar, done="已处理" if c.decided_at else ""))
        for c in project.complaints.select_related("party").order_by("id")
    ]
    return {
        "awards_section": {
            "rounds": rounds,
            "complaints": complaints if (runner or regulator or watcher) else [],
            "can_publish": runner and evaluated is not None and project.status == Status.EVALUATING,
            "to_publish": evaluated,
            "can_award": tenderer and project.status == Status.PUBLICISING,
            "can_contract": tenderer and project.status == Status.AWARDED,
            "can_answer": runner,
            "regulator": regulator,
            "suspended": project.suspended_at is not None,
            "today": today,
        }
    }
