"""Public reads of the portal. What they return is public by law (seed art. 7:
政策依据、审批程序、审批时限、审批结果及承办部门、承办人员), so they take no
actor; an applicant's name leaves only through `masking.mask_name`."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet

from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.org.selectors import public_departments

DECIDED = "decided"


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


def tracked_events(case: Case) -> list[CaseEvent]:
    return list(case.events.order_by("seq"))


def complaint_centre() -> Department | None:
    """The 效能投诉中心 (seed art. 12, 16), if the organisation has one."""
    return (
        public_departments()
        .filter(kind=DepartmentKind.DEPARTMENT, name__contains="效能投诉")
        .order_by("sort", "code")
        .first()
    )


def departments_with_items() -> QuerySet[Department]:
    from xiaoneng.catalog.models import ItemStatus

    return (
        public_departments()
        .filter(items__status=ItemStatus.PUBLISHED)
        .distinct()
        .order_by("sort", "code")
    )
