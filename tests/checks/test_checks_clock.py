"""The report deadline and its light, on the shipped calendar: due the
`limit`-th working day after notice; the light is red exactly when today is
past the due day, yellow on the last working day, and says the working days
left; a report verified is judged on time by the day it came."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.checks.models import Finding, FindingStatus
from xiaoneng.checks.selectors import time_left
from xiaoneng.core.workdays import load_shipped_calendar

CAL = load_shipped_calendar()
days = st.dates(min_value=date(2026, 1, 5), max_value=date(2026, 11, 30))


def _finding(notified: date, limit: int, status: str = FindingStatus.NOTIFIED) -> Finding:
    return Finding(
        status=status,
        notified_on=notified,
        limit_days=limit,
        due_on=CAL.add_workdays(notified, limit),
    )


def test_national_day_is_not_counted() -> None:
    row = _finding(date(2026, 9, 30), 10)
    assert row.due_on == date(2026, 10, 20)
    assert time_left(row, date(2026, 10, 1), CAL).text == "剩余 10 个工作日"
    assert time_left(row, date(2026, 10, 20), CAL).label == "黄灯"
    assert time_left(row, date(2026, 10, 21), CAL).text == "超期 1 个工作日"


@settings(max_examples=300, deadline=None)
@given(notified=days, limit=st.integers(1, 60), later=st.integers(0, 120))
def test_the_light_follows_the_due_day(notified: date, limit: int, later: int) -> None:
    row = _finding(notified, limit)
    assert row.due_on is not None
    assert CAL.workdays_between(notified, row.due_on) == limit
    assert CAL.is_workday(row.due_on)
    today = notified + timedelta(days=later)
    light = time_left(row, today, CAL)
    assert (light.level == "overdue") == (today > row.due_on)
    assert light.remaining == CAL.workdays_between(today, row.due_on)
    if today <= row.due_on:
        assert (light.level == "warning") == (light.remaining is not None and light.remaining <= 1)


@settings(max_examples=100, deadline=None)
@given(notified=days, limit=st.integers(1, 30))
def test_no_light_before_notice_or_once_reported(notified: date, limit: int) -> None:
    for status in (FindingStatus.RECORDED, FindingStatus.SUBMITTED, FindingStatus.VERIFIED):
        row = _finding(notified, limit, status)
        assert time_left(row, notified + timedelta(days=90), CAL).label == ""
