"""Reads of the calendar. Schedules are public information: no actor scope."""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet

from xiaoneng.core.workdays import Kind, ScheduleDay, WorkCalendar, calendar_from_days

from .models import CalendarStamp, HolidaySchedule, SpecialDay

# (stamp token, calendar) of this process; replaced as a whole, so thread-safe.
_cached: tuple[str, WorkCalendar] | None = None


def _stamp() -> str:
    token = CalendarStamp.objects.filter(pk=1).values_list("token", flat=True).first()
    return token or ""


def build_calendar() -> WorkCalendar:
    """The calendar as stored now: known years are the non-provisional schedules."""
    known = HolidaySchedule.objects.filter(provisional=False).values_list("year", flat=True)
    rows = SpecialDay.objects.values_list("date", "kind", "name")
    days = (ScheduleDay(d, cast(Kind, kind), name) for d, kind, name in rows)
    return calendar_from_days(days, set(known))


def current_calendar() -> WorkCalendar:
    """The working-day calendar. Costs one primary-key query while the cached
    calendar is current (an import elsewhere changes the stamp); call it once
    per request or action and reuse the result."""
    global _cached  # noqa: PLW0603 - the per-process cache
    token = _stamp()
    cached = _cached
    if cached is not None and cached[0] == token:
        return cached[1]
    calendar = build_calendar()
    _cached = (token, calendar)
    return calendar


def invalidate_cache() -> None:
    global _cached  # noqa: PLW0603 - the per-process cache
    _cached = None


def schedules() -> QuerySet[HolidaySchedule]:
    return HolidaySchedule.objects.select_related("imported_by").order_by("-year")


def schedule_for_year(year: int) -> HolidaySchedule | None:
    return schedules().filter(year=year).first()
