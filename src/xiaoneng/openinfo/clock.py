"""The publication clock of proactive disclosure, pure (no database).

政府信息公开条例 art. 26: information to be proactively disclosed is
published within 20 working days from the day it was formed or changed.
Counted as the house counts working days (民法典 art. 201: the day it was
formed is not counted; `WorkCalendar.add_workdays`), so a holiday (National
Day) pushes the due day out and a make-up working day (调休上班日) counts.

The light of an item while it waits to be published: red after its due day,
yellow within `WARNING_DAYS` working days of it, green before; a published
item is unlit. `late(formed_on, published_on)` tells whether a publication
came after its due day."""

from __future__ import annotations

from datetime import date

from xiaoneng.core.clock import AlertBounds, AlertLevel
from xiaoneng.core.workdays import WorkCalendar

PUBLISH_DAYS = 20
WARNING_DAYS = 5
PENDING = "pending"


def due_on(formed_on: date, calendar: WorkCalendar) -> date:
    """The last day the item may be published on."""
    return calendar.add_workdays(formed_on, PUBLISH_DAYS)


def level(status: str, due: date, today: date, calendar: WorkCalendar) -> AlertLevel:
    """The item's light as of `today`."""
    if status != PENDING:
        return AlertLevel.NONE
    return AlertBounds.on(today, calendar, WARNING_DAYS).level(due)


def is_late(due: date, published_on: date) -> bool:
    return published_on > due
