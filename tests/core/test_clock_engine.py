"""The one clock engine (`core.clock.fold`): the case and disclosure clocks
are two procedures on it, and a new procedure is declared in a few lines
(a toy complaint clock: accept within 5 working days, conclude within 15,
one extension of 15), on the shipped calendar (2026 National Day: off 1–7
Oct, Mid-Autumn 25–27 Sep; make-up working days Sun 20 Sep and Sat 10 Oct)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from xiaoneng.core.clock import AlertLevel
from xiaoneng.core.clock.engine import CASE
from xiaoneng.core.clock.fold import Procedure
from xiaoneng.core.clock.procedures import disclosure
from xiaoneng.core.clock.stages import Extension, Stage, StageError, StageEvent, Stages
from xiaoneng.core.workdays import load_shipped_calendar

CAL = load_shipped_calendar()
R = date(2026, 9, 14)  # Mon

# The whole declaration of a new procedure:
COMPLAINT = Stages(
    "complaint",
    first="accepting",
    stages={
        "accepting": Stage(5, then={"accepted": "handling", "rejected": "rejected"}),
        "handling": Stage(15, then={"concluded": "concluded"}),
    },
    extension=Extension("handling", max_days=15),
)


def ev(kind: str, on: date, days: int = 0) -> StageEvent:
    return StageEvent(kind, on, days)


def test_case_and_disclosure_are_procedures_on_one_engine() -> None:
    assert isinstance(CASE, Procedure)
    assert isinstance(disclosure.DISCLOSURE, Procedure)
    assert disclosure.Light is AlertLevel  # one light enum for every procedure
    from xiaoneng.disclosure import clock as app_clock

    assert app_clock.compute is disclosure.compute  # the app's path is a thin import


def test_toy_complaint_deadlines_extension_and_light() -> None:
    opened = COMPLAINT.compute([ev("received", R)], CAL, today=R)
    assert (opened.phase, opened.due) == ("accepting", date(2026, 9, 20))  # 15–18, Sun 20 make-up
    assert opened.light is AlertLevel.NORMAL

    events = [ev("received", R), ev("accepted", date(2026, 9, 18))]
    handling = COMPLAINT.compute(events, CAL, today=date(2026, 10, 15))
    # 20–24 Sep (5), 28–30 Sep (8), 8, 9 Oct (10), Sat 10 Oct (11), 12–15 Oct (15).
    assert (handling.phase, handling.due) == ("handling", date(2026, 10, 15))
    assert handling.remaining_workdays == 0
    assert handling.light is AlertLevel.WARNING

    events.append(ev("extended", date(2026, 10, 15), 15))
    extended = COMPLAINT.compute(events, CAL, today=date(2026, 10, 15))
    assert extended.due == date(2026, 11, 5)
    assert extended.light is AlertLevel.NORMAL

    events.append(ev("concluded", date(2026, 11, 6)))
    closed = COMPLAINT.compute(events, CAL, today=date(2026, 11, 9))
    assert (closed.phase, closed.closed_on, closed.due) == ("concluded", date(2026, 11, 6), None)
    assert closed.late == ("handling",)
    assert closed.light is AlertLevel.NONE


@pytest.mark.parametrize(
    ("events", "code"),
    [
        ([], "no_events"),
        ([ev("accepted", R)], "not_received"),
        ([ev("received", R), ev("concluded", R)], "not_allowed"),
        ([ev("received", R), ev("extended", R, 3)], "extension_not_allowed"),
        ([ev("received", R), ev("accepted", R), ev("extended", R, 16)], "extension_exceeds_limit"),
        ([ev("received", R), ev("accepted", R), ev("extended", R, 0)], "extension_not_positive"),
        ([ev("received", R), ev("accepted", R), ev("accepted", R)], "not_allowed"),
        ([ev("received", R), ev("rejected", R), ev("accepted", R)], "closed"),
        ([ev("received", R), ev("accepted", date(2026, 9, 13))], "date_backwards"),
        ([ev("received", R), ev("accepted", datetime(2026, 9, 15, 9))], "not_a_date"),  # type: ignore[arg-type]
        ([ev("received", R), ev("whatever", R)], "unknown_event"),
        ([ev("received", R), ev("accepted", R, 2)], "unexpected_days"),
        ([ev("received", R), ev("received", R)], "already_received"),
    ],
)
def test_toy_complaint_refuses_with_the_shared_and_its_own_codes(
    events: list[StageEvent], code: str
) -> None:
    with pytest.raises(StageError) as exc:
        COMPLAINT.compute(events, CAL)
    assert exc.value.code == code


def test_one_extension_only_and_not_after_the_due_date() -> None:
    base = [ev("received", R), ev("accepted", date(2026, 9, 18))]
    with pytest.raises(StageError, match="延期只能批准一次"):
        COMPLAINT.compute(
            [*base, ev("extended", R.replace(day=21), 5), ev("extended", R.replace(day=22), 5)], CAL
        )
    with pytest.raises(StageError) as exc:
        COMPLAINT.compute([*base, ev("extended", date(2026, 10, 16), 5)], CAL)
    assert exc.value.code == "extension_too_late"
    with pytest.raises(StageError) as exc:
        COMPLAINT.compute(base, CAL, today=date(2026, 9, 17))
    assert exc.value.code == "today_before_last_event"
