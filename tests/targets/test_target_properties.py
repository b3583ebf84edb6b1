"""Property tests of the pure parts: milestone and task lights (lights.py)
and completion (standard.py), against definitions written out by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.core.clock.fold import AlertLevel
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.targets.lights import SEVERITY, milestone_light, task_light
from xiaoneng.targets.standard import completion

# A calendar with a week of holidays and a make-up Saturday, like a real year.
CAL = WorkCalendar(
    {date(2026, 10, d): "国庆节" for d in range(1, 9)},
    {date(2026, 9, 27): "国庆节调休", date(2026, 10, 10): "国庆节调休"},
    known_years=[2026],
)
days = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))
warning = st.integers(min_value=0, max_value=15)
milestone_lists = st.lists(st.tuples(days, st.none() | days), max_size=5)


def by_hand(due: date, today: date, w: int) -> AlertLevel:
    """Red past its day; yellow when at most w working days remain (counted one by one)."""
    if due < today:
        return AlertLevel.OVERDUE
    left = sum(
        1 for n in range(1, (due - today).days + 1) if CAL.is_workday(today + timedelta(days=n))
    )
    return AlertLevel.WARNING if left <= w else AlertLevel.NORMAL


@given(due=days, today=days, w=warning, done=st.none() | days)
def test_milestone_light_matches_the_definition(
    due: date, today: date, w: int, done: date | None
) -> None:
    got = milestone_light(due, done, today, CAL, w)
    assert got == (AlertLevel.NONE if done is not None else by_hand(due, today, w))


@given(deadline=days, today=days, w=warning, marks=milestone_lists)
def test_a_task_is_as_bad_as_its_worst_open_date(
    deadline: date, today: date, w: int, marks: list[tuple[date, date | None]]
) -> None:
    got = task_light(deadline, None, marks, today, CAL, w)
    levels = [by_hand(deadline, today, w)] + [
        by_hand(d, today, w) for d, done in marks if done is None
    ]
    assert SEVERITY[got] == max(SEVERITY[level] for level in levels)
    # Done milestones never light the task; a done task has no light at all.
    assert task_light(deadline, None, [(d, d) for d, _ in marks], today, CAL, w) == by_hand(
        deadline, today, w
    )
    assert task_light(deadline, today, marks, today, CAL, w) == AlertLevel.NONE


@given(today=days, w=warning, deadline=days, extra=days)
def test_more_open_milestones_never_make_a_task_look_better(
    today: date, w: int, deadline: date, extra: date
) -> None:
    before = task_light(deadline, None, [], today, CAL, w)
    after = task_light(deadline, None, [(extra, None)], today, CAL, w)
    assert SEVERITY[after] >= SEVERITY[before]


@given(today=days, w=warning, due=days)
def test_time_only_makes_a_light_worse(today: date, w: int, due: date) -> None:
    later = today + timedelta(days=1)
    assert (
        SEVERITY[milestone_light(due, None, later, CAL, w)]
        >= SEVERITY[milestone_light(due, None, today, CAL, w)]
    )


amounts = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False)


@given(baseline=st.none() | amounts, target=amounts, value=amounts)
def test_quantitative_completion_by_hand(
    baseline: Decimal | None, target: Decimal, value: Decimal
) -> None:
    got = completion("quantitative", baseline, target, value, None)
    assert Decimal(0) <= got <= Decimal(1)
    base = baseline if baseline is not None else Decimal(0)
    if target == base:
        assert got == (1 if value >= target else 0)
    else:
        raw = (value - base) / (target - base)
        assert got == min(Decimal(1), max(Decimal(0), raw))
    if target > base and value >= target:
        assert got == 1
    if target > base and value <= base:
        assert got == 0


@given(baseline=amounts, target=amounts, a=amounts, b=amounts)
def test_more_progress_never_completes_less(
    baseline: Decimal, target: Decimal, a: Decimal, b: Decimal
) -> None:
    low, high = sorted((a, b))
    if target > baseline:  # an indicator that grows
        assert completion("quantitative", baseline, target, low, None) <= completion(
            "quantitative", baseline, target, high, None
        )


@given(percent=st.integers(min_value=0, max_value=100), value=st.none() | amounts)
def test_qualitative_completion_is_the_verified_percent(
    percent: int, value: Decimal | None
) -> None:
    assert completion("qualitative", None, None, value, percent) == Decimal(percent) / 100


def test_nothing_measured_is_nothing_done() -> None:
    assert completion("quantitative", None, Decimal(10), None, 80) == 0
    assert completion("quantitative", None, None, Decimal(5), 80) == 0
    assert completion("qualitative", None, None, None, None) == 0
