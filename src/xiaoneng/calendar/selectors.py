"""Reads of the calendar. Schedules are public information: no actor scope."""

from __future__ import annotations

import time
from typing import cast

from django.conf import settings
from django.db.models import QuerySet

from xiaoneng.core.workdays import Kind, ScheduleDay, WorkCalendar, calendar_from_days
from xiaoneng.system.generations import Generation

from .models import CalendarStamp, HolidaySchedule, SpecialDay

# Without a shared cache, an import in another process is seen at most this
# many seconds later; within the window an action costs no query for its
# calendar (the importing process drops its own copy at once).
STAMP_CHECK_SECONDS = 1.0

# With a shared cache (settings.SHARED_CACHE) the copy is kept under the
# calendar's generation token instead: an import on any server replaces the
# token when it commits, and every server rebuilds on its next request.
_GENERATION = Generation("calendar")

# (stamp or generation token, checked at (monotonic), calendar) of this
# process; replaced as a whole, so thread-safe.
_cached: tuple[str, float, WorkCalendar] | None = None


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
    """The working-day calendar. With the shared cache: one cache read per
    request (none more while the token stands). Without: free while the
    copy was checked less than STAMP_CHECK_SECONDS ago, then one primary-key
    query to see whether an import elsewhere moved the stamp."""
    global _cached  # noqa: PLW0603 - the per-process cache
    slot = _GENERATION.transaction_slot()
    if slot is not None:  # this transaction imported: it sees its own import
        return cast(WorkCalendar, slot.kept(build_calendar))
    now = time.monotonic()
    cached = _cached
    if settings.SHARED_CACHE:
        token = _GENERATION.token()
        if token is None:  # the cache does not answer: the database's calendar
            return build_calendar()
    else:
        if cached is not None and now - cached[1] < STAMP_CHECK_SECONDS:
            return cached[2]
        token = _stamp()
    if cached is not None and cached[0] == token:
        _cached = (token, now, cached[2])
        return cached[2]
    calendar = build_calendar()
    _cached = (token, now, calendar)
    return calendar


def invalidate_cache() -> None:
    """Drop this process's copy (the next read builds the calendar anew)."""
    global _cached  # noqa: PLW0603 - the per-process cache
    _cached = None


def calendar_changed() -> None:
    """An import changed the calendar, in its transaction: that transaction
    sees its own import at once, every process (this one's other threads
    too) once it commits."""
    invalidate_cache()
    _GENERATION.changed()


def schedules() -> QuerySet[HolidaySchedule]:
    return HolidaySchedule.objects.select_related("imported_by").order_by("-year")


def schedule_for_year(year: int) -> HolidaySchedule | None:
    return schedules().filter(year=year).first()
