"""Properties of the trading clock (core.clock.procedures.tendering) on the
shipped calendar, each date rule checked against its definition with the
working days counted one by one, plus the days checked by hand across
National Day and Mid-Autumn 2026."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.core.clock.procedures import tendering as t
from xiaoneng.core.workdays import load_shipped_calendar

CAL = load_shipped_calendar()
ONE = timedelta(days=1)
KINDS = st.sampled_from(sorted(t.RULES))
DAYS = st.dates(date(2016, 1, 1), date(2028, 12, 31))  # provisional years too


def nth_workday_after(start: date, n: int) -> date:
    """The n-th working day strictly after `start`, counted one by one."""
    day, seen = start, 0
    while seen < n:
        day += ONE
        seen += CAL.is_workday(day)
    return day


def period_end(kind: str, start: date) -> date:
    rules = t.RULES[kind]
    if rules.tender_in_workdays:
        return nth_workday_after(start, rules.tender_days)
    return start + timedelta(days=rules.tender_days)


@settings(deadline=None)  # counted day by day: slow on a shared machine
@given(KINDS, DAYS, st.integers(0, 60))
def test_a_deadline_is_allowed_exactly_when_the_period_ran_and_it_is_a_workday(
    kind: str, issued: date, offset: int
) -> None:
    deadline = issued + timedelta(days=offset)
    problem = t.deadline_problem(kind, issued, deadline, CAL)
    if deadline < period_end(kind, issued):
        assert problem == "trading_tender_period_too_short"
    elif not CAL.is_workday(deadline):
        assert problem == "trading_deadline_not_workday"
    else:
        assert problem is None


@settings(deadline=None)  # counted day by day: slow on a shared machine
@given(KINDS, DAYS)
def test_the_earliest_deadline_is_the_first_allowed_day(kind: str, issued: date) -> None:
    earliest = t.earliest_deadline(kind, issued, CAL)
    assert t.deadline_problem(kind, issued, earliest, CAL) is None
    assert t.at_legal_minimum(kind, issued, earliest, CAL)
    day = issued
    while day < earliest:
        assert t.deadline_problem(kind, issued, day, CAL) is not None
        day += ONE
    assert not t.at_legal_minimum(kind, issued, nth_workday_after(earliest, 1), CAL)


@settings(deadline=None)  # counted day by day: slow on a shared machine
@given(KINDS, DAYS)
def test_clarification_and_publicity_count_calendar_days(kind: str, day: date) -> None:
    assert t.clarification_latest(kind, day) == day - timedelta(days=15)
    assert t.publicity_ends(kind, day) == day + timedelta(days=3)
    assert t.award_earliest(kind, day) == day + timedelta(days=4)


def moved_to_workday(day: date) -> date:
    while not CAL.is_workday(day):
        day += ONE
    return day


@settings(deadline=None)  # counted day by day: slow on a shared machine
@given(KINDS, DAYS, st.integers(0, 10))
def test_a_bidders_periods(kind: str, known: date, later: int) -> None:
    """A complaint's window is the bidder's: a last day off work moves to the
    next working day (民法典 art. 203). An objection to the result is raised
    during the publicity and ends with it (so it never outlasts the day
    before the award may be made); procurement's challenge counts working days."""
    published = known - timedelta(days=later)
    until = t.objection_until(kind, known, published, CAL)
    complaint = t.complaint_until(kind, known, CAL)
    assert CAL.is_workday(complaint)
    if kind == t.PROCUREMENT:
        assert until == nth_workday_after(known, 7)
        assert complaint == nth_workday_after(known, 15)
    else:
        assert until == published + timedelta(days=3)
        assert until < t.award_earliest(kind, published)
        assert complaint == moved_to_workday(known + timedelta(days=10))


@settings(deadline=None)  # counted day by day: slow on a shared machine
@given(KINDS, DAYS)
def test_the_tenderers_and_regulators_limits(kind: str, day: date) -> None:
    reply = t.objection_reply_due(kind, day, CAL)
    if kind == t.PROCUREMENT:
        assert reply == nth_workday_after(day, 7)
    else:
        assert reply == day + timedelta(days=3)  # the tenderer's own limit does not move
    assert t.complaint_decide_due(kind, day, CAL) == nth_workday_after(day, 30)
    assert t.contract_due(kind, day, CAL) == moved_to_workday(day + timedelta(days=30))


@settings(deadline=None)  # counted day by day: slow on a shared machine
@given(st.integers(0, 40), st.integers(0, 40))
def test_the_committee(size: int, experts: int) -> None:
    allowed = size >= 5 and size % 2 == 1 and experts <= size and 3 * experts >= 2 * size
    assert (t.committee_problem(size, experts) is None) == allowed


@pytest.mark.parametrize(
    ("kind", "issued", "earliest"),
    [
        # 14 Sep + 20 = Sun 4 Oct (National Day, 1–7 Oct): Thu 8 Oct.
        (t.CONSTRUCTION, date(2026, 9, 14), date(2026, 10, 8)),
        (t.PROCUREMENT, date(2026, 9, 14), date(2026, 10, 8)),
        # 20 Sep + 20 = Sat 10 Oct, a working day in lieu.
        (t.LAND, date(2026, 9, 20), date(2026, 10, 10)),
        # 20 working days from Mon 14 Sep: 15–18, Sun 20 (worked), 21–24 (Fri 25
        # Mid-Autumn), 28–30, 8–10 Oct (Sat 10 worked), 12–16 Oct.
        (t.PROPERTY, date(2026, 9, 14), date(2026, 10, 16)),
    ],
)
def test_earliest_deadlines_checked_by_hand(kind: str, issued: date, earliest: date) -> None:
    assert t.earliest_deadline(kind, issued, CAL) == earliest


def test_complaint_and_contract_windows_ending_in_national_day_move() -> None:
    # Known Mon 21 Sep 2026 + 10 = Thu 1 Oct (National Day): Thu 8 Oct.
    assert t.complaint_until(t.CONSTRUCTION, date(2026, 9, 21), CAL) == date(2026, 10, 8)
    # Awarded Wed 2 Sep + 30 = Fri 2 Oct (National Day): Thu 8 Oct.
    assert t.contract_due(t.CONSTRUCTION, date(2026, 9, 2), CAL) == date(2026, 10, 8)
    # Procurement's challenge: 7 working days from Wed 23 Sep (Fri 25 Mid-Autumn,
    # 1–7 Oct National Day, Sat 10 Oct worked) — 24, 28, 29, 30 Sep, 8, 9, 10 Oct.
    assert t.objection_until(t.PROCUREMENT, date(2026, 9, 23), date(2026, 9, 23), CAL) == (
        date(2026, 10, 10)
    )
