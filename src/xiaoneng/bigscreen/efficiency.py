"""The big screen's efficiency figures (效能投诉与问责): this month's complaints
received, concluded (closed any way: concluded, declined, transferred,
merged) and substantiated (属实、部分属实, by the result in force — the
complaints app's own score source), and the accountability measures decided
this year (in force). Counts only: never who complained. Scoped to the
departments complained about / held to account that the actor sees."""

from __future__ import annotations

from collections.abc import Set
from datetime import date

from django.db.models import Count, Q

from xiaoneng.accountability.selectors import in_force
from xiaoneng.complaints.models import Complaint
from xiaoneng.complaints.selectors import substantiated_by_unit
from xiaoneng.scores.periods import Period


def efficiency_figures(ids: Set[int] | None, today: date) -> dict[str, int]:
    """Three queries, whatever the scope."""
    month = today.replace(day=1)
    complaints = Complaint.objects.all()
    measures = in_force().filter(decided_on__gte=date(today.year, 1, 1), decided_on__lte=today)
    if ids is not None:
        complaints = complaints.filter(department_id__in=ids)
        measures = measures.filter(department_id__in=ids)
    counts = complaints.aggregate(
        received=Count("pk", filter=Q(received_on__gte=month, received_on__lte=today)),
        concluded=Count("pk", filter=Q(closed_on__gte=month, closed_on__lte=today)),
    )
    substantiated = substantiated_by_unit(Period(today.year, "month", today.month), "department")
    return {
        "complaints_received": counts["received"] or 0,
        "complaints_concluded": counts["concluded"] or 0,
        "complaints_substantiated": sum(
            n for unit, n in substantiated.items() if ids is None or unit in ids
        ),
        "measures_year": measures.count(),
    }
