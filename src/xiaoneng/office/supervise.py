"""What supervision sees of daily government work: each part's overdue
steps (cards) and findings (anomalies), gathered by one daily sweep. Each
part's own sweep is `office.sweeps.<part>.sweep`."""

from __future__ import annotations

from datetime import date

from django.db.models import Count

from xiaoneng.scores.periods import Period
from xiaoneng.scores.sources import SourceValue
from xiaoneng.supervision.models import Anomaly

from .sweeps import dispatches, duty, emergencies, leave, meetings, reports, visits

PARTS = {
    "dispatches": dispatches.sweep,
    "reports": reports.sweep,
    "meetings": meetings.sweep,
    "duty": duty.sweep,
    "leave": leave.sweep,
    "emergencies": emergencies.sweep,
    "visits": visits.sweep,
}


def sweep(today: date) -> dict[str, int]:
    """Every part's sweep, in order; counts keyed "<part>.<what>"."""
    result: dict[str, int] = {}
    for name, run in PARTS.items():
        for what, n in run(today).items():
            result[f"{name}.{what}"] = n
    return result


# --- the unit's score ----------------------------------------------------------------

FINDINGS = (
    "dispatch_over_cap",
    "report_late",
    "meeting_substitute",
    "meeting_absent",
    "duty_absent",
    "leave_unapproved",
    "late_arrival",
)


def findings_by_unit(period: Period, level: str) -> dict[int, SourceValue]:
    """Findings of the period per unit (department level): each weighs as a
    yellow card in the score (scores.sourced). A too-long document is a
    reminder, not a finding."""
    if level != "department":
        return {}
    rows = (
        Anomaly.objects.filter(kind__in=FINDINGS, detected_on__range=(period.start, period.end))
        .values("department_id")
        .annotate(n=Count("id"))
        .values_list("department_id", "n")
    )
    return dict(rows)
