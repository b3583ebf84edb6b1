"""The clocks of daily government work (seed art. 9, 11, 12). Pure, no
Django: dates in, dates out, on the house's working calendar.

- A required report (政务信息, 月报, 统计报表) for a period is due on the
  N-th working day after the period ends (`report_due`); N is set per kind
  of report, so a holiday right after the month moves the day on.
- A holiday's duty roster (值班表) is due N working days before the
  holiday's first day (`roster_due`); the holidays are the calendar's named
  runs of days off (`holiday_periods`): 春节 2026 is 2月15日–23日.
- A principal leader's leave (离张) must be approved before the first day
  away; the return report (销假) is due the first working day after the
  last day away (`return_due`).
- An emergency's responders arrive within a target in minutes per level
  (`arrival_late`): a leader who checks in after it is late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from xiaoneng.core.workdays import WorkCalendar

CADENCES: dict[str, str] = {
    "weekly": "每周",
    "monthly": "每月",
    "quarterly": "每季度",
    "yearly": "每年",
}


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: its first and last day and how the desks name it."""

    start: date
    end: date
    label: str


def period_of(cadence: str, day: date) -> Period:
    """The reporting period of `cadence` that contains `day`."""
    if cadence == "weekly":
        start = day - timedelta(days=day.weekday())
        iso = start.isocalendar()
        return Period(start, start + timedelta(days=6), f"{iso.year}年第{iso.week}周")
    if cadence == "monthly":
        start = day.replace(day=1)
        return Period(start, _month_end(start), f"{day.year}年{day.month}月")
    if cadence == "quarterly":
        quarter = (day.month - 1) // 3
        start = date(day.year, quarter * 3 + 1, 1)
        end = _month_end(date(day.year, quarter * 3 + 3, 1))
        return Period(start, end, f"{day.year}年第{quarter + 1}季度")
    if cadence == "yearly":
        return Period(date(day.year, 1, 1), date(day.year, 12, 31), f"{day.year}年")
    raise ValueError(f"unknown cadence {cadence!r}")


def previous_period(cadence: str, day: date) -> Period:
    """The last whole period before the one that contains `day`."""
    return period_of(cadence, period_of(cadence, day).start - timedelta(days=1))


def _month_end(first: date) -> date:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def report_due(calendar: WorkCalendar, period_end: date, workdays: int) -> date:
    """The N-th working day after the period's last day (N ≥ 1)."""
    if workdays < 1:
        raise ValueError("a report is due at least one working day after its period")
    return calendar.add_workdays(period_end, workdays)


@dataclass(frozen=True, slots=True)
class Holiday:
    name: str
    start: date
    end: date


def holiday_periods(calendar: WorkCalendar, year: int) -> list[Holiday]:
    """The year's statutory holidays as runs of consecutive named days off,
    in order (a run may start in the year before, as 元旦 can)."""
    runs: list[Holiday] = []
    for day in sorted(d for d in calendar.holidays if d.year in (year - 1, year)):
        name = calendar.holidays[day]
        last = runs[-1] if runs else None
        if last and last.name == name and day == last.end + timedelta(days=1):
            runs[-1] = Holiday(name, last.start, day)
        else:
            runs.append(Holiday(name, day, day))
    return [run for run in runs if year in (run.start.year, run.end.year)]


def roster_due(calendar: WorkCalendar, holiday_start: date, workdays: int) -> date:
    """The N-th working day before the holiday's first day (N ≥ 1)."""
    if workdays < 1:
        raise ValueError("a roster is due at least one working day before the holiday")
    return calendar.add_workdays(holiday_start, -workdays)


def return_due(calendar: WorkCalendar, last_day_away: date) -> date:
    """The return report (销假) is due the first working day after the leave."""
    return calendar.add_workdays(last_day_away, 1)


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes from `start` to `end`, rounded up (an arrival 30 seconds
    past the target is late)."""
    seconds = (end - start).total_seconds()
    return -int(-seconds // 60)


def arrival_late(notified_at: datetime, arrived_at: datetime, target_minutes: int) -> bool:
    return minutes_between(notified_at, arrived_at) > target_minutes
