"""The clock's adapter (enforcement/clock.py) stores on the case the same
dates as the penalty clock's fold (`penalty.compute`) over the case's
events, step by step through a case with a hearing across National Day
2026, and for a decision on the spot; and the pure gates: what a decision
still lacks and why a review is needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from cases_support import decide, notify, onsite, registered
from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.clock.procedures.penalty import Event, EventKind, Imposes, compute
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement import actions, clock, gates
from xiaoneng.enforcement.models import Item, PenaltyCase
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

FIELDS = (
    "register_due",
    "decision_due",
    "defence_until",
    "service_due",
    "payment_due",
    "publish_due",
)


def agree(case: PenaltyCase, events: list[Event], today: date) -> None:
    state = compute(events, current_calendar(), clock.rules(), today)
    row = PenaltyCase.objects.get(pk=case.pk)
    assert {f: getattr(row, f) for f in FIELDS} == {f: getattr(state, f) for f in FIELDS}
    assert (row.due_on, row.due_step) == (state.due, state.due_step)


def test_the_stored_dates_are_the_folds_through_a_case_with_a_hearing(
    users: dict[str, User], enforcement_item: Item
) -> None:
    found, notice = date(2026, 9, 21), date(2026, 9, 29)
    case = registered(users, enforcement_item, found)
    events = [Event(EventKind.FOUND, found), Event(EventKind.REGISTERED, found)]
    agree(case, events, found)
    notify(users, case, notice)
    events.append(Event(EventKind.NOTIFIED, notice))
    agree(case, events, notice)
    steps = [
        (date(2026, 10, 8), EventKind.HEARING_REQUESTED),
        (date(2026, 10, 13), EventKind.HEARING_NOTIFIED),
        (date(2026, 10, 23), EventKind.HEARING_HELD),
    ]
    with travel_to(steps[0][0]):
        actions.request_hearing(actor=users["zhifa"], case_id=case.pk)
    with travel_to(steps[1][0]):
        actions.schedule_hearing(
            actor=users["zhifa"],
            case_id=case.pk,
            scheduled_on=steps[2][0],
            place="市工商局听证室",
            host_id=users["fazhi"].pk,
        )
    with travel_to(steps[2][0]):
        actions.record_hearing(actor=users["zhifa"], case_id=case.pk, held=True, record="笔录")
        review = actions.submit_review(actor=users["zhifa"], case_id=case.pk)
        actions.review_case(actor=users["fazhi"], review_id=review.pk, passed=True, opinion="同意")
    events += [Event(kind, on) for on, kind in steps]
    agree(case, events, steps[2][0])
    decided_on, served_on = date(2026, 10, 26), date(2026, 10, 28)
    decide(users, case, decided_on)
    events.append(Event(EventKind.DECIDED, decided_on, imposes=Imposes.FINE))
    agree(case, events, decided_on)
    with travel_to(served_on):
        actions.serve_decision(actor=users["zhifa"], case_id=case.pk, how="直接送达")
    events.append(Event(EventKind.SERVED, served_on))
    agree(case, events, served_on)


def test_the_stored_dates_of_a_decision_on_the_spot_are_the_folds(
    users: dict[str, User], enforcement_item: Item
) -> None:
    day = date(2026, 4, 3)  # Fri before 清明: 15 days end Sat 18 Apr → Mon 20 Apr
    with travel_to(day):
        case = actions.decide_on_the_spot(
            actor=users["zhifa"],
            item_id=enforcement_item.pk,
            party_kind="person",
            party_name="王五",
            party_id_no="620702198503121238",
            facts="占道经营",
            place="大佛寺巷口",
            violated_on=day,
            penalties=["fine"],
            grade="mitigated",
            fine="50",
            officer_ids=[users["zhifa"].pk, users["zhifa2"].pk],
            evidence=onsite(users, day, kind="photo"),
        )
    assert case.payment_due == date(2026, 4, 20)
    events = [
        Event(EventKind.FOUND, day),
        Event(EventKind.DECIDED_ON_THE_SPOT, day, imposes=Imposes.FINE),
        Event(EventKind.SERVED, day),
    ]
    agree(case, events, day)


# --- the pure gates ---------------------------------------------------------------

NOTICE = date(2026, 3, 10)
OPEN = gates.Facts(status="notified", notified_on=NOTICE, defence_until=date(2026, 3, 17))


def test_what_a_penalty_decision_lacks() -> None:
    assert gates.decision_missing(replace(OPEN, notified_on=None), NOTICE, penalty=True) == [
        "notice"
    ]
    assert gates.decision_missing(OPEN, date(2026, 3, 17), penalty=True) == ["defence"]
    assert gates.decision_missing(OPEN, date(2026, 3, 18), penalty=True) == []
    waived = replace(OPEN, defence_waived_on=date(2026, 3, 11))
    assert gates.decision_missing(waived, date(2026, 3, 11), penalty=True) == []
    heard = replace(OPEN, hearing="scheduled", hearing_right=True)
    assert gates.decision_missing(heard, date(2026, 3, 18), penalty=True) == ["hearing", "review"]
    assert gates.decision_missing(replace(OPEN, major=True), NOTICE, penalty=False) == ["review"]
    assert gates.decision_missing(replace(OPEN, notified_on=None), NOTICE, penalty=False) == []


@given(
    hearing_right=st.booleans(),
    hearing=st.sampled_from(["", "requested", "scheduled", "held", "waived"]),
    major=st.booleans(),
    outside=st.booleans(),
    review=st.sampled_from(["", "pending", "passed", "failed"]),
    offset=st.integers(min_value=-10, max_value=10),
    waived=st.booleans(),
)
def test_the_gates_never_let_a_penalty_through_early_or_unreviewed(
    hearing_right: bool,
    hearing: str,
    major: bool,
    outside: bool,
    review: str,
    offset: int,
    waived: bool,
) -> None:
    facts = replace(
        OPEN,
        hearing_right=hearing_right,
        hearing=hearing,
        major=major,
        outside_benchmark=outside,
        review=review,
        defence_waived_on=NOTICE if waived else None,
    )
    today = date(2026, 3, 17) + timedelta(days=offset)
    missing = gates.decision_missing(facts, today, penalty=True)
    grounds = gates.review_grounds(facts)
    assert bool(grounds) == (hearing_right or hearing == "held" or major or outside)
    assert ("review" in missing) == (bool(grounds) and review != "passed")
    assert ("defence" in missing) == (offset <= 0 and not waived)
    assert ("hearing" in missing) == (hearing in ("requested", "scheduled"))
