"""The complaint clocks (domain rules §5), pure, on the shipped calendar
(2026: Mid-Autumn off 25–27 Sep, National Day off 1–7 Oct, make-up working
days Sun 20 Sep and Sat 10 Oct): hand-checked dates and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.complaints import clock
from xiaoneng.complaints.clock import Rules, compute
from xiaoneng.core.clock.fold import AlertLevel
from xiaoneng.core.clock.stages import StageError, StageEvent
from xiaoneng.core.workdays import load_shipped_calendar

CAL = load_shipped_calendar()
R = Rules()
DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 1))


def ev(kind: str, on: date, days: int = 0) -> StageEvent:
    return StageEvent(kind, on, days)


def test_hand_checked_across_national_day() -> None:
    received = date(2026, 9, 28)  # Monday
    state = compute([ev(clock.RECEIVED, received)], CAL, R, received).main
    # 29, 30 Sep; 1–7 Oct off; 8, 9 Oct; Sat 10 Oct (make-up): the 5th working day.
    assert state.phase == "accepting"
    assert state.due == date(2026, 10, 10)
    assert state.remaining_workdays == 5
    accepted = date(2026, 9, 30)
    events = [ev(clock.RECEIVED, received), ev(clock.ACCEPTED, accepted)]
    handling = compute(events, CAL, R, accepted).main
    # 8, 9, 10 (make-up), 12–16, 19–23, 26, 27 Oct: the 15th working day is 27 Oct.
    assert handling.due == date(2026, 10, 27)
    late = [*events, ev(clock.EXTENDED, date(2026, 10, 28), 15)]
    with pytest.raises(StageError) as too_late:
        compute(late, CAL, R, date(2026, 10, 28))
    assert too_late.value.code == "extension_too_late"
    events.append(ev(clock.EXTENDED, date(2026, 10, 27), 15))
    extended = compute(events, CAL, R, date(2026, 10, 27)).main
    # 15 more: 28, 29, 30 Oct, 2–6, 9–13 Nov, 16, 17 Nov.
    assert extended.due == date(2026, 11, 17)
    assert extended.extension_days == 15


def test_the_explanation_side_deadline_across_the_make_up_sunday() -> None:
    asked = date(2026, 9, 14)
    events = [
        ev(clock.RECEIVED, asked),
        ev(clock.ACCEPTED, asked),
        ev(clock.EXPLANATION_REQUESTED, asked),
    ]
    side = compute(events, CAL, R, asked).explanation
    assert side is not None
    # 15, 16, 17, 18 Sep, then Sunday 20 Sep (make-up working day).
    assert side.due == date(2026, 9, 20)
    events.append(ev(clock.EXPLAINED, date(2026, 9, 21)))
    done = compute(events, CAL, R, date(2026, 9, 21)).explanation
    assert done is not None
    assert done.late == ("explaining",)
    assert done.closed_on == date(2026, 9, 21)


@settings(max_examples=150, deadline=None)
@given(received=DAYS, accept_days=st.integers(1, 30), lag=st.integers(0, 40))
def test_accept_due_is_add_workdays_and_lateness(
    received: date, accept_days: int, lag: int
) -> None:
    rules = Rules(accept_days=accept_days)
    due = CAL.add_workdays(received, accept_days)
    state = compute([ev(clock.RECEIVED, received)], CAL, rules, received).main
    assert state.due == due
    accepted = received + timedelta(days=lag)
    events = [ev(clock.RECEIVED, received), ev(clock.ACCEPTED, accepted)]
    after = compute(events, CAL, rules, accepted).main
    assert ("accepting" in after.late) == (accepted > due)
    assert after.due == CAL.add_workdays(accepted, rules.conclude_days)


@settings(max_examples=150, deadline=None)
@given(received=DAYS, today_lag=st.integers(0, 30))
def test_the_light_follows_the_remaining_working_days(received: date, today_lag: int) -> None:
    today = received + timedelta(days=today_lag)
    state = compute([ev(clock.RECEIVED, received)], CAL, R, today).main
    due = CAL.add_workdays(received, R.accept_days)
    remaining = CAL.workdays_between(today, due)
    assert state.remaining_workdays == remaining
    if today > due:
        assert state.light == AlertLevel.OVERDUE
    elif remaining <= 1:
        assert state.light == AlertLevel.WARNING
    else:
        assert state.light == AlertLevel.NORMAL


@settings(max_examples=150, deadline=None)
@given(received=DAYS, days=st.integers(-3, 40), gap=st.integers(0, 30))
def test_one_extension_of_at_most_the_limit_before_the_due_date(
    received: date, days: int, gap: int
) -> None:
    events = [ev(clock.RECEIVED, received), ev(clock.ACCEPTED, received)]
    due = CAL.add_workdays(received, R.conclude_days)
    on = received + timedelta(days=gap)
    events.append(ev(clock.EXTENDED, on, days))
    if days <= 0 or days > R.max_extension_days or on > due:
        with pytest.raises(StageError) as refused:
            compute(events, CAL, R, on)
        assert refused.value.code in {
            "extension_not_positive",
            "extension_exceeds_limit",
            "extension_too_late",
            "unexpected_days",
        }
        return
    state = compute(events, CAL, R, on).main
    assert state.due == CAL.add_workdays(received, R.conclude_days + days)
    events.append(ev(clock.EXTENDED, on, 1))
    with pytest.raises(StageError) as twice:
        compute(events, CAL, R, on)
    assert twice.value.code == "extension_already_granted"


@settings(max_examples=100, deadline=None)
@given(received=DAYS, closing=st.sampled_from([clock.DECLINED, clock.TRANSFERRED, clock.MERGED]))
def test_a_closing_ends_the_clock_and_nothing_follows(received: date, closing: str) -> None:
    events = [ev(clock.RECEIVED, received), ev(closing, received)]
    state = compute(events, CAL, R, received).main
    assert state.phase == closing
    assert state.due is None
    assert state.light == AlertLevel.NONE
    for kind in (clock.ACCEPTED, clock.CONCLUDED, clock.DECLINED):
        with pytest.raises(StageError) as refused:
            compute([*events, ev(kind, received)], CAL, R, received)
        assert refused.value.code == "closed"


def test_impossible_steps_are_refused() -> None:
    day = date(2026, 3, 2)
    with pytest.raises(StageError) as conclude_first:
        compute([ev(clock.RECEIVED, day), ev(clock.CONCLUDED, day)], CAL, R, day)
    assert conclude_first.value.code == "not_allowed"
    with pytest.raises(StageError) as extend_early:
        compute([ev(clock.RECEIVED, day), ev(clock.EXTENDED, day, 5)], CAL, R, day)
    assert extend_early.value.code == "extension_not_allowed"
    events = [ev(clock.RECEIVED, day), ev(clock.ACCEPTED, day), ev(clock.ACCEPTED, day)]
    with pytest.raises(StageError) as twice:
        compute(events, CAL, R, day)
    assert twice.value.code == "not_allowed"


@settings(max_examples=100, deadline=None)
@given(replied=DAYS, lag=st.integers(0, 40))
def test_the_reexamination_is_a_second_run(replied: date, lag: int) -> None:
    events = [
        ev(clock.RECEIVED, replied),
        ev(clock.ACCEPTED, replied),
        ev(clock.CONCLUDED, replied),
        ev(clock.REEXAMINATION_REQUESTED, replied),
    ]
    clocks = compute(events, CAL, R, replied)
    assert clocks.main.phase == "concluded"
    assert clocks.reexamination is not None
    due = CAL.add_workdays(replied, R.reexamination_days)
    assert clocks.reexamination.due == due
    done_on = replied + timedelta(days=lag)
    events.append(ev(clock.REEXAMINED, done_on))
    finished = compute(events, CAL, R, done_on).reexamination
    assert finished is not None
    assert finished.phase == "reexamined"
    assert ("reexamining" in finished.late) == (done_on > due)


@settings(max_examples=150, deadline=None)
@given(asked=DAYS, explanation_days=st.integers(1, 30), lag=st.integers(0, 30))
def test_the_explanation_is_due_add_workdays_after_the_request(
    asked: date, explanation_days: int, lag: int
) -> None:
    rules = Rules(explanation_days=explanation_days)
    events = [
        ev(clock.RECEIVED, asked),
        ev(clock.ACCEPTED, asked),
        ev(clock.EXPLANATION_REQUESTED, asked),
    ]
    due = CAL.add_workdays(asked, explanation_days)
    side = compute(events, CAL, rules, asked).explanation
    assert side is not None
    assert side.due == due
    given_on = asked + timedelta(days=lag)
    done = compute([*events, ev(clock.EXPLAINED, given_on)], CAL, rules, given_on).explanation
    assert done is not None
    assert bool(done.late) == (given_on > due)
    # The side deadline moves nothing on the main clock.
    assert compute(events, CAL, rules, asked).main.due == CAL.add_workdays(asked, R.conclude_days)
