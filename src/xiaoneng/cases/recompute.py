"""When a year's holiday schedule is imported, every open case whose deadline
was provisional is recomputed with it (domain rules §1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar import recompute
from xiaoneng.core.workdays import WorkCalendar

from .models import Case
from .steps import refresh

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@recompute.register
def recompute_provisional_cases(*, actor: Actor, year: int, calendar: WorkCalendar) -> int:
    changed = 0
    for case in Case.objects.select_for_update().filter(is_open=True, provisional=True):
        before = (case.due_on, case.decision_due_on)
        if refresh(case=case, calendar=calendar):
            record_event(
                actor=actor,
                event_type="case.deadline_recomputed",
                object_type="case",
                object_id=case.tracking_no,
                payload={
                    "year": year,
                    "before": before,
                    "after": (case.due_on, case.decision_due_on),
                    "provisional": case.provisional,
                },
            )
            changed += 1
    return changed
