"""Reads of ratings, always through the actor's authority: a department sees
the ratings, rectifications and appeals of its own scope; the supervision
office (全部 scope) sees every one."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from xiaoneng.cases.models import Case
from xiaoneng.cases.selectors import cases_for_actor
from xiaoneng.core.clock import AlertBounds
from xiaoneng.core.errors import NotFound
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.authority import scope_q
from xiaoneng.web.lights import Light, lit, unlit

from .models import (
    OPEN_RECTIFICATION,
    Appeal,
    AppealStatus,
    Rating,
    Rectification,
    RectificationStatus,
    Visit,
)
from .vocabulary import appeal_not_found, rating_not_found, rectification_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def own_case_to_rate(actor: Actor, case_id: int) -> Case:
    """A case the actor rates from its account (申请人账号评价): read through the
    case scope, and only its own application or agency — any other case is
    not_found, whether it exists or not."""
    case = (
        cases_for_actor(actor)
        .filter(Q(applicant=actor) | Q(agent=actor), pk=case_id)
        .select_related("item", "department")
        .first()
    )
    if case is None:
        raise NotFound("办件不存在或无权评价", code="case_not_found")
    return case


def rating_of_case(case: Case) -> Rating | None:
    """The rating of a case already read through its scope (一事一评: at most one)."""
    return Rating.objects.filter(case=case).first()


def rectification_of_rating(rating: Rating) -> Rectification | None:
    """The rectification a bad rating opened (at most one), for a rating
    already read through its scope or just written."""
    return Rectification.objects.filter(rating=rating).first()


def is_rated(*, case: Case | None = None, visit: Visit | None = None) -> bool:
    """Whether a case or a window visit (already read through its scope or its
    code) has been rated."""
    if case is not None:
        return Rating.objects.filter(case=case).exists()
    return Rating.objects.filter(visit=visit).exists()


def ratings_for_actor(actor: Actor) -> QuerySet[Rating]:
    return Rating.objects.filter(scope_q(actor, dept_field="department")).select_related(
        "department", "case", "case__item", "visit"
    )


def rating_for_actor(actor: Actor, rating_id: int) -> Rating:
    rating = ratings_for_actor(actor).filter(pk=rating_id).first()
    if rating is None:
        raise rating_not_found()
    return rating


def rectifications_for_actor(actor: Actor) -> QuerySet[Rectification]:
    return Rectification.objects.filter(scope_q(actor, dept_field="department")).select_related(
        "department", "rating", "rating__case", "rating__case__item", "rating__visit", "handler"
    )


def rectifications_on_desk(actor: Actor, status: str) -> QuerySet[Rectification]:
    """差评整改 desk: "pending" (在办) is every status not yet closed; a
    status's own value filters on that one status; anything else lists all.
    By deadline."""
    qs = rectifications_for_actor(actor)
    if status == "pending":
        qs = qs.filter(status__in=OPEN_RECTIFICATION)
    elif status in RectificationStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("due_on", "id")


def open_rectification_count(actor: Actor) -> int:
    return rectifications_for_actor(actor).filter(status__in=OPEN_RECTIFICATION).count()


def rectification_for_actor(actor: Actor, rectification_id: int) -> Rectification:
    row = rectifications_for_actor(actor).filter(pk=rectification_id).first()
    if row is None:
        raise rectification_not_found()
    return row


def appeals_for_actor(actor: Actor) -> QuerySet[Appeal]:
    return Appeal.objects.filter(scope_q(actor, dept_field="department")).select_related(
        "department", "rating", "rating__case", "rating__case__item", "rating__visit", "filed_by"
    )


def appeal_for_actor(actor: Actor, appeal_id: int) -> Appeal:
    row = appeals_for_actor(actor).filter(pk=appeal_id).first()
    if row is None:
        raise appeal_not_found()
    return row


def pending_first(qs: QuerySet[Appeal]) -> QuerySet[Appeal]:
    """待审核 first (oldest first), then the decided ones, latest first."""
    pending = Q(status=AppealStatus.PENDING)
    return qs.annotate(is_pending=ExpressionWrapper(pending, output_field=BooleanField())).order_by(
        "-is_pending", "filed_on", "id"
    )


def visit_by_code(code: str) -> Visit:
    visit = (
        Visit.objects.select_related("window", "department")
        .filter(code=(code or "").strip().upper())
        .first()
    )
    if visit is None:
        raise NotFound("评价码不正确", code="visit_not_found")
    return visit


def time_left(row: Rectification, today: date, calendar: WorkCalendar) -> Light:
    """The light and working days left of a rectification (deadline at the end of its day)."""
    if row.status == RectificationStatus.CLOSED:
        return unlit("按期办结" if row.on_time else "逾期办结")
    if row.status == RectificationStatus.VOIDED:
        return unlit("申诉成立，整改撤销")
    level = AlertBounds.on(today, calendar).level(row.due_on)
    return lit(level, calendar.workdays_between(today, row.due_on))
