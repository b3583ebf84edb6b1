"""What the case desks share: access, loading a visible case, search and
urgency order, and the rows of a case list (status tag and light from
`cases.labels`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from xiaoneng.cases.labels import STATUS_TAGS, light_of
from xiaoneng.cases.models import Case
from xiaoneng.cases.selectors import case_for_actor
from xiaoneng.core.errors import NotFound
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.authority import has_perm
from xiaoneng.web.lights import Light

# Who may open the shared case page (read); each step still checks its own permission.
STAFF_PERMISSIONS = (
    "case.intake",
    "case.review",
    "case.decide",
    "case.extend.approve",
    "leader.approve",
    "supervision.view",
)


def require_any(request: HttpRequest, *permissions: str) -> None:
    """403 unless the signed-in user holds one of the function permissions."""
    if not any(has_perm(request.user, code) for code in permissions):
        raise PermissionDenied


def visible_case(actor: Any, pk: int) -> Case:
    """The case through the actor's scope; 404 whether absent or out of scope."""
    try:
        return case_for_actor(actor, pk)
    except NotFound:
        raise Http404("办件不存在或无权查看") from None


def load_case(actor: Any, pk: int) -> Case:
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


@dataclass(frozen=True)
class CaseRow:
    case: Case
    status_css: str
    light: Light


def case_rows(cases: Any, today: date, calendar: WorkCalendar) -> list[CaseRow]:
    return [CaseRow(c, STATUS_TAGS.get(c.status, ""), light_of(c, today, calendar)) for c in cases]


def once(response: HttpResponse) -> HttpResponse:
    """A page with the query code: kept by no cache, not even the browser's."""
    add_never_cache_headers(response)
    return response
