"""Reads of appraisal, by the actor's authority.

- The 督查室 (`appraisal.manage`) reads everything: bulletins, rankings,
  inspections, year-end results in every state.
- The organisation department and the mayor (`appraisal.results`) read the
  year-end results once approved (a draft is the 督查室's working state),
  with their rewards.
- Anyone, signed in or not, reads only the published snapshots
  (`Publication`): the task board, the quarter rankings and the grades —
  units by name, never a person."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from xiaoneng.core.text import as_int
from xiaoneng.org.authority import has_perm
from xiaoneng.org.models import Department

from .actions.common import MANAGE, RESULTS
from .models import (
    Bulletin,
    Inspection,
    Publication,
    PublicationKind,
    QuarterRanking,
    YearResult,
    YearStatus,
    class_order,
)
from .vocabulary import not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def manages(actor: Actor | None) -> bool:
    return has_perm(actor, MANAGE)


def reads_results(actor: Actor | None) -> bool:
    return has_perm(actor, MANAGE) or has_perm(actor, RESULTS)


def _one(qs: QuerySet[Any], pk: Any, what: str) -> Any:
    row = qs.filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise not_found(what)
    return row


def bulletins_for(actor: Actor | None) -> QuerySet[Bulletin]:
    return Bulletin.objects.all() if manages(actor) else Bulletin.objects.none()


def bulletin_for(actor: Actor | None, pk: Any) -> Bulletin:
    row: Bulletin = _one(bulletins_for(actor), pk, "bulletin")
    return row


def quarters_for(actor: Actor | None) -> QuerySet[QuarterRanking]:
    return QuarterRanking.objects.all() if manages(actor) else QuarterRanking.objects.none()


def quarter_for(actor: Actor | None, pk: Any) -> QuarterRanking:
    row: QuarterRanking = _one(quarters_for(actor), pk, "quarter")
    return row


def inspections_for(actor: Actor | None) -> QuerySet[Inspection]:
    return Inspection.objects.all() if manages(actor) else Inspection.objects.none()


def inspection_for(actor: Actor | None, pk: Any) -> Inspection:
    row: Inspection = _one(inspections_for(actor), pk, "inspection")
    return row


def results_for(actor: Actor | None) -> QuerySet[YearResult]:
    if manages(actor):
        return YearResult.objects.all()
    if has_perm(actor, RESULTS):
        return YearResult.objects.exclude(status=YearStatus.DRAFT)
    return YearResult.objects.none()


def result_for(actor: Actor | None, pk: Any) -> YearResult:
    row: YearResult = _one(results_for(actor), pk, "year")
    return row


def unit_names(ids: Any) -> dict[int, str]:
    return dict(Department.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def ranked_units(rows: Any) -> list[dict[str, Any]]:
    """A ranking's or result's rows with their unit's name, counties first."""
    rows = list(rows)
    names = unit_names(r.department_id for r in rows)
    ordered = sorted(rows, key=lambda r: (class_order(r.klass), r.rank, r.department_id))
    return [{"row": r, "department": names.get(r.department_id, "")} for r in ordered]


# --- public: the published snapshots only ------------------------------------------


def latest_board() -> Publication | None:
    return (
        Publication.objects.filter(kind=PublicationKind.TASKS)
        .order_by("-published_at", "-id")
        .first()
    )


def published(kind: str) -> QuerySet[Publication]:
    return Publication.objects.filter(kind=kind).order_by("-year", "-period", "-published_at")


def publication(pk: Any) -> Publication:
    row = Publication.objects.filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise not_found("publication")
    return row


def scorecard(department_id: int) -> dict[str, Any] | None:
    """A unit's public scorecard: its lines in the latest task board, in every
    published quarter ranking and year result. None: nothing published about it."""
    board = latest_board()
    tasks = [r for r in (board.rows if board else []) if r.get("department_id") == department_id]
    quarters = [
        {"publication": p, "line": line}
        for p in published(PublicationKind.QUARTER)
        for line in p.rows
        if line.get("department_id") == department_id
    ]
    years = [
        {"publication": p, "line": line}
        for p in published(PublicationKind.YEAR)
        for line in p.rows
        if line.get("department_id") == department_id
    ]
    if not (tasks or quarters or years):
        return None
    name = next(
        (
            x["department"]
            for x in [*tasks, *(q["line"] for q in quarters + years)]
            if x.get("department")
        ),
        "",
    )
    return {"name": name, "board": board, "tasks": tasks, "quarters": quarters, "years": years}
