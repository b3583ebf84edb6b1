"""Properties of the working-day arithmetic, on the shipped calendar and on
random schedules, checked against a naive day-by-day reference."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.core.workdays import WorkCalendar, load_shipped_calendar

ONE = timedelta(days=1)
SHIPPED = load_shipped_calendar()


def ref_add(cal: WorkCalendar, d: date, n: int) -> date:
    """Walk day by day: the n-th working day strictly after (before) d."""
    step = ONE if n > 0 else -ONE
    while n:
        d += step
        if cal.is_workday(d):
            n -= 1 if n > 0 else -1
    return d


def ref_between(cal: WorkCalendar, a: date, b: date) -> int:
    """Count working days x with a < x <= b, negated when b < a."""
    if b < a:
        return -ref_between(cal, b, a)
    return sum(cal.is_workday(a + ONE * i) for i in range(1, (b - a).days + 1))


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    """Random schedules over a few years of 2016–2022, sometimes with gaps,
    so that queries fall before, inside, between and after the data."""
    years = sorted(draw(st.sets(st.integers(2016, 2022), max_size=4)))
    holidays: dict[date, str] = {}
    makeup: dict[date, str] = {}
    if years:
        year = st.sampled_from(years)
        in_years = year.flatmap(lambda y: st.dates(date(y, 1, 1), date(y, 12, 31)))
        holidays = draw(st.dictionaries(in_years, st.just("节"), max_size=40))
        weekends = st.builds(
            date.fromisocalendar, year, st.integers(2, 51), st.sampled_from([6, 7])
        ).filter(lambda d: d not in holidays)
        makeup = draw(st.dictionaries(weekends, st.just("班"), max_size=15))
    known = set(years) | draw(st.sets(st.integers(2010, 2030), max_size=3))
    return WorkCalendar(holidays, makeup, known)


any_calendar = st.one_of(st.just(SHIPPED), calendars())
dates = st.dates(date(2000, 1, 1), date(2030, 12, 31))
steps = st.integers(-60, 60)


@given(any_calendar, dates, st.integers(0, 60))
def test_between_counts_what_add_added(cal: WorkCalendar, d: date, n: int) -> None:
    assert cal.workdays_between(d, cal.add_workdays(d, n)) == n


@given(any_calendar, dates, st.integers(-60, -1))
def test_going_back_counts_the_days_before(cal: WorkCalendar, d: date, n: int) -> None:
    # The |n|-th working day before d leaves |n| - 1 of them before d, plus d itself.
    back = cal.add_workdays(d, n)
    assert back < d
    assert cal.workdays_between(back, d) == -n - 1 + cal.is_workday(d)


@given(any_calendar, dates, steps, steps)
def test_add_is_strictly_increasing_in_n(cal: WorkCalendar, d: date, m: int, n: int) -> None:
    if m < n:
        assert cal.add_workdays(d, m) < cal.add_workdays(d, n)


@given(any_calendar, dates, steps)
def test_add_lands_on_a_working_day(cal: WorkCalendar, d: date, n: int) -> None:
    result = cal.add_workdays(d, n)
    if n == 0:
        assert result == d
    else:
        assert cal.is_workday(result)


@given(any_calendar, dates, steps)
def test_add_equals_day_walking(cal: WorkCalendar, d: date, n: int) -> None:
    assert cal.add_workdays(d, n) == ref_add(cal, d, n)


@given(any_calendar, dates, dates)
def test_between_equals_day_walking_and_is_antisymmetric(
    cal: WorkCalendar, a: date, b: date
) -> None:
    assert cal.workdays_between(a, b) == ref_between(cal, a, b)
    assert cal.workdays_between(a, b) == -cal.workdays_between(b, a)


@given(any_calendar, dates, dates, dates)
def test_between_is_additive(cal: WorkCalendar, a: date, b: date, c: date) -> None:
    assert cal.workdays_between(a, b) + cal.workdays_between(b, c) == cal.workdays_between(a, c)


@given(any_calendar, dates)
def test_next_workday_on_or_after(cal: WorkCalendar, d: date) -> None:
    result = cal.next_workday_on_or_after(d)
    assert result >= d
    assert cal.is_workday(result)
    assert cal.workdays_between(d - ONE, result - ONE) == 0


@given(calendars(), st.dates(date(2000, 1, 1), date(2035, 12, 31)))
def test_years_without_data_are_monday_to_friday(cal: WorkCalendar, d: date) -> None:
    special_years = {x.year for x in (*cal.holidays, *cal.makeup_days)}
    if d.year not in special_years:
        assert cal.is_workday(d) == (d.weekday() < 5)
        assert cal.day_name(d) == ""


@given(calendars(), dates, dates)
def test_provisional_means_a_year_without_schedule(cal: WorkCalendar, a: date, b: date) -> None:
    assert cal.is_provisional(a) == (a.year not in cal.known_years)
    first, last = sorted((a.year, b.year))
    expected = any(y not in cal.known_years for y in range(first, last + 1))
    assert cal.span_is_provisional(a, b) == expected


supported = st.dates(date(2004, 2, 1), date(2026, 10, 31))


@settings(max_examples=300)
@given(supported, st.integers(-15, 30))
def test_add_matches_chinesecalendar_find_workday(d: date, delta: int) -> None:
    # find_workday(k >= 0, d): the k-th working day after the first one on or after d.
    expected = chinese_calendar.find_workday(delta, d)
    if delta >= 0:
        assert SHIPPED.add_workdays(d - ONE, delta + 1) == expected
    else:
        assert SHIPPED.add_workdays(d, delta) == expected
