"""The disclosure clock (条例 art. 30–33), pure: hand-computed dates across
the 2026 National Day on the shipped calendar (off 1–7 Oct, Mid-Autumn
25–27 Sep; make-up working days Sun 20 Sep and Sat 10 Oct), and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.core.clock.procedures import disclosure as clock
from xiaoneng.core.clock.procedures.disclosure import (
    ClockError,
    Event,
    EventKind,
    Light,
    Phase,
    compute,
)
from xiaoneng.core.workdays import load_shipped_calendar

CAL = load_shipped_calendar()
R = date(2026, 9, 14)  # Mon


def ev(kind: EventKind, on: date, days: int = 0) -> Event:
    return Event(kind, on, days)


def test_the_module_is_pure() -> None:
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(clock))
    imported = {
        (n.module or "") if isinstance(n, ast.ImportFrom) else a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for a in (n.names if isinstance(n, ast.Import) else [n])
    }
    assert not any(name.startswith("django") for name in imported)


def test_twenty_working_days_across_national_day() -> None:
    state = compute([ev(EventKind.RECEIVED, R)], CAL, today=R)
    # 15–18 Sep (4), Sun 20 Sep make-up (5), 21–24 Sep (9), 28–30 Sep (12),
    # 8, 9 Oct (14), Sat 10 Oct make-up (15), 12–16 Oct (20).
    assert state.answer_due == date(2026, 10, 16)
    assert state.correction_notice_due == date(2026, 9, 22)  # 15,16,17,18,20,21,22
    assert state.remaining_workdays == 20
    assert state.light is Light.NORMAL
    assert state.provisional is False


def test_consultation_not_counted_then_extension() -> None:
    events = [ev(EventKind.RECEIVED, R), ev(EventKind.CONSULT_STARTED, date(2026, 9, 22))]
    paused = compute(events, CAL, today=date(2026, 10, 9))
    # The third party's 15 working days: 23, 24, 28, 29, 30 Sep, 8, 9, 10 (make-up),
    # 12, 13, 14, 15, 16, 19, 20 Oct.
    assert paused.consult_due == date(2026, 10, 20)
    assert paused.phase is Phase.CONSULTING
    assert paused.paused_due == date(2026, 10, 16)
    # Remaining frozen at its value on 22 Sep: 23, 24, 28, 29, 30, 8, 9, 10, 12–16 Oct.
    assert paused.remaining_workdays == 13
    events.append(ev(EventKind.CONSULT_ENDED, date(2026, 10, 9)))
    # Not counted: 23, 24, 28, 29, 30 Sep, 8, 9 Oct = 7 working days.
    resumed = compute(events, CAL, today=date(2026, 10, 9))
    assert resumed.consult_days == 7
    # 16 Oct + 7: 19, 20, 21, 22, 23, 26, 27 Oct.
    assert resumed.answer_due == date(2026, 10, 27)
    events.append(ev(EventKind.EXTENDED, date(2026, 10, 26), 20))
    extended = compute(events, CAL, today=date(2026, 10, 26))
    # 27 Oct + 20: 28–30 Oct (3), 2–6 Nov (8), 9–13 (13), 16–20 (18), 23, 24 Nov (20).
    assert extended.answer_due == date(2026, 11, 24)
    events.append(ev(EventKind.ANSWERED, date(2026, 11, 24)))
    answered = compute(events, CAL, today=date(2026, 11, 30))
    assert answered.phase is Phase.ANSWERED
    assert answered.on_time is True
    assert answered.light is Light.NONE


def test_a_correction_restarts_the_period() -> None:
    events = [ev(EventKind.RECEIVED, R), ev(EventKind.CORRECTION_REQUESTED, date(2026, 9, 16))]
    waiting = compute(events, CAL, today=date(2026, 9, 30))
    assert waiting.phase is Phase.CORRECTING
    assert waiting.light is Light.NONE
    assert waiting.answer_due is None
    assert waiting.correction_late is False
    events.append(ev(EventKind.CORRECTED, date(2026, 10, 9)))
    # From Fri 9 Oct: 10 (make-up), 12–16 (6), 19–23 (11), 26–30 (16), 2–5 Nov (20).
    assert compute(events, CAL).answer_due == date(2026, 11, 5)
    late = compute(
        [ev(EventKind.RECEIVED, R), ev(EventKind.CORRECTION_REQUESTED, date(2026, 9, 23))], CAL
    )
    assert late.correction_late is True  # after 22 Sep: recorded, a violation


@pytest.mark.parametrize(
    ("events", "code"),
    [
        ([], "no_events"),
        ([ev(EventKind.ANSWERED, R)], "not_received"),
        ([ev(EventKind.RECEIVED, R), ev(EventKind.EXTENDED, R, 21)], "extension_exceeds_limit"),
        ([ev(EventKind.RECEIVED, R), ev(EventKind.EXTENDED, R, 0)], "extension_not_positive"),
        (
            [ev(EventKind.RECEIVED, R), ev(EventKind.EXTENDED, R, 5), ev(EventKind.EXTENDED, R, 5)],
            "extension_already_granted",
        ),
        (
            [ev(EventKind.RECEIVED, R), ev(EventKind.EXTENDED, date(2026, 10, 19), 5)],
            "extension_too_late",
        ),
        (
            [
                ev(EventKind.RECEIVED, R),
                ev(EventKind.CONSULT_STARTED, R),
                ev(EventKind.ANSWERED, R),
            ],
            "still_consulting",
        ),
        ([ev(EventKind.RECEIVED, R), ev(EventKind.CONSULT_ENDED, R)], "not_consulting"),
        (
            [
                ev(EventKind.RECEIVED, R),
                ev(EventKind.CORRECTION_REQUESTED, R),
                ev(EventKind.CORRECTED, R),
                ev(EventKind.CORRECTION_REQUESTED, R),
            ],
            "correction_already_requested",
        ),
        (
            [
                ev(EventKind.RECEIVED, R),
                ev(EventKind.EXTENDED, R, 5),
                ev(EventKind.CORRECTION_REQUESTED, R),
            ],
            "correction_not_allowed",
        ),
        (
            [
                ev(EventKind.RECEIVED, R),
                ev(EventKind.CORRECTION_REQUESTED, R),
                ev(EventKind.ANSWERED, R),
            ],
            "awaiting_correction",
        ),
        (
            [
                ev(EventKind.RECEIVED, R),
                ev(EventKind.CORRECTION_REQUESTED, R),
                ev(EventKind.ABANDONED, date(2026, 9, 30)),
            ],
            "correction_period_running",
        ),
        ([ev(EventKind.RECEIVED, R), ev(EventKind.ANSWERED, R - timedelta(1))], "date_backwards"),
        (
            [ev(EventKind.RECEIVED, R), ev(EventKind.ANSWERED, R), ev(EventKind.WITHDRAWN, R)],
            "request_closed",
        ),
        ([ev(EventKind.RECEIVED, R), ev(EventKind.ANSWERED, R, 3)], "unexpected_days"),
    ],
)
def test_impossible_sequences_have_stable_codes(events: list[Event], code: str) -> None:
    with pytest.raises(ClockError) as exc:
        compute(events, CAL)
    assert exc.value.code == code
    assert code in clock.ERROR_CODES


def test_received_on_follows_the_channel() -> None:
    d = date(2026, 3, 2)
    assert clock.received_on_for("in_person", submitted_on=d, confirmed_on=None) == d
    assert clock.received_on_for("online", submitted_on=d, confirmed_on=None) is None
    assert clock.received_on_for(
        "post", submitted_on=d, confirmed_on=d + timedelta(3)
    ) == d + timedelta(3)
    with pytest.raises(ClockError):
        clock.received_on_for("post", submitted_on=d, confirmed_on=d - timedelta(1))
    with pytest.raises(ClockError):
        clock.received_on_for("pigeon", submitted_on=d, confirmed_on=d)


days = st.dates(min_value=date(2005, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=200, deadline=None)
@given(r=days, ext=st.integers(1, 20), start=st.integers(0, 10), length=st.integers(0, 40))
def test_due_counts_exactly_the_counted_working_days(
    r: date, ext: int, start: int, length: int
) -> None:
    s = CAL.add_workdays(r, start) if start else r
    t = s + timedelta(days=length)
    events = [
        ev(EventKind.RECEIVED, r),
        ev(EventKind.CONSULT_STARTED, s),
        ev(EventKind.CONSULT_ENDED, t),
    ]
    plain = compute(events, CAL)
    assert plain.consult_days == CAL.workdays_between(s, t)
    assert CAL.workdays_between(r, plain.answer_due) == 20 + plain.consult_days
    assert CAL.is_workday(plain.answer_due)
    if t <= plain.answer_due:
        extended = compute([*events, ev(EventKind.EXTENDED, t, ext)], CAL)
        assert extended.answer_due is not None
        assert plain.answer_due is not None
        assert CAL.workdays_between(plain.answer_due, extended.answer_due) == ext


@settings(max_examples=200, deadline=None)
@given(r=days, gap=st.integers(0, 10), wait=st.integers(0, 60))
def test_the_answer_period_counts_from_the_correction(r: date, gap: int, wait: int) -> None:
    notice = r + timedelta(days=gap)
    corrected = notice + timedelta(days=wait)
    state = compute(
        [
            ev(EventKind.RECEIVED, r),
            ev(EventKind.CORRECTION_REQUESTED, notice),
            ev(EventKind.CORRECTED, corrected),
        ],
        CAL,
    )
    assert state.answer_due == compute([ev(EventKind.RECEIVED, corrected)], CAL).answer_due
    assert state.correction_late == (notice > CAL.add_workdays(r, 7))


@settings(max_examples=200, deadline=None)
@given(r=days, start=st.integers(0, 25), later=st.integers(0, 30))
def test_a_paused_clock_keeps_its_light(r: date, start: int, later: int) -> None:
    s = r + timedelta(days=start)
    events = [ev(EventKind.RECEIVED, r), ev(EventKind.CONSULT_STARTED, s)]
    at_start = compute(events, CAL, today=s)
    afterwards = compute(events, CAL, today=s + timedelta(days=later))
    assert afterwards.remaining_workdays == at_start.remaining_workdays
    assert afterwards.light == at_start.light
    assert afterwards.answer_due is not None
    assert at_start.answer_due is not None
    assert afterwards.answer_due >= at_start.answer_due
