"""What the case desks share: who may open the shared case page, loading a
visible case, search and urgency order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet, prefetch_related_objects
from django.http import Http404

from xiaoneng.cases.models import Case
from xiaoneng.cases.selectors import case_for_actor
from xiaoneng.core.errors import NotFound

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

# Who may open the shared case page (read); each step still checks its own permission.
STAFF_PERMISSIONS = (
    "case.intake",
    "case.review",
    "case.decide",
    "case.extend.approve",
    "leader.approve",
    "supervision.view",
)


def visible_case(actor: Actor, pk: int) -> Case:
    """The case through the actor's scope; 404 whether absent or out of scope."""
    try:
        return case_for_actor(actor, pk)
    except NotFound:
        raise Http404("办件不存在或无权查看") from None


def load_case(actor: Actor, pk: int) -> Case:
    """A visible case with what its page shows fetched in a few queries."""
    case = visible_case(actor, pk)
    prefetch_related_objects(
        [case], "events", "item__materials", "opinions__department", "opinions__given_by"
    )
    return case


def by_urgency(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Most urgent first: the earliest running deadline, cases without one last."""
    return qs.order_by(F("due_on").asc(nulls_last=True), "id")


def search(qs: QuerySet[Case], query: str, status: str) -> QuerySet[Case]:
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(tracking_no__icontains=query)
            | Q(applicant_name__icontains=query)
            | Q(item__name__icontains=query)
            | Q(item__code=query)
        )
    if status:
        qs = qs.filter(status=status)
    return qs
