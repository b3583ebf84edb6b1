"""Reads of the decision procedure, always through the actor's authority.

- The sponsor unit (`decision.sponsor`) reads its own unit's decisions.
- The government office (`decision.catalog`, `decision.meeting`), the legal
  office (`decision.legality`), the supervision bureau (`supervision.manage`:
  the 监察局 itself, not every role that may look at the supervision desks —
  the complaint centre, finance and the inspectors hold `supervision.view`
  and must not read unpublished drafts, risk reports and legality opinions)
  and the city's leaders (`leader.approve`) read within their data scope
  (the mayor all, a vice mayor his portfolio); read only unless an action
  allows more.
- The public reads the published catalogue, open consultations and
  published decisions (`published_decisions`, used by openinfo too)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.db.models import Case, IntegerField, QuerySet, Value, When

from xiaoneng.core import timesource
from xiaoneng.core.clock import AlertLevel
from xiaoneng.core.errors import NotFound
from xiaoneng.org.authority import has_perm, scope_q
from xiaoneng.web.lights import Light, lit, unlit

from . import gates
from .models import (
    CataloguePublication,
    Consultation,
    Decision,
    Discussion,
    LegalityReview,
    OpinionFile,
    Outcome,
    ReviewResult,
    Stage,
)

if TYPE_CHECKING:
    from xiaoneng.core.workdays import WorkCalendar
    from xiaoneng.org.actor import Actor

SPONSOR = "decision.sponsor"
CATALOG = "decision.catalog"
LEGALITY = "decision.legality"
MEETING = "decision.meeting"
SUPERVISE = "supervision.manage"
LEADER = "leader.approve"
READ_PERMISSIONS = (SPONSOR, CATALOG, LEGALITY, MEETING, SUPERVISE, LEADER)
PUBLIC_STAGES = (Stage.PUBLISHED, Stage.ARCHIVED)


def decisions_for(actor: Actor | None) -> QuerySet[Decision]:
    qs = Decision.objects.select_related("sponsor")
    if not any(has_perm(actor, p) for p in READ_PERMISSIONS):
        return qs.none()
    return qs.filter(scope_q(actor, dept_field="sponsor"))


def in_procedure_order(qs: QuerySet[Decision]) -> QuerySet[Decision]:
    """By how far along the procedure each decision is (listed first, archived
    last — `Stage` is declared in procedure order), then by registration date."""
    step = Case(
        *(When(stage=value, then=Value(n)) for n, value in enumerate(Stage.values)),
        default=Value(len(Stage.values)),
        output_field=IntegerField(),
    )
    return qs.annotate(procedure_step=step).order_by("procedure_step", "registered_on", "id")


def decision_for(actor: Actor | None, pk: int) -> Decision:
    row = decisions_for(actor).filter(pk=pk).first()
    if row is None:
        raise NotFound("决策事项不存在或无权查看", code="decision_not_found")
    return row


def opinion_file_for(actor: Actor | None, decision_pk: int, file_pk: int) -> OpinionFile:
    """An expert opinion's scan the actor may read: through the decision it belongs to."""
    row = OpinionFile.objects.filter(
        pk=file_pk, opinion__decision__in=decisions_for(actor).filter(pk=decision_pk)
    ).first()
    if row is None:
        raise NotFound("附件不存在或无权查看", code="decision_file_not_found")
    return row


def open_opinion_file(row: OpinionFile) -> Any:
    """The stored scan, opened for reading (the caller closes it)."""
    try:
        return default_storage.open(row.stored_path, "rb")
    except FileNotFoundError:
        raise NotFound("附件文件已不存在", code="decision_file_not_found") from None


def latest_discussion(decision: Decision) -> Discussion | None:
    """The latest meeting that discussed the decision (it decides; earlier,
    deferred ones stay on the file)."""
    if decision.pk is None:
        return None
    return decision.discussions.order_by("-held_on", "-id").first()


def passing_review(decision: Decision) -> LegalityReview | None:
    """The round that makes 合法性审查 done: the latest round, passed, and
    on the draft as it now stands (a draft changed after review is not the
    reviewed one)."""
    review = decision.reviews.order_by("-round").first()
    if review is None or review.result != ReviewResult.PASSED or review.draft != decision.draft:
        return None
    return review


def done_of(decision: Decision) -> gates.Done:
    """Which gates of the decision are done (read from its records)."""
    consultation = Consultation.objects.filter(decision=decision).first()
    risk = decision.risks.order_by("-id").first()
    discussion = latest_discussion(decision)
    return gates.Done(
        consultation=bool(
            consultation
            and consultation.adoption_published_on
            and (not consultation.hearing_required or consultation.hearing_on)
        ),
        experts=decision.opinions.exists(),
        risk=bool(risk and risk.controllable),
        legality=passing_review(decision) is not None,
        meeting=bool(discussion and discussion.outcome == Outcome.ADOPTED),
        publication=decision.published_on is not None,
    )


def reviews_for(actor: Actor | None) -> QuerySet[LegalityReview]:
    """The legal office's desk: review rounds in its scope, pending first."""
    if not has_perm(actor, LEGALITY):
        return LegalityReview.objects.none()
    return (
        LegalityReview.objects.filter(scope_q(actor, dept_field="decision__sponsor"))
        .select_related("decision", "decision__sponsor")
        .order_by("result", "due_on", "id")
    )


WARNING_WORKDAYS = 1


def review_light(review: LegalityReview, today: date, calendar: WorkCalendar) -> Light:
    """A review round's light: green while in time, yellow on its last
    working day(s), red past its due day; a concluded round is unlit."""
    if review.result != ReviewResult.PENDING:
        on_time = review.reviewed_on is not None and review.reviewed_on <= review.due_on
        return unlit(
            f"{review.get_result_display()}（{'按期' if on_time else '逾期'}）", due=review.due_on
        )
    remaining = calendar.workdays_between(today, review.due_on)
    if today > review.due_on:
        level = AlertLevel.OVERDUE
    elif remaining <= WARNING_WORKDAYS:
        level = AlertLevel.WARNING
    else:
        level = AlertLevel.NORMAL
    return lit(level, remaining, due=review.due_on)


# --- public ----------------------------------------------------------------------


def published_catalogue(year: int) -> tuple[CataloguePublication | None, QuerySet[Decision]]:
    publication = CataloguePublication.objects.filter(year=year).first()
    if publication is None:
        return None, Decision.objects.none()
    return publication, Decision.objects.filter(year=year, in_catalogue=True).select_related(
        "sponsor"
    )


def catalogue_years() -> list[int]:
    return list(CataloguePublication.objects.order_by("-year").values_list("year", flat=True))


def open_consultations() -> QuerySet[Consultation]:
    """意见征集: drafts published for comment whose period is under way."""
    today = timesource.today()
    return (
        Consultation.objects.filter(opens_on__lte=today, closes_on__gte=today, closed_on=None)
        .select_related("decision", "decision__sponsor")
        .order_by("closes_on", "id")
    )


def public_consultation(pk: int) -> Consultation:
    row = Consultation.objects.filter(decision_id=pk).select_related("decision").first()
    if row is None:
        raise NotFound("征求意见不存在", code="decision_not_found")
    return row


def published_decisions(*, year: int | None = None) -> QuerySet[Decision]:
    """Published decisions (公布), newest first; `year` filters by publication year."""
    qs = Decision.objects.filter(stage__in=PUBLIC_STAGES, published_on__isnull=False)
    if year is not None:
        qs = qs.filter(published_on__year=year)
    return qs.select_related("sponsor").order_by("-published_on", "-id")


def published_decision(pk: int) -> Decision:
    row = published_decisions().filter(pk=pk).first()
    if row is None:
        raise NotFound("决策不存在或尚未公布", code="decision_not_found")
    return row
