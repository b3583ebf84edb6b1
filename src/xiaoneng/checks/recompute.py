"""When a year's holiday schedule is imported, every report still owed whose
deadline was provisional is recounted with it (domain rules §1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar import recompute
from xiaoneng.core.workdays import WorkCalendar

from .models import AWAITING_REPORT, Finding

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@recompute.register
def recompute_provisional_findings(*, actor: Actor, year: int, calendar: WorkCalendar) -> int:
    changed = 0
    rows = Finding.objects.select_for_update().filter(
        status__in=AWAITING_REPORT, provisional=True, notified_on__isnull=False
    )
    for row in rows:
        assert row.notified_on is not None
        due = calendar.add_workdays(row.notified_on, row.limit_days)
        provisional = calendar.span_is_provisional(row.notified_on, due)
        if (due, provisional) == (row.due_on, row.provisional):
            continue
        before, row.due_on, row.provisional = row.due_on, due, provisional
        row.save(update_fields=["due_on", "provisional", "updated_at"])
        record_event(
            actor=actor,
            event_type="check.deadline_recomputed",
            object_type="check_finding",
            object_id=row.number,
            payload={"year": year, "before": before, "after": due, "provisional": provisional},
        )
        changed += 1
    return changed
