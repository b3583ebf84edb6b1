"""The lights of directive tasks and requests (property tests): a task
owed lights by its due day (red after it, yellow within the warning days),
a task reported or closed is unlit, a pending adjustment changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoneng.core.clock import AlertLevel
from xiaoneng.core.workdays import load_shipped_calendar
from xiaoneng.directives.lights import request_level, task_level

CALENDAR = load_shipped_calendar()
DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 20))
OFFSETS = st.integers(min_value=-40, max_value=40)
# The machine is shared: generation may be slow, never the property.
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(today=DAYS, offset=OFFSETS, warning=st.integers(min_value=0, max_value=10))
def test_a_running_task_lights_by_its_due_day(today: date, offset: int, warning: int) -> None:
    due = today + timedelta(days=offset)
    for status in ("assigned", "returned"):
        level = task_level(status, due, today, CALENDAR, warning)
        if due < today:
            assert level == AlertLevel.OVERDUE
        elif CALENDAR.workdays_between(today, due) <= warning:
            assert level == AlertLevel.WARNING
        else:
            assert level == AlertLevel.NORMAL


@SETTINGS
@given(today=DAYS, offset=OFFSETS)
def test_a_task_no_longer_owed_is_unlit(today: date, offset: int) -> None:
    due = today + timedelta(days=offset)
    for status in ("reported", "closed"):
        assert task_level(status, due, today, CALENDAR, 3) == AlertLevel.NONE


@SETTINGS
@given(today=DAYS, offset=OFFSETS, more=st.integers(min_value=0, max_value=5))
def test_more_warning_days_never_make_a_light_greener(today: date, offset: int, more: int) -> None:
    due = today + timedelta(days=offset)
    order = [AlertLevel.NORMAL, AlertLevel.WARNING, AlertLevel.OVERDUE]
    fewer = task_level("assigned", due, today, CALENDAR, 1)
    assert order.index(task_level("assigned", due, today, CALENDAR, 1 + more)) >= order.index(fewer)


@SETTINGS
@given(today=DAYS, offset=OFFSETS)
def test_a_request_lights_while_pending(today: date, offset: int) -> None:
    due = today + timedelta(days=offset)
    assert request_level("answered", due, today, CALENDAR) == AlertLevel.NONE
    pending = request_level("pending", due, today, CALENDAR)
    assert (pending == AlertLevel.OVERDUE) == (due < today)
