"""Properties of the reporting calendar's clock (core.clock.procedures.office:
period_of, previous_period, report_due) on the shipped calendar, each checked
against its definition with the working days counted one by one, and the
days checked by hand across 国庆 2026."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.core.clock.procedures import office as o
from xiaoneng.core.workdays import load_shipped_calendar

CAL = load_shipped_calendar()
ONE = timedelta(days=1)
CADENCE = st.sampled_from(sorted(o.CADENCES))
DAYS = st.dates(date(2016, 1, 1), date(2028, 12, 31))


def workdays_strictly_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b`, counted one by one."""
    day, seen = a, 0
    while day < b:
        day += ONE
        seen += CAL.is_workday(day)
    return seen


@settings(deadline=None)  # counted day by day: slow on a shared machine
@given(DAYS, st.integers(1, 20))
def test_a_report_is_due_on_exactly_the_nth_working_day_after_the_period(end: date, n: int) -> None:
    due = o.report_due(CAL, end, n)
    assert due > end
    assert CAL.is_workday(due)
    assert workdays_strictly_between(end, due) == n
    # and not a day earlier: the day before has only n - 1 working days
    assert workdays_strictly_between(end, due - ONE) == n - 1


@settings(deadline=None)
@given(CADENCE, DAYS)
def test_the_period_covers_the_day(cadence: str, day: date) -> None:
    p = o.period_of(cadence, day)
    assert p.start <= day <= p.end
    assert o.period_of(cadence, p.start) == p == o.period_of(cadence, p.end)


@settings(deadline=None)
@given(CADENCE, DAYS)
def test_periods_tile_without_gaps(cadence: str, day: date) -> None:
    p = o.period_of(cadence, day)
    following = o.period_of(cadence, p.end + ONE)
    assert following.start == p.end + ONE
    assert following.label != p.label
    assert o.previous_period(cadence, following.start) == p
    assert o.previous_period(cadence, day).end == p.start - ONE


def test_september_information_after_national_day_2026() -> None:
    """2026年9月's 政务信息, N = 5: 10月1日–7日 国庆 (off), 8日 Thu (1),
    9日 Fri (2), 10日 Sat made up (3), 11日 Sun off, 12日 Mon (4), 13日 Tue (5)."""
    september = o.period_of("monthly", date(2026, 9, 15))
    assert (september.start, september.end, september.label) == (
        date(2026, 9, 1),
        date(2026, 9, 30),
        "2026年9月",
    )
    assert not CAL.is_workday(date(2026, 10, 7))
    assert CAL.is_workday(date(2026, 10, 10))
    assert o.report_due(CAL, september.end, 5) == date(2026, 10, 13)
    # the third quarter's statistics, N = 10: from 13日 (5) on 14, 15, 16, 19, 20
    q3 = o.period_of("quarterly", date(2026, 8, 1))
    assert (q3.start, q3.end, q3.label) == (date(2026, 7, 1), date(2026, 9, 30), "2026年第3季度")
    assert o.report_due(CAL, q3.end, 10) == date(2026, 10, 20)


def test_a_report_is_due_at_least_one_working_day_after() -> None:
    with pytest.raises(ValueError, match="at least one working day"):
        o.report_due(CAL, date(2026, 3, 31), 0)
