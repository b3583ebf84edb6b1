"""When a year's holiday schedule is imported, every open rectification whose
deadline was provisional is recounted with it (domain rules §1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar import recompute
from xiaoneng.core.workdays import WorkCalendar

from .models import Rectification, RectificationStatus

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@recompute.register
def recompute_provisional_rectifications(*, actor: Actor, year: int, calendar: WorkCalendar) -> int:
    changed = 0
    # Still to be rectified: a rectified one was already judged against its date.
    rows = Rectification.objects.select_for_update().filter(
        status=RectificationStatus.OPEN, provisional=True
    )
    for row in rows:
        due = calendar.add_workdays(row.opened_on, row.limit_days)
        provisional = calendar.span_is_provisional(row.opened_on, due)
        if (due, provisional) == (row.due_on, row.provisional):
            continue
        before, row.due_on, row.provisional = row.due_on, due, provisional
        row.save(update_fields=["due_on", "provisional", "updated_at"])
        record_event(
            actor=actor,
            event_type="rating.rectification_deadline_recomputed",
            object_type="rating_rectification",
            object_id=str(row.pk),
            payload={"year": year, "before": before, "after": due, "provisional": provisional},
        )
        changed += 1
    return changed
