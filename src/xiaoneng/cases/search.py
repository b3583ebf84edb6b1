"""综合查询: every case in the actor's scope — open or finished — found by
number, applicant, certificate number (exact, by its digest: the number is
sealed), the received and decided dates, status, item and department.

The staff desks share it (window, reviewer, head, supervision, leaders);
`case_scope` (scope_q over the handling department, plus 会签) bounds it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from .certificates import certificate_digest
from .models import Case
from .selectors import cases_for_actor

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

# Who may search: the desks that handle or watch cases (each step still
# checks its own permission when a found case is acted on).
SEARCH_PERMISSIONS = (
    "case.intake",
    "case.review",
    "case.decide",
    "case.extend.approve",
    "leader.approve",
    "supervision.view",
)


@dataclass(frozen=True)
class CaseFilters:
    """What the search form asked for; empty fields filter nothing."""

    q: str = ""  # 办件编号 (exact or partial) or 申请人 (partial)
    id_no: str = ""  # 证件号码, exact
    status: str = ""
    item_id: int | None = None
    department_id: int | None = None
    received_from: date | None = None
    received_to: date | None = None
    decided_from: date | None = None
    decided_to: date | None = None


def search_cases(actor: Actor, filters: CaseFilters) -> QuerySet[Case]:
    """The actor's cases matching `filters`, newest received first."""
    qs = cases_for_actor(actor)
    text = filters.q.strip()
    if text:
        qs = qs.filter(Q(tracking_no__icontains=text) | Q(applicant_name__icontains=text))
    if filters.id_no.strip():
        qs = qs.filter(applicant_id_digest=certificate_digest(filters.id_no))
    # Each filter that was given narrows the rows; an empty one is ignored.
    given = {
        "status": filters.status,
        "item_id": filters.item_id,
        "department_id": filters.department_id,
        "received_on__gte": filters.received_from,
        "received_on__lte": filters.received_to,
        "decided_on__gte": filters.decided_from,
        "decided_on__lte": filters.decided_to,
    }
    qs = qs.filter(**{lookup: value for lookup, value in given.items() if value})
    return qs.order_by("-received_on", "-id")
