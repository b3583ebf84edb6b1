"""When a year's holiday schedule is imported, every open disclosure request
whose deadlines were provisional is recomputed with it (domain rules §1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar import recompute
from xiaoneng.core import timesource
from xiaoneng.core.workdays import WorkCalendar

from . import clock
from .actions import CLOCK_FIELDS, apply_state
from .models import DisclosureRequest
from .selectors import clock_events, rules

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@recompute.register
def recompute_provisional_requests(*, actor: Actor, year: int, calendar: WorkCalendar) -> int:
    changed = 0
    today, limits = timesource.today(), rules()
    for row in DisclosureRequest.objects.select_for_update().filter(is_open=True, provisional=True):
        events = list(row.events.order_by("seq"))
        if not events:
            continue
        state = clock.compute(clock_events(events), calendar, limits, max(today, events[-1].on))
        before, was_due = [getattr(row, f) for f in CLOCK_FIELDS], row.due_on
        apply_state(row, state)
        if before == [getattr(row, f) for f in CLOCK_FIELDS]:
            continue
        row.save(update_fields=[*CLOCK_FIELDS, "updated_at"])
        record_event(
            actor=actor,
            event_type="disclosure.deadline_recomputed",
            object_type="disclosure_request",
            object_id=row.tracking_no,
            payload={
                "year": year,
                "before": was_due,
                "after": row.due_on,
                "provisional": row.provisional,
            },
        )
        changed += 1
    return changed
