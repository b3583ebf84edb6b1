"""The duty and leave clocks on the shipped calendar: the holidays as named
runs, a roster due N working days before the holiday, the return report due
the first working day after the leave."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.core.clock.procedures.office import holiday_periods, return_due, roster_due
from xiaoneng.core.workdays import load_shipped_calendar

CALENDAR = load_shipped_calendar()
YEARS = st.integers(min_value=2005, max_value=2026)


def test_2026_by_hand() -> None:
    runs = {h.name: h for h in holiday_periods(CALENDAR, 2026)}
    spring, national = runs["春节"], runs["国庆节"]
    assert (spring.start, spring.end) == (date(2026, 2, 15), date(2026, 2, 23))
    assert (national.start, national.end) == (date(2026, 10, 1), date(2026, 10, 7))
    # 2月14日 is a make-up working Saturday: 14, 13, 12
    assert roster_due(CALENDAR, spring.start, 3) == date(2026, 2, 12)
    assert roster_due(CALENDAR, spring.start, 1) == date(2026, 2, 14)
    # 9月28–30日 are working days after 中秋 (9月25–27日)
    assert roster_due(CALENDAR, national.start, 3) == date(2026, 9, 28)
    assert return_due(CALENDAR, spring.end) == date(2026, 2, 24)
    assert return_due(CALENDAR, date(2026, 3, 13)) == date(2026, 3, 16)  # a Friday → Monday
    with pytest.raises(ValueError, match="at least one working day"):
        roster_due(CALENDAR, spring.start, 0)


@settings(deadline=None)
@given(YEARS)
def test_runs_are_named_disjoint_consecutive_and_cover_the_year(year: int) -> None:
    runs = holiday_periods(CALENDAR, year)
    covered: list[date] = []
    for run in runs:
        assert run.name
        days = [run.start + timedelta(days=i) for i in range((run.end - run.start).days + 1)]
        assert all(CALENDAR.holidays.get(d) == run.name for d in days)
        covered += days
    for first, second in pairwise(runs):
        assert first.end < second.start
    assert len(covered) == len(set(covered))
    of_year = {d for d in CALENDAR.holidays if d.year == year}
    assert of_year <= set(covered)


@settings(deadline=None)
@given(YEARS, st.integers(min_value=1, max_value=10), st.data())
def test_roster_due_is_n_working_days_before(year: int, n: int, data: st.DataObject) -> None:
    runs = holiday_periods(CALENDAR, year)
    run = data.draw(st.sampled_from(runs))
    due = roster_due(CALENDAR, run.start, n)
    assert due < run.start
    assert CALENDAR.is_workday(due)
    between = [
        due + timedelta(days=i)
        for i in range(1, (run.start - due).days)
        if CALENDAR.is_workday(due + timedelta(days=i))
    ]
    assert len(between) == n - 1


@settings(deadline=None)
@given(st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 12, 1)))
def test_return_due_is_the_next_working_day(last: date) -> None:
    due = return_due(CALENDAR, last)
    assert due > last
    assert CALENDAR.is_workday(due)
    assert not any(
        CALENDAR.is_workday(last + timedelta(days=i)) for i in range(1, (due - last).days)
    )
