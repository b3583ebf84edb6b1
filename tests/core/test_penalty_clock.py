"""The penalty clock (行政处罚法 2021), pure: dates hand-counted on the shipped
2026 calendar. Off: 春节 15–23 Feb (make-up Sat 14 and Sat 28 Feb), 清明 4–6
Apr, 劳动节 1–5 May (make-up Sat 9 May), 端午 19–21 Jun, 中秋 25–27 Sep and
国庆 1–7 Oct (make-up Sun 20 Sep and Sat 10 Oct). Each expected date below
was counted by hand against src/xiaoneng/calendar/data/schedules.csv; the
comment shows the count (the start day is never counted)."""

from __future__ import annotations

import ast
import inspect
from datetime import date, datetime
from decimal import Decimal

import pytest

from xiaoneng.core.clock import AlertLevel
from xiaoneng.core.clock.fold import Procedure
from xiaoneng.core.clock.procedures import penalty
from xiaoneng.core.clock.procedures.penalty import (
    ERROR_CODES,
    PENALTY,
    Event,
    EventKind,
    Imposes,
    PenaltyClockError,
    PenaltyRules,
    Phase,
    compute,
    decision_due,
    defence_until,
    hearing_earliest,
    payment_due,
    publish_due,
    register_due,
    service_due,
    surcharge,
    time_barred,
)
from xiaoneng.core.workdays import load_shipped_calendar

CAL = load_shipped_calendar()
K = EventKind
D = date


def ev(kind: EventKind, on: date, days: int = 0, imposes: Imposes | None = None) -> Event:
    return Event(kind, on, days, imposes)


def raised(events: list[Event], today: date | None = None) -> str:
    with pytest.raises(PenaltyClockError) as caught:
        compute(events, CAL, today=today)
    return caught.value.code


def test_the_module_is_pure_and_a_procedure_on_the_engine() -> None:
    tree = ast.parse(inspect.getsource(penalty))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not any(name.startswith("django") for name in imported)
    assert isinstance(PENALTY, Procedure)
    assert set(PENALTY.handlers) == set(EventKind)
    assert PENALTY.compute([ev(K.FOUND, D(2026, 3, 2))], PenaltyRules(), CAL).phase is Phase.CLUE


# --- the date rules, hand-counted across the holidays ------------------------------


def test_defence_window_over_national_day_counts_the_make_up_saturday() -> None:
    # Notice Tue 29 Sep: 30 Sep (1), 1–7 Oct off, Thu 8 (2), Fri 9 (3),
    # Sat 10 Oct make-up (4), Mon 12 Oct (5).
    assert defence_until(D(2026, 9, 29), CAL) == D(2026, 10, 12)
    events = [
        ev(K.FOUND, D(2026, 9, 14)),
        ev(K.REGISTERED, D(2026, 9, 18)),
        ev(K.NOTIFIED, D(2026, 9, 29)),
    ]
    assert compute(events, CAL).defence_until == D(2026, 10, 12)
    on_the_last_day = compute([*events, ev(K.HEARING_REQUESTED, D(2026, 10, 12))], CAL)
    assert on_the_last_day.phase is Phase.HEARING
    assert raised([*events, ev(K.HEARING_REQUESTED, D(2026, 10, 13))]) == "hearing_request_late"


def test_hearing_notice_over_labour_day() -> None:
    # Hearing notified Tue 28 Apr: 29 (1), 30 Apr (2), 1–5 May off, Wed 6 (3),
    # 7 (4), 8 (5), Sat 9 May make-up (6), Mon 11 May (7): 7 working days lie
    # between only from Tue 12 May.
    assert hearing_earliest(D(2026, 4, 28), CAL) == D(2026, 5, 12)
    events = [
        ev(K.FOUND, D(2026, 4, 1)),
        ev(K.REGISTERED, D(2026, 4, 2)),
        ev(K.NOTIFIED, D(2026, 4, 21)),
        ev(K.HEARING_REQUESTED, D(2026, 4, 23)),
    ]
    assert raised([*events, ev(K.HEARING_HELD, D(2026, 4, 24))]) == "hearing_not_notified"
    events.append(ev(K.HEARING_NOTIFIED, D(2026, 4, 28)))
    assert compute(events, CAL).hearing_earliest == D(2026, 5, 12)
    assert raised([*events, ev(K.HEARING_HELD, D(2026, 5, 11))]) == "hearing_too_early"
    held = compute([*events, ev(K.HEARING_HELD, D(2026, 5, 12))], CAL)
    assert (held.phase, held.hearing_held_on) == (Phase.DECIDING, D(2026, 5, 12))


def test_service_and_publication_due_over_national_day() -> None:
    # Decided Mon 28 Sep: 29 (1), 30 Sep (2), 1–7 Oct off, 8 (3), 9 (4),
    # Sat 10 make-up (5), Mon 12 (6), Tue 13 Oct (7).
    assert service_due(D(2026, 9, 28), CAL) == D(2026, 10, 13)
    assert publish_due(D(2026, 9, 28), CAL) == D(2026, 10, 13)
    events = [
        ev(K.FOUND, D(2026, 9, 1)),
        ev(K.REGISTERED, D(2026, 9, 2)),
        ev(K.NOTIFIED, D(2026, 9, 3)),
        ev(K.DEFENCE_WAIVED, D(2026, 9, 4)),
        ev(K.DECIDED, D(2026, 9, 28)),
    ]
    decided = compute(events, CAL)
    assert (decided.service_due, decided.publish_due) == (D(2026, 10, 13), D(2026, 10, 13))
    assert (decided.due, decided.due_step) == (D(2026, 10, 13), "service")  # a tie: service
    served_late = compute([*events, ev(K.SERVED, D(2026, 10, 14))], CAL)
    assert served_late.late == ("service",)
    on_time = compute([*events, ev(K.SERVED, D(2026, 10, 13))], CAL)
    assert on_time.late == ()


@pytest.mark.parametrize(
    ("served", "due"),
    [
        (D(2026, 3, 2), D(2026, 3, 17)),  # +15 = Tue 17 Mar, a working day
        (D(2026, 9, 16), D(2026, 10, 8)),  # +15 = Thu 1 Oct (国庆, off to 7) → Thu 8 Oct
        (D(2026, 4, 16), D(2026, 5, 6)),  # +15 = Fri 1 May (劳动节, off to 5) → Wed 6 May
        (D(2026, 2, 5), D(2026, 2, 24)),  # +15 = Fri 20 Feb (春节, off to 23) → Tue 24 Feb
        (D(2026, 11, 6), D(2026, 11, 23)),  # +15 = Sat 21 Nov → Mon 23 Nov
    ],
)
def test_payment_within_fifteen_calendar_days(served: date, due: date) -> None:
    assert payment_due(served, CAL) == due
    events = [
        ev(K.FOUND, served),
        ev(K.DECIDED_ON_THE_SPOT, served),
        ev(K.SERVED, served),
        ev(K.PUBLISHED, served),  # publication (7 working days) would run first
    ]
    state = compute(events, CAL)
    assert (state.payment_due, state.due, state.due_step) == (due, due, "payment")


def test_ninety_calendar_days_from_registration_and_extensions() -> None:
    # Registered Mon 5 Jan: 26 days to 31 Jan, 28 in Feb (54), 31 in Mar (85),
    # 5 Apr (90) — 清明 and a Sunday, but the body's own limit does not move.
    assert decision_due(D(2026, 1, 5)) == D(2026, 4, 5)
    events = [ev(K.FOUND, D(2026, 1, 5)), ev(K.REGISTERED, D(2026, 1, 5))]
    assert compute(events, CAL).decision_due == D(2026, 4, 5)
    events.append(ev(K.DECISION_EXTENDED, D(2026, 4, 1), 30))  # 5 Apr + 30 = 5 May
    events.append(ev(K.DECISION_EXTENDED, D(2026, 5, 5), 10))  # on the due day: 15 May
    extended = compute(events, CAL)
    assert (extended.decision_due, extended.decision_extension_days) == (D(2026, 5, 15), 40)
    assert raised([*events, ev(K.DECISION_EXTENDED, D(2026, 5, 16), 5)]) == "extension_too_late"
    notified = [*events, ev(K.NOTIFIED, D(2026, 5, 6)), ev(K.DEFENCE_WAIVED, D(2026, 5, 7))]
    assert compute([*notified, ev(K.DECIDED, D(2026, 5, 15))], CAL).late == ()
    assert compute([*notified, ev(K.DECIDED, D(2026, 5, 16))], CAL).late == ("decision",)


def test_registration_within_fifteen_working_days_once_extended() -> None:
    # Found Thu 12 Feb: 13 (1), Sat 14 make-up (2), 15–23 off, 24–27 (6),
    # Sat 28 make-up (7), 2–6 Mar (12), 9, 10, 11 Mar (15).
    assert register_due(D(2026, 2, 12), CAL) == D(2026, 3, 11)
    found = [ev(K.FOUND, D(2026, 2, 12))]
    assert compute(found, CAL).register_due == D(2026, 3, 11)
    # 15 more: 12, 13 (17), 16–20 (22), 23–27 (27), 30, 31 Mar, 1 Apr (30).
    extended = [*found, ev(K.REGISTER_EXTENDED, D(2026, 3, 11), 15)]
    state = compute(extended, CAL)
    assert (state.register_due, state.register_extension_days) == (D(2026, 4, 1), 15)
    assert compute([*extended, ev(K.REGISTERED, D(2026, 4, 1))], CAL).late == ()
    late = compute([*extended, ev(K.REGISTERED, D(2026, 4, 2))], CAL)
    assert (late.phase, late.late) == (Phase.INVESTIGATING, ("register",))
    assert raised([*found, ev(K.REGISTER_EXTENDED, D(2026, 3, 12), 5)]) == "extension_too_late"
    closed = compute([*found, ev(K.NOT_REGISTERED, D(2026, 3, 12))], CAL, today=D(2026, 3, 20))
    assert (closed.phase, closed.closed_on, closed.late) == (
        Phase.NOT_REGISTERED,
        D(2026, 3, 12),
        ("register",),
    )
    assert (closed.due, closed.light) == (None, AlertLevel.NONE)


def test_surcharge_three_percent_a_day_capped_at_the_fine() -> None:
    fine, due = Decimal("1000.00"), D(2026, 10, 8)
    assert surcharge(fine, due, D(2026, 10, 8)) == Decimal("0.00")  # on the due day
    assert surcharge(fine, due, D(2026, 9, 30)) == Decimal("0.00")  # early
    assert surcharge(fine, due, D(2026, 10, 9)) == Decimal("30.00")  # one day
    # 9–31 Oct (23 days) + 1–10 Nov (33 days): 990; the 34th day would be 1020.
    assert surcharge(fine, due, D(2026, 11, 10)) == Decimal("990.00")
    assert surcharge(fine, due, D(2026, 11, 11)) == Decimal("1000.00")
    assert surcharge(fine, due, D(2027, 6, 1)) == Decimal("1000.00")
    assert surcharge(Decimal("333.33"), due, D(2026, 10, 9)) == Decimal("10.00")  # 9.9999


@pytest.mark.parametrize(
    ("ended", "found", "grave", "barred"),
    [
        (D(2024, 3, 15), D(2026, 3, 15), False, False),  # the second anniversary: in time
        (D(2024, 3, 15), D(2026, 3, 16), False, True),
        (D(2024, 2, 29), D(2026, 2, 28), False, False),  # no 29 Feb 2026: 28 Feb ends it
        (D(2024, 2, 29), D(2026, 3, 1), False, True),
        (D(2024, 2, 29), D(2029, 2, 28), True, False),  # grave: five years
        (D(2024, 2, 29), D(2029, 3, 1), True, True),
        (D(2024, 2, 29), D(2028, 2, 29), True, False),
    ],
)
def test_time_bar_two_or_five_years(ended: date, found: date, grave: bool, barred: bool) -> None:
    assert time_barred(ended, found, grave=grave) is barred


# --- the procedure ------------------------------------------------------------------


def test_a_general_case_from_clue_to_closing() -> None:
    events = [ev(K.FOUND, D(2026, 9, 14))]
    clue = compute(events, CAL, today=D(2026, 9, 14))
    # 15–18 Sep (4), Sun 20 make-up (5), 21–24 (9), 28–30 (12), 8, 9 Oct (14), Sat 10 (15).
    assert (clue.phase, clue.due, clue.due_step) == (Phase.CLUE, D(2026, 10, 10), "register")
    assert clue.light is AlertLevel.NORMAL
    assert clue.provisional is False

    events.append(ev(K.REGISTERED, D(2026, 9, 18)))
    # 18 Sep + 90: 12 days to 30 Sep, 31 in Oct (43), 30 in Nov (73), 17 Dec (90).
    investigating = compute(events, CAL)
    assert (investigating.due, investigating.due_step) == (D(2026, 12, 17), "decision")

    events += [ev(K.NOTIFIED, D(2026, 9, 29)), ev(K.HEARING_REQUESTED, D(2026, 10, 9))]
    # Hearing notified Mon 12 Oct: 13–16 (4), 19, 20, 21 (7): from Thu 22 Oct.
    events.append(ev(K.HEARING_NOTIFIED, D(2026, 10, 12)))
    hearing = compute(events, CAL, today=D(2026, 10, 12))
    assert (hearing.phase, hearing.hearing_earliest) == (Phase.HEARING, D(2026, 10, 22))
    assert (hearing.due_step, hearing.light) == ("decision", AlertLevel.NORMAL)

    events += [ev(K.HEARING_HELD, D(2026, 10, 22)), ev(K.DECIDED, D(2026, 10, 30))]
    decided = compute(events, CAL)
    # Decided Fri 30 Oct: 2–6 Nov (5), 9, 10 Nov (7).
    assert (decided.service_due, decided.publish_due) == (D(2026, 11, 10), D(2026, 11, 10))
    assert decided.decided_before_defence is False
    assert decided.imposes is Imposes.FINE

    events.append(ev(K.SERVED, D(2026, 11, 4)))
    served = compute(events, CAL, today=D(2026, 11, 4))
    # Payment: 4 Nov + 15 = Thu 19 Nov. Publication (10 Nov) is the earlier open one.
    assert (served.payment_due, served.due, served.due_step) == (
        D(2026, 11, 19),
        D(2026, 11, 10),
        "publish",
    )
    events.append(ev(K.PUBLISHED, D(2026, 11, 9)))
    paying = [compute(events, CAL, today=D(2026, 11, d)) for d in (13, 16, 20)]
    assert {(s.due, s.due_step) for s in paying} == {(D(2026, 11, 19), "payment")}
    # Fri 13 Nov: 16, 17, 18, 19 left (4); Mon 16: 17, 18, 19 (3); Fri 20: overdue.
    assert [s.remaining_workdays for s in paying] == [4, 3, -1]
    assert [s.light for s in paying] == [
        AlertLevel.NORMAL,
        AlertLevel.WARNING,
        AlertLevel.OVERDUE,
    ]

    events.append(ev(K.PAID, D(2026, 11, 20)))
    paid = compute(events, CAL, today=D(2026, 11, 20))
    assert (paid.phase, paid.due, paid.due_step, paid.light) == (
        Phase.PAID,
        None,
        "",
        AlertLevel.NONE,
    )
    events.append(ev(K.CLOSED, D(2026, 11, 23)))
    closed = compute(events, CAL, today=D(2026, 11, 30))
    assert (closed.phase, closed.closed_on, closed.light) == (
        Phase.CLOSED,
        D(2026, 11, 23),
        AlertLevel.NONE,
    )
    assert closed.late == ()
    assert raised([*events, ev(K.PUBLISHED, D(2026, 11, 24))]) == "penalty_case_closed"


def test_the_earliest_open_deadline_runs_after_the_decision() -> None:
    events = [
        ev(K.FOUND, D(2026, 10, 12)),
        ev(K.REGISTERED, D(2026, 10, 12)),
        ev(K.NOTIFIED, D(2026, 10, 13)),
        ev(K.DEFENCE_WAIVED, D(2026, 10, 14)),
        ev(K.DECIDED, D(2026, 10, 30)),
    ]
    quick = PenaltyRules(publish_workdays=5)
    decided = compute(events, CAL, rules=quick)
    # Publication in 5: 2–6 Nov, before service on 10 Nov.
    assert (decided.due, decided.due_step) == (D(2026, 11, 6), "publish")
    events.append(ev(K.PUBLISHED, D(2026, 11, 9)))
    published = compute(events, CAL, rules=quick)
    assert (published.due, published.due_step, published.late) == (
        D(2026, 11, 10),
        "service",
        ("publish",),
    )


def test_decided_before_defence_is_told_not_refused() -> None:
    notice = [
        ev(K.FOUND, D(2026, 9, 14)),
        ev(K.REGISTERED, D(2026, 9, 18)),
        ev(K.NOTIFIED, D(2026, 9, 29)),  # defence_until Mon 12 Oct
    ]

    def before(*more: Event) -> bool:
        return compute([*notice, *more], CAL).decided_before_defence

    assert before(ev(K.DECIDED, D(2026, 10, 12))) is True  # the window's last day
    assert before(ev(K.DECIDED, D(2026, 10, 13))) is False
    assert before(ev(K.DEFENCE_WAIVED, D(2026, 9, 30)), ev(K.DECIDED, D(2026, 10, 8))) is False
    hearing = ev(K.HEARING_REQUESTED, D(2026, 10, 9))
    assert before(hearing, ev(K.DECIDED, D(2026, 11, 2))) is True  # requested, not held
    waived = ev(K.HEARING_WAIVED, D(2026, 10, 20))
    assert before(hearing, waived, ev(K.DECIDED, D(2026, 10, 21))) is False
    not_penalised = ev(K.DECIDED, D(2026, 10, 8), imposes=Imposes.NOTHING)
    assert before(not_penalised) is False  # not penalising harms no one's defence


def test_a_new_notice_restarts_the_window_and_voids_the_hearing() -> None:
    events = [
        ev(K.FOUND, D(2026, 9, 14)),
        ev(K.REGISTERED, D(2026, 9, 18)),
        ev(K.NOTIFIED, D(2026, 9, 29)),
        ev(K.HEARING_REQUESTED, D(2026, 10, 9)),
        ev(K.NOTIFIED, D(2026, 10, 13)),  # a heavier penalty intended (art. 45)
    ]
    again = compute(events, CAL)
    # 14, 15, 16, 19, 20 Oct.
    assert (again.phase, again.defence_until, again.notices) == (
        Phase.NOTIFIED,
        D(2026, 10, 20),
        2,
    )
    assert again.hearing_requested_on is None
    assert compute([*events, ev(K.HEARING_REQUESTED, D(2026, 10, 20))], CAL).phase is Phase.HEARING
    assert compute([*events, ev(K.DECIDED, D(2026, 10, 16))], CAL).decided_before_defence


def test_simple_procedure_on_the_spot_in_one_day() -> None:
    day = D(2026, 5, 6)
    events = [ev(K.FOUND, day), ev(K.DECIDED_ON_THE_SPOT, day), ev(K.SERVED, day)]
    state = compute(events, CAL, today=day)
    assert (state.phase, state.simple, state.late) == (Phase.SERVED, True, ())
    assert (state.registered_on, state.register_due, state.decision_due) == (None, None, None)
    assert state.service_due == day  # handed over on the spot (art. 52)
    # Publication: 7, 8, Sat 9 make-up, 11–14 May; payment: 6 May + 15 = Thu 21 May.
    assert (state.publish_due, state.payment_due) == (D(2026, 5, 14), D(2026, 5, 21))
    assert (state.due, state.due_step) == (D(2026, 5, 14), "publish")
    late = compute([*events[:2], ev(K.SERVED, D(2026, 5, 7))], CAL)
    assert late.late == ("service",)
    warned = [ev(K.FOUND, day), ev(K.DECIDED_ON_THE_SPOT, day, imposes=Imposes.PENALTY)]
    warned_state = compute([*warned, ev(K.SERVED, day)], CAL)
    assert (warned_state.payment_due, warned_state.due_step) == (None, "publish")
    assert raised([*warned, ev(K.SERVED, day), ev(K.PAID, day)]) == "nothing_to_pay"


def test_a_decision_not_to_penalise_is_served_only() -> None:
    events = [
        ev(K.FOUND, D(2026, 3, 2)),
        ev(K.REGISTERED, D(2026, 3, 3)),
        ev(K.DECIDED, D(2026, 3, 10), imposes=Imposes.NOTHING),  # no notice needed
    ]
    decided = compute(events, CAL)
    assert (decided.publish_due, decided.due_step) == (None, "service")
    events.append(ev(K.SERVED, D(2026, 3, 11)))
    served = compute(events, CAL, today=D(2026, 4, 30))
    assert (served.payment_due, served.due, served.light) == (None, None, AlertLevel.NONE)
    assert raised([*events, ev(K.PUBLISHED, D(2026, 3, 12))]) == "nothing_to_publish"
    assert compute([*events, ev(K.CLOSED, D(2026, 3, 12))], CAL).phase is Phase.CLOSED


F = D(2026, 3, 2)  # Mon
REG = [ev(K.FOUND, F), ev(K.REGISTERED, F)]
NOTICE = [*REG, ev(K.NOTIFIED, F)]
DECIDED = [*NOTICE, ev(K.DEFENCE_WAIVED, F), ev(K.DECIDED, F)]
CASES = [
    ([], "no_events"),
    ([ev(K.REGISTERED, F)], "not_received"),
    ([Event(K.FOUND, F, imposes=Imposes.FINE)], "unexpected_imposes"),
    ([*REG, ev(K.NOTIFIED, F, imposes=Imposes.FINE)], "unexpected_imposes"),
    ([*REG, ev(K.FOUND, F)], "already_found"),
    ([*REG, ev(K.REGISTERED, D(2026, 3, 1))], "date_backwards"),
    ([*REG, Event("reopened", F)], "unknown_event"),  # type: ignore[arg-type]
    ([*REG, ev(K.NOTIFIED, F, 3)], "unexpected_days"),
    ([ev(K.FOUND, F), ev(K.NOT_REGISTERED, F), ev(K.REGISTERED, F)], "penalty_case_closed"),
    ([*REG, ev(K.REGISTERED, F)], "not_allowed"),
    ([ev(K.FOUND, F), ev(K.NOTIFIED, F)], "not_allowed"),
    ([*REG, ev(K.HEARING_REQUESTED, F)], "not_allowed"),
    ([*NOTICE, ev(K.DEFENCE_WAIVED, F), ev(K.HEARING_REQUESTED, F)], "not_allowed"),
    ([*DECIDED, ev(K.DECIDED, F)], "not_allowed"),
    ([*DECIDED, ev(K.NOTIFIED, F)], "not_allowed"),
    ([ev(K.FOUND, F), ev(K.CLOSED, F)], "not_allowed"),
    ([ev(K.FOUND, F), *[ev(K.REGISTER_EXTENDED, F, 5)] * 2], "extension_already_granted"),
    ([ev(K.FOUND, F), ev(K.REGISTER_EXTENDED, F, 0)], "extension_not_positive"),
    ([*REG, ev(K.DECISION_EXTENDED, F, -3)], "extension_not_positive"),
    ([ev(K.FOUND, F), ev(K.REGISTER_EXTENDED, F, 16)], "extension_exceeds_limit"),
    ([ev(K.FOUND, F), ev(K.REGISTER_EXTENDED, D(2026, 3, 24), 5)], "extension_too_late"),
    ([*REG, ev(K.DECIDED, F)], "not_notified"),
    ([*REG, ev(K.DECIDED, F, imposes=Imposes.PENALTY)], "not_notified"),
    ([*NOTICE, ev(K.HEARING_REQUESTED, D(2026, 3, 10))], "hearing_request_late"),
    ([*NOTICE, ev(K.HEARING_REQUESTED, F), ev(K.HEARING_HELD, F)], "hearing_not_notified"),
    (
        [*NOTICE, *[ev(k, F) for k in (K.HEARING_REQUESTED, K.HEARING_NOTIFIED, K.HEARING_HELD)]],
        "hearing_too_early",
    ),
    ([ev(K.FOUND, F), ev(K.DECIDED_ON_THE_SPOT, D(2026, 3, 3))], "not_on_the_spot"),
    ([ev(K.FOUND, F), ev(K.DECIDED_ON_THE_SPOT, F, imposes=Imposes.NOTHING)], "nothing_imposed"),
    ([*DECIDED, ev(K.PAID, F)], "not_served"),
    ([*DECIDED, ev(K.CLOSED, F)], "not_served"),
    ([*DECIDED, ev(K.SERVED, F), ev(K.PAID, F), ev(K.PAID, F)], "not_allowed"),
    (
        [*NOTICE, ev(K.DECIDED, F, imposes=Imposes.PENALTY), ev(K.SERVED, F), ev(K.PAID, F)],
        "nothing_to_pay",
    ),
    ([*REG, ev(K.DECIDED, F, imposes=Imposes.NOTHING), ev(K.PUBLISHED, F)], "nothing_to_publish"),
    ([*DECIDED, ev(K.PUBLISHED, F), ev(K.PUBLISHED, F)], "already_published"),
]


@pytest.mark.parametrize(("events", "code"), CASES)
def test_impossible_sequences_are_refused_with_a_code(events: list[Event], code: str) -> None:
    assert raised(events) == code


def test_every_code_of_the_table_is_refused_somewhere() -> None:
    tested = {code for _, code in CASES} | {"not_a_date", "today_before_last_event"}
    assert tested | {"rules_invalid"} == set(ERROR_CODES)


def test_dates_and_today_must_be_dates() -> None:
    assert raised([ev(K.FOUND, datetime(2026, 3, 2, 9, 0))]) == "not_a_date"
    assert raised(REG, today=D(2026, 3, 1)) == "today_before_last_event"
    with pytest.raises(PenaltyClockError) as caught:
        compute(REG, CAL, today=datetime(2026, 3, 2, 9, 0))
    assert caught.value.code == "not_a_date"
    assert caught.value.status == 409


@pytest.mark.parametrize(
    "bad", [{"defence_workdays": -1}, {"warning_days": True}, {"payment_days": 1.5}]
)
def test_rules_must_be_non_negative_integers(bad: dict[str, object]) -> None:
    with pytest.raises(PenaltyClockError) as caught:
        PenaltyRules(**bad)  # type: ignore[arg-type]
    assert caught.value.code == "rules_invalid"
    assert caught.value.detail == {"fields": list(bad)}
