"""The case clock on the official 2026 schedule, every expected date counted
by hand in the comments.

2026 (shipped schedule): Spring Festival off Sun Feb 15 – Mon Feb 23, make-up
working days Sat Feb 14 and Sat Feb 28; Qingming off Apr 4–6; Labour Day off
May 1–5, make-up Sat May 9; Mid-Autumn off Fri Sep 25 – Sun Sep 27; National
Day off Oct 1–7, make-up Sun Sep 20 and Sat Oct 10.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from xiaoneng.core.clock import (
    ERROR_CODES,
    AlertBounds,
    AlertLevel,
    ClockError,
    ClockEvent,
    ClockRules,
    ClockState,
    EventKind,
    Phase,
    alert_level,
    compute,
)
from xiaoneng.core.errors import DomainError
from xiaoneng.core.workdays import WorkCalendar, load_shipped_calendar

CAL = load_shipped_calendar()
K = EventKind
RULES = ClockRules(committed_days=20)
INSTANT = ClockRules(committed_days=0)


def ev(kind: EventKind, on: date, days: int = 0) -> ClockEvent:
    return ClockEvent(kind, on, days)


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def run(
    events: list[ClockEvent], rules: ClockRules = RULES, today: date | None = None
) -> ClockState:
    return compute(events, rules, CAL, today)


# --- intake: one-time notice and deemed acceptance (ALL art. 32) -------------

# Received Tue Feb 10. add(02-10, 5): 02-11 (1), 02-12 (2), 02-13 (3),
# Sat 02-14 make-up (4), [02-15 … 02-23 off], Tue 02-24 (5) → notice due 02-24.
# add(02-10, 20): … 02-24 (5), 02-25 (6), 02-26 (7), 02-27 (8), Sat 02-28 (9),
# 03-02 (10), 03-03 … 03-06 (11–14), 03-09 … 03-13 (15–19), 03-16 (20).
NOTICE_DUE = d(2, 24)
DUE_FROM_0210 = d(3, 16)


def test_received_before_notice_due_is_in_intake() -> None:
    state = run([ev(K.RECEIVED, d(2, 10))], today=NOTICE_DUE)
    assert state.phase is Phase.INTAKE
    assert state.notice_due == NOTICE_DUE
    assert not state.deemed_accepted
    assert state.accepted_on is None
    assert state.decision_due is None
    assert state.due == NOTICE_DUE
    assert state.remaining_workdays == 0  # the last day of the window: yellow
    assert alert_level(state) is AlertLevel.WARNING
    assert state.used_workdays is None


def test_no_notice_by_notice_due_is_deemed_accepted_as_of_receipt() -> None:
    state = run([ev(K.RECEIVED, d(2, 10))], today=d(2, 25))
    assert state.phase is Phase.PROCESSING
    assert state.deemed_accepted
    assert state.accepted_on == d(2, 10)
    assert state.decision_due == DUE_FROM_0210
    assert state.due == DUE_FROM_0210
    # used: 02-11, 02-12, 02-13, 02-14, 02-24, 02-25 = 6; remaining 20 - 6 = 14
    assert state.used_workdays == 6
    assert state.remaining_workdays == 14
    assert alert_level(state) is AlertLevel.NORMAL
    assert not state.provisional


def test_acceptance_on_the_last_day_of_the_window_is_in_time() -> None:
    state = run([ev(K.RECEIVED, d(2, 10)), ev(K.ACCEPTED, NOTICE_DUE)])
    assert not state.deemed_accepted
    assert state.accepted_on == NOTICE_DUE
    # add(02-24, 20): 02-25 … 02-27 (1–3), Sat 02-28 (4), 03-02 … 03-06 (5–9),
    # 03-09 … 03-13 (10–14), 03-16 … 03-20 (15–19), 03-23 (20)
    assert state.decision_due == d(3, 23)


def test_acceptance_after_the_window_without_notice_is_deemed_as_of_receipt() -> None:
    state = run([ev(K.RECEIVED, d(2, 10)), ev(K.ACCEPTED, d(2, 25))])
    assert state.deemed_accepted
    assert state.accepted_on == d(2, 10)
    assert state.decision_due == DUE_FROM_0210


def test_deemed_acceptance_then_decision_without_an_acceptance_event() -> None:
    state = run([ev(K.RECEIVED, d(2, 10)), ev(K.DECIDED, d(3, 16))])
    assert state.deemed_accepted
    assert state.on_time
    assert not state.early
    assert state.used_workdays == 20


def test_late_notice_is_a_violation_and_does_not_stop_the_clock() -> None:
    events = [
        ev(K.RECEIVED, d(2, 10)),
        ev(K.SUPPLEMENT_NOTICE, d(2, 25)),
        ev(K.SUPPLEMENTED, d(3, 2)),
        ev(K.ACCEPTED, d(3, 3)),  # the voucher; acceptance stays dated 02-10
    ]
    state = run(events, today=d(3, 3))
    assert state.notice_late
    assert state.deemed_accepted
    assert state.notice_on == d(2, 25)
    assert state.supplemented_on == d(3, 2)
    assert state.acceptance_due is None
    assert state.accepted_on == d(2, 10)
    assert state.decision_due == DUE_FROM_0210


def test_notice_on_time_waits_for_the_applicant_without_deemed_acceptance() -> None:
    events = [ev(K.RECEIVED, d(2, 10)), ev(K.SUPPLEMENT_NOTICE, NOTICE_DUE)]
    state = run(events, today=d(6, 1))
    assert state.phase is Phase.SUPPLEMENTING
    assert not state.notice_late
    assert not state.deemed_accepted
    assert state.due is None
    assert alert_level(state) is AlertLevel.NONE


def test_acceptance_due_five_working_days_after_supplement() -> None:
    # Supplemented Fri 02-27. add(02-27, 5): Sat 02-28 make-up (1), 03-02 (2),
    # 03-03 (3), 03-04 (4), 03-05 (5) → acceptance due 03-05.
    events = [
        ev(K.RECEIVED, d(2, 10)),
        ev(K.SUPPLEMENT_NOTICE, d(2, 12)),
        ev(K.SUPPLEMENTED, d(2, 27)),
    ]
    waiting = run(events, today=d(3, 5))
    assert waiting.phase is Phase.SUPPLEMENTED
    assert waiting.acceptance_due == d(3, 5)
    assert waiting.due == d(3, 5)
    assert alert_level(waiting) is AlertLevel.WARNING
    assert alert_level(run(events, today=d(3, 6))) is AlertLevel.OVERDUE
    assert not run(events, today=d(3, 6)).deemed_accepted  # no deeming in this branch

    late = run([*events, ev(K.ACCEPTED, d(3, 6))])
    assert late.acceptance_late
    assert not late.deemed_accepted
    assert late.accepted_on == d(3, 6)  # the decision clock starts at the real acceptance
    in_time = run([*events, ev(K.ACCEPTED, d(3, 5))])
    assert not in_time.acceptance_late


def test_refusal_at_intake_closes_the_case() -> None:
    state = run([ev(K.RECEIVED, d(2, 10)), ev(K.REFUSED, d(2, 10))], today=d(3, 1))
    assert state.phase is Phase.REFUSED
    assert state.closed
    assert state.closed_on == d(2, 10)
    assert state.accepted_on is None
    assert state.decision_due is None
    assert alert_level(state) is AlertLevel.NONE


def test_late_refusal_keeps_the_deemed_acceptance_on_record() -> None:
    state = run([ev(K.RECEIVED, d(2, 10)), ev(K.REFUSED, d(2, 26))])
    assert state.phase is Phase.REFUSED
    assert state.deemed_accepted
    assert state.used_workdays == 7  # 02-11 … 02-14, 02-24 … 02-26


def test_notice_window_across_the_make_up_sunday() -> None:
    # Received Fri 09-18. add(09-18, 5): Sun 09-20 make-up (1), 09-21 (2),
    # 09-22 (3), 09-23 (4), 09-24 (5) → notice due Thu 09-24 (09-25 is Mid-Autumn).
    state = run([ev(K.RECEIVED, d(9, 18))], today=d(9, 25))
    assert state.notice_due == d(9, 24)
    assert state.deemed_accepted


# --- instant items --------------------------------------------------------------


def test_instant_item_on_the_make_up_saturday_is_due_that_day() -> None:
    events = [ev(K.RECEIVED, d(2, 14)), ev(K.ACCEPTED, d(2, 14))]
    open_case = run(events, INSTANT, today=d(2, 14))
    assert open_case.decision_due == d(2, 14)  # add(02-14, 0) = 02-14
    assert open_case.remaining_workdays == 0
    assert alert_level(open_case) is AlertLevel.WARNING
    # Next working day after the holiday: red, one day late.
    late = run(events, INSTANT, today=d(2, 24))
    assert late.remaining_workdays == -1
    assert alert_level(late) is AlertLevel.OVERDUE
    # Also red on a holiday right after the due day: the deadline ended at midnight.
    assert alert_level(run(events, INSTANT, today=d(2, 15))) is AlertLevel.OVERDUE

    done = run([*events, ev(K.DECIDED, d(2, 14))], INSTANT, today=d(2, 14))
    assert done.on_time
    assert not done.early
    assert done.used_workdays == 0
    # add(02-14, 10): 02-24 … 02-27 (1–4), Sat 02-28 (5), 03-02 … 03-06 (6–10)
    assert done.delivery_due == d(3, 6)
    assert done.phase is Phase.DECIDED
    assert done.due == d(3, 6)


# --- suspension and extension around National Day ---------------------------------


# Accepted Fri 09-25 — a holiday (Mid-Autumn) in the official 2026 schedule,
# e.g. an online acceptance: the start day is not counted either way.
# Working days after it: 09-28 (1), 09-29 (2), 09-30 (3), [10-01 … 10-07 off],
# 10-08 (4), 10-09 (5), Sat 10-10 make-up (6), 10-12 (7), 10-13 … 10-16 (8–11),
# 10-19 … 10-23 (12–16), 10-26 … 10-30 (17–21), 11-02 … 11-06 (22–26),
# 11-09 … 11-13 (27–31), 11-16 … 11-20 (32–36).
SEP_EVENTS = [
    ev(K.RECEIVED, d(9, 25)),
    ev(K.ACCEPTED, d(9, 25)),
    ev(K.SUSPENDED, d(9, 28)),
    ev(K.RESUMED, d(10, 12)),
    ev(K.EXTENDED, d(10, 13), 10),
]


def test_suspension_across_national_day_and_extension() -> None:
    state = run(SEP_EVENTS, today=d(10, 14))
    # suspended: workdays_between(09-28, 10-12) = 09-29, 09-30, 10-08, 10-09,
    # 10-10, 10-12 = 6; due add(09-25, 20 + 10 + 6 = 36) = 11-20
    assert state.suspended_days == 6
    assert state.extension_days == 10
    assert state.decision_due == d(11, 20)
    # used by 10-14: 9 working days (09-28 … 10-14) minus 6 suspended = 3
    assert state.used_workdays == 3
    assert state.remaining_workdays == 27
    assert state.used_workdays + state.remaining_workdays == 20 + 10
    # Without the suspension: add(09-25, 30) = 11-12; without both: add(09-25, 20) = 10-29.
    assert run(SEP_EVENTS[:2] + SEP_EVENTS[4:]).decision_due == d(11, 12)
    assert run(SEP_EVENTS[:2]).decision_due == d(10, 29)


def test_open_suspension_pauses_the_clock() -> None:
    events = [*SEP_EVENTS[:3], ev(K.EXTENDED, d(9, 28), 10)]
    state = run(events, today=d(10, 9))
    assert state.paused
    assert state.phase is Phase.SUSPENDED
    assert state.suspended_since == d(9, 28)
    # as if resumed 10-09: workdays_between(09-28, 10-09) = 4 (09-29, 09-30,
    # 10-08, 10-09); due add(09-25, 30 + 4 = 34) = 11-18
    assert state.decision_due == d(11, 18)
    # frozen: remaining on 09-28 was workdays_between(09-28, 11-12) = 29
    assert state.remaining_workdays == 29
    assert state.used_workdays == 1  # 09-28 only
    assert state.suspended_days == 0  # closed suspensions only
    assert state.paused_due == d(11, 12)  # add(09-25, 30): the due date on 09-28
    later = run(events, today=d(11, 30))
    assert later.remaining_workdays == 29
    assert alert_level(later) is AlertLevel.NORMAL
    assert run(events).decision_due is None  # no today: unknown until resumption


def test_suspension_of_an_overdue_case_stays_red() -> None:
    events = [
        ev(K.RECEIVED, d(9, 25)),
        ev(K.ACCEPTED, d(9, 25)),
        ev(K.SUSPENDED, d(10, 30)),  # due was 10-29
    ]
    state = run(events, today=d(12, 1))
    assert state.overdue
    assert state.paused_due == d(10, 29)
    assert state.remaining_workdays == -1
    assert alert_level(state) is AlertLevel.OVERDUE


def test_withdrawal_ends_an_open_suspension() -> None:
    state = run([*SEP_EVENTS[:3], ev(K.WITHDRAWN, d(10, 9))], today=d(10, 20))
    assert state.phase is Phase.WITHDRAWN
    assert state.suspended_days == 4
    assert state.suspended_since is None
    assert state.used_workdays == 1
    assert alert_level(state) is AlertLevel.NONE


# --- joint handling: 45 + 15 ----------------------------------------------------


def test_joint_handling_45_plus_15() -> None:
    rules = ClockRules.joint(45)
    assert (rules.legal_days, rules.max_extension_days) == (45, 15)
    accepted = [ev(K.RECEIVED, d(2, 10)), ev(K.ACCEPTED, d(2, 10))]
    # add(02-10, 45): … 03-16 (20), 03-17 … 03-20 (21–24), 03-23 … 03-27 (25–29),
    # 03-30 … 04-03 (30–34), [04-04 … 04-06 off], 04-07 … 04-10 (35–38),
    # 04-13 … 04-17 (39–43), 04-20 (44), 04-21 (45)
    assert run(accepted, rules).decision_due == d(4, 21)
    # + 15: 04-22 … 04-24 (46–48), 04-27 … 04-30 (49–52), [05-01 … 05-05 off],
    # 05-06 … 05-08 (53–55), Sat 05-09 make-up (56), 05-11 … 05-14 (57–60)
    extended = run([*accepted, ev(K.EXTENDED, d(3, 2), 15)], rules)
    assert extended.decision_due == d(5, 14)
    with pytest.raises(ClockError) as caught:
        run([*accepted, ev(K.EXTENDED, d(3, 2), 16)], rules)
    assert caught.value.code == "extension_exceeds_limit"
    with pytest.raises(ClockError) as caught:
        run([*accepted, ev(K.EXTENDED, d(3, 2), 11)])  # ordinary items: at most 10
    assert caught.value.code == "extension_exceeds_limit"


# --- decision and delivery ----------------------------------------------------------


def test_delivery_due_ten_working_days_after_a_decision_on_sep_30() -> None:
    events = [ev(K.RECEIVED, d(9, 21)), ev(K.ACCEPTED, d(9, 21)), ev(K.DECIDED, d(9, 30))]
    state = run(events, today=d(10, 19))
    # add(09-30, 10): 10-08 (1), 10-09 (2), Sat 10-10 (3), 10-12 … 10-16 (4–8),
    # 10-19 (9), 10-20 (10)
    assert state.delivery_due == d(10, 20)
    assert state.on_time
    assert state.early
    assert state.due == d(10, 20)
    assert alert_level(state) is AlertLevel.WARNING  # 1 working day left to deliver
    # used: 09-22, 09-23, 09-24, 09-28, 09-29, 09-30 = 6
    assert state.used_workdays == 6
    delivered = run([*events, ev(K.DELIVERED, d(10, 20))], today=d(10, 21))
    assert delivered.closed
    assert delivered.delivery_on_time
    assert delivered.closed_on == d(10, 20)
    assert alert_level(delivered) is AlertLevel.NONE
    assert not run([*events, ev(K.DELIVERED, d(10, 21))]).delivery_on_time


def test_late_decision() -> None:
    events = [ev(K.RECEIVED, d(9, 25)), ev(K.ACCEPTED, d(9, 25)), ev(K.DECIDED, d(10, 30))]
    state = run(events)
    assert state.decision_due == d(10, 29)
    assert state.on_time is False
    assert state.early is False
    assert state.used_workdays == 21


# --- alert levels -----------------------------------------------------------------


def test_alert_levels_count_working_days_not_calendar_days() -> None:
    # Due Tue 02-24 (accepted 02-10, committed 5). On Fri 02-13 remaining is
    # 2 (Sat 02-14, Tue 02-24): normal; on Sat 02-14 it is 1: yellow, and it
    # stays yellow through the holiday; red from Wed 02-25.
    events = [ev(K.RECEIVED, d(2, 10)), ev(K.ACCEPTED, d(2, 10))]
    rules = ClockRules(committed_days=5)
    levels = {
        day: alert_level(run(events, rules, today=day))
        for day in (d(2, 13), d(2, 14), d(2, 20), d(2, 24), d(2, 25))
    }
    assert levels == {
        d(2, 13): AlertLevel.NORMAL,
        d(2, 14): AlertLevel.WARNING,
        d(2, 20): AlertLevel.WARNING,
        d(2, 24): AlertLevel.WARNING,
        d(2, 25): AlertLevel.OVERDUE,
    }
    assert alert_level(run(events, rules, today=d(2, 13)), warning_days=2) is AlertLevel.WARNING
    assert alert_level(run(events, rules, today=d(2, 14)), warning_days=0) is AlertLevel.NORMAL


def test_alert_bounds_for_stored_deadlines() -> None:
    # On Fri 02-13 with warning_days 1: add(02-13, 2) = 02-24, so yellow through 02-23.
    bounds = AlertBounds.on(d(2, 13), CAL)
    assert bounds.warn_until == d(2, 23)
    assert bounds.level(d(2, 12)) is AlertLevel.OVERDUE
    assert bounds.level(d(2, 13)) is AlertLevel.WARNING
    assert bounds.level(d(2, 14)) is AlertLevel.WARNING
    assert bounds.level(d(2, 24)) is AlertLevel.NORMAL


def test_alert_needs_today() -> None:
    state = run([ev(K.RECEIVED, d(2, 10)), ev(K.ACCEPTED, d(2, 10))])
    assert state.remaining_workdays is None
    with pytest.raises(ClockError) as caught:
        alert_level(state)
    assert caught.value.code == "today_required"


# --- provisional years ---------------------------------------------------------------


def test_provisional_when_a_deadline_reaches_a_year_without_schedule() -> None:
    # The shipped schedules end with 2026: 2027 counts Monday–Friday, provisionally.
    inside = run([ev(K.RECEIVED, d(12, 1)), ev(K.ACCEPTED, d(12, 1))])
    assert inside.decision_due == d(12, 29)
    assert not inside.provisional
    across = run([ev(K.RECEIVED, d(12, 10)), ev(K.ACCEPTED, d(12, 10))])
    assert across.decision_due == date(2027, 1, 7)  # 12-11 … 12-31: 15, then 01-01 … 01-07: 5
    assert across.provisional


def test_small_calendar() -> None:
    # Monday–Friday only, 2030 known: a plain week count with no holidays.
    cal = WorkCalendar({}, {}, known_years=[2030])
    events = [ev(K.RECEIVED, date(2030, 1, 4)), ev(K.ACCEPTED, date(2030, 1, 4))]
    state = compute(events, ClockRules(committed_days=10), cal, date(2030, 1, 7))
    assert state.decision_due == date(2030, 1, 18)  # Fri + 2 weeks
    assert state.remaining_workdays == 9
    assert not state.provisional
    # A holiday on Mon 01-07 and a make-up Sat 01-12 shift nothing in total…
    cal2 = WorkCalendar({date(2030, 1, 7): "节"}, {date(2030, 1, 12): "班"}, known_years=[2030])
    assert compute(events, ClockRules(committed_days=10), cal2).decision_due == date(2030, 1, 18)
    # …but a lone holiday pushes the due date one working day on.
    cal3 = WorkCalendar({date(2030, 1, 7): "节"}, {}, known_years=[2030])
    assert compute(events, ClockRules(committed_days=10), cal3).decision_due == date(2030, 1, 21)
    assert compute(events, ClockRules(committed_days=10), cal3, date(2030, 1, 7)).provisional is (
        False
    )
    assert compute(events, ClockRules(committed_days=10), WorkCalendar({}, {}, [])).provisional


# --- impossible sequences: stable codes ------------------------------------------------

R0 = ev(K.RECEIVED, d(2, 10))
A0 = ev(K.ACCEPTED, d(2, 10))


@pytest.mark.parametrize(
    ("events", "code"),
    [
        ([], "no_events"),
        ([A0], "not_received"),
        ([ev(K.SUPPLEMENT_NOTICE, d(2, 9)), R0], "not_received"),
        ([R0, R0], "already_received"),
        ([R0, ev(K.ACCEPTED, d(2, 9))], "date_backwards"),
        ([R0, A0, ev(K.SUSPENDED, d(3, 2)), ev(K.RESUMED, d(3, 1))], "date_backwards"),
        ([R0, A0, A0], "already_accepted"),
        ([R0, A0, ev(K.REFUSED, d(2, 11))], "already_accepted"),
        ([R0, ev(K.ACCEPTED, d(2, 25)), ev(K.ACCEPTED, d(2, 26))], "already_accepted"),
        ([R0, A0, ev(K.RESUMED, d(2, 11))], "not_suspended"),
        ([R0, A0, ev(K.SUSPENDED, d(2, 11)), ev(K.SUSPENDED, d(2, 12))], "already_suspended"),
        ([R0, ev(K.DECIDED, d(2, 11))], "not_accepted"),
        ([R0, ev(K.SUSPENDED, d(2, 11))], "not_accepted"),
        ([R0, ev(K.EXTENDED, d(2, 11), 5)], "not_accepted"),
        ([R0, A0, ev(K.SUSPENDED, d(2, 11)), ev(K.DECIDED, d(2, 12))], "still_suspended"),
        ([R0, A0, ev(K.DELIVERED, d(2, 11))], "not_decided"),
        ([R0, A0, ev(K.DECIDED, d(2, 11)), ev(K.DECIDED, d(2, 12))], "already_decided"),
        ([R0, A0, ev(K.DECIDED, d(2, 11)), ev(K.WITHDRAWN, d(2, 12))], "already_decided"),
        ([R0, A0, ev(K.DECIDED, d(2, 11)), ev(K.SUSPENDED, d(2, 12))], "already_decided"),
        ([R0, A0, ev(K.DECIDED, d(2, 11)), ev(K.EXTENDED, d(2, 12), 1)], "already_decided"),
        (
            [R0, A0, ev(K.DECIDED, d(2, 11)), ev(K.DELIVERED, d(2, 12)), A0],
            "date_backwards",
        ),
        (
            [R0, A0, ev(K.DECIDED, d(2, 11)), ev(K.DELIVERED, d(2, 12)), ev(K.RESUMED, d(3, 1))],
            "case_closed",
        ),
        ([R0, ev(K.WITHDRAWN, d(2, 11)), ev(K.ACCEPTED, d(2, 11))], "case_closed"),
        ([R0, ev(K.REFUSED, d(2, 11)), ev(K.REFUSED, d(2, 11))], "case_closed"),
        (
            [R0, ev(K.SUPPLEMENT_NOTICE, d(2, 11)), ev(K.SUPPLEMENT_NOTICE, d(2, 12))],
            "supplement_notice_already_issued",
        ),
        (
            [
                R0,
                ev(K.SUPPLEMENT_NOTICE, d(2, 25)),  # late
                ev(K.SUPPLEMENT_NOTICE, d(2, 26)),
            ],
            "supplement_notice_already_issued",
        ),
        ([R0, A0, ev(K.SUPPLEMENT_NOTICE, d(2, 11))], "intake_closed"),
        ([R0, ev(K.SUPPLEMENTED, d(2, 11))], "no_supplement_notice"),
        (
            [
                R0,
                ev(K.SUPPLEMENT_NOTICE, d(2, 11)),
                ev(K.SUPPLEMENTED, d(2, 12)),
                ev(K.SUPPLEMENTED, d(2, 13)),
            ],
            "already_supplemented",
        ),
        ([R0, ev(K.SUPPLEMENT_NOTICE, d(2, 11)), ev(K.ACCEPTED, d(2, 12))], "awaiting_supplement"),
        ([R0, ev(K.SUPPLEMENT_NOTICE, d(2, 11)), ev(K.DECIDED, d(2, 12))], "not_accepted"),
        (
            [R0, A0, ev(K.EXTENDED, d(2, 11), 5), ev(K.EXTENDED, d(2, 12), 1)],
            "extension_already_granted",
        ),
        ([R0, A0, ev(K.EXTENDED, d(2, 11), 11)], "extension_exceeds_limit"),
        ([R0, A0, ev(K.EXTENDED, d(2, 11), 0)], "extension_not_positive"),
        ([R0, A0, ev(K.EXTENDED, d(2, 11), -3)], "extension_not_positive"),
        ([R0, ev(K.ACCEPTED, d(2, 10), 3)], "unexpected_days"),
        ([ev(K.RECEIVED, d(2, 10), 1)], "unexpected_days"),
        ([R0, ClockEvent("nonsense", d(2, 11))], "unknown_event"),  # type: ignore[arg-type]
        ([R0, ClockEvent(K.ACCEPTED, datetime(2026, 2, 11, 9))], "not_a_date"),
        ([ClockEvent(K.RECEIVED, datetime(2026, 2, 11, 9))], "not_a_date"),
        ([R0, ClockEvent(K.ACCEPTED, None)], "not_a_date"),  # type: ignore[arg-type]
        ([R0, ClockEvent(K.ACCEPTED, "2026-02-11")], "not_a_date"),  # type: ignore[arg-type]
        ([R0, A0, ClockEvent(K.EXTENDED, d(2, 11), None)], "extension_not_positive"),  # type: ignore[arg-type]
    ],
)
def test_impossible_sequences_raise_stable_codes(events: list[ClockEvent], code: str) -> None:
    with pytest.raises(ClockError) as caught:
        run(events, today=d(12, 31))
    assert caught.value.code == code
    assert code in ERROR_CODES
    assert caught.value.message == ERROR_CODES[code]


def test_errors_are_domain_errors_naming_the_event() -> None:
    with pytest.raises(DomainError) as caught:
        run([R0, A0, A0])
    error = caught.value
    assert isinstance(error, ClockError)
    assert error.status == 422
    assert error.as_dict() == {
        "code": "already_accepted",
        "message": "已经受理",
        "detail": {"index": 2, "kind": "accepted", "on": "2026-02-10"},
    }


def test_today_must_not_precede_the_events() -> None:
    with pytest.raises(ClockError) as caught:
        run([R0, ev(K.ACCEPTED, d(2, 12))], today=d(2, 11))
    assert caught.value.code == "today_before_last_event"
    with pytest.raises(ClockError) as caught:
        run([R0], today=datetime(2026, 2, 11, 9))
    assert caught.value.code == "not_a_date"


def test_same_day_events_keep_their_order() -> None:
    events = [R0, A0, ev(K.SUSPENDED, d(2, 10)), ev(K.RESUMED, d(2, 10)), ev(K.DECIDED, d(2, 10))]
    state = run(events)
    assert state.suspended_days == 0
    assert state.early


# --- rules ------------------------------------------------------------------------------


def test_rules_validation() -> None:
    assert ClockRules(20, legal_days=20).committed_days == 20
    with pytest.raises(ClockError) as caught:
        ClockRules(21)
    assert caught.value.code == "committed_exceeds_legal"
    assert ClockRules.joint(45).legal_days == 45
    with pytest.raises(ClockError) as caught:
        ClockRules.joint(46)
    assert caught.value.code == "committed_exceeds_legal"
    for bad in (
        {"committed_days": -1},
        {"committed_days": 1, "max_extension_days": -1},
        {"committed_days": 1, "notice_window_days": -5},
        {"committed_days": 1, "delivery_days": True},
        {"committed_days": 1.0},
    ):
        with pytest.raises(ClockError) as caught:
            ClockRules(**bad)
        assert caught.value.code == "rules_invalid"


def test_values_are_immutable_and_small() -> None:
    event, state = R0, run([R0, A0])
    with pytest.raises(AttributeError):
        event.on = d(1, 1)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        state.decision_due = d(1, 1)  # type: ignore[misc]
    assert not hasattr(event, "__dict__")
    assert not hasattr(state, "__dict__")
    assert not hasattr(RULES, "__dict__")
