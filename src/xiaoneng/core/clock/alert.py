"""The supervision light (domain rules §3) of a computed state, or of a
stored running deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from xiaoneng.core.clock.fold import AlertLevel, light
from xiaoneng.core.clock.model import CLOSED_PHASES, ClockError, ClockState, Phase
from xiaoneng.core.workdays import WorkCalendar

_ONE_DAY: Final = timedelta(days=1)


def alert_level(state: ClockState, warning_days: int = 1) -> AlertLevel:
    """The light of a case as of `state.today`.

    NONE when no deadline runs against the department (closed cases, and cases
    waiting for the applicant's supplement): a closed case's final
    classification is `on_time` / `early` / `delivery_on_time`, not a light.
    Otherwise OVERDUE when past the end of the running due day, WARNING when
    `remaining_workdays <= warning_days`, else NORMAL. A paused case keeps the
    light it had when its suspension began (its remaining days are frozen).
    """
    if state.phase in CLOSED_PHASES or state.phase is Phase.SUPPLEMENTING:
        return AlertLevel.NONE
    if state.today is None or state.remaining_workdays is None:
        raise ClockError("today_required")
    return light(state.remaining_workdays, state.overdue, warning_days)


@dataclass(frozen=True, slots=True)
class AlertBounds:
    """The light of a *stored* running deadline as of `today`, by two date
    comparisons (so a query can filter on an indexed due-date column):
    OVERDUE when `due < today`, WARNING when `due <= warn_until`, else NORMAL.
    Same answer as `alert_level` for a running case; for a paused one, use
    `AlertBounds.on(state.suspended_since, …).level(state.paused_due)`."""

    today: date
    warn_until: date  # the last due day with workdays_between(today, due) <= warning_days

    @classmethod
    def on(cls, today: date, calendar: WorkCalendar, warning_days: int = 1) -> AlertBounds:
        # workdays_between(today, due) <= w  ⟺  due < add_workdays(today, w + 1)
        return cls(today, calendar.add_workdays(today, warning_days + 1) - _ONE_DAY)

    def level(self, due: date) -> AlertLevel:
        if due < self.today:
            return AlertLevel.OVERDUE
        if due <= self.warn_until:
            return AlertLevel.WARNING
        return AlertLevel.NORMAL
