"""审批结果 as the law makes them public (seed art. 7: 审批结果及承办部门、
承办人员): decided cases, newest first, with who decided; the applicant's
name leaves only through `masking.mask_name`. Read without an actor by the
portal's 审批结果公示 and by proactive disclosure (openinfo)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from xiaoneng.web.masking import mask_name

from .models import Case, CaseEvent

DECIDED = "decided"


@dataclass(frozen=True)
class ResultRow:
    case: Case
    applicant: str
    department: str
    staff: str


def published_results(
    *,
    department: str = "",
    item: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Case]:
    """Decided cases, newest first, with the decision's step (who decided)."""
    qs = (
        Case.objects.filter(decided_on__isnull=False)
        .exclude(decision="")
        .select_related("item", "department")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=CaseEvent.objects.filter(kind=DECIDED).order_by("seq"),
                to_attr="decision_events",
            )
        )
        .order_by("-decided_on", "-id")
    )
    if department:
        qs = qs.filter(department__code=department)
    if item:
        qs = qs.filter(item__code=item)
    if date_from:
        qs = qs.filter(decided_on__gte=date_from)
    if date_to:
        qs = qs.filter(decided_on__lte=date_to)
    return qs


def result_row(case: Case) -> ResultRow:
    """A case of `published_results` as it is shown: masked, with who decided."""
    events = getattr(case, "decision_events", [])
    last = events[-1] if events else None
    return ResultRow(
        case=case,
        applicant=mask_name(case.applicant_name),
        department=(last.department_name if last else "") or case.department.name,
        staff=last.actor_name if last else "",
    )
