"""Public reads of the portal. What they return is public by law (seed art. 7:
政策依据、审批程序、审批时限、审批结果及承办部门、承办人员), so they take no
actor; the decided cases are `cases.results` (proactive disclosure reads them
too), where an applicant's name leaves only through `masking.mask_name`."""

from __future__ import annotations

from django.db.models import QuerySet

from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.org.selectors import public_departments


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
