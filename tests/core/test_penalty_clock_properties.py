"""Properties of the penalty clock over generated case histories on the
shipped calendar. The histories come from a model of the allowed transitions
written here, apart from the clock (`Model`), so the clock's phase is checked
against it; the date rules are checked against their definitions (working
days counted one by one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.core.clock import AlertLevel
from xiaoneng.core.clock.procedures.penalty import (
    CLOSED_PHASES,
    Event,
    EventKind,
    Imposes,
    PenaltyClockError,
    PenaltyRules,
    PenaltyState,
    Phase,
    compute,
    decision_due,
    defence_until,
    hearing_earliest,
    payment_due,
    register_due,
    surcharge,
)
from xiaoneng.core.workdays import load_shipped_calendar

CAL = load_shipped_calendar()
K = EventKind
ONE = timedelta(days=1)
UNDECIDED = {Phase.INVESTIGATING, Phase.NOTIFIED, Phase.HEARING, Phase.DECIDING}
DECIDED = {Phase.DECIDED, Phase.SERVED, Phase.PAID}
GAPS = st.integers(0, 3) | st.integers(0, 40)  # often close together, sometimes far apart
ANY_DAY = st.dates(date(2004, 1, 1), date(2030, 12, 31))  # provisional years too

rules_st = st.builds(
    PenaltyRules,
    register_workdays=st.integers(1, 60),
    publish_workdays=st.integers(1, 60),
    warning_days=st.integers(0, 5),
)


@dataclass
class Model:
    """What may happen next, as the law's steps say (module docstring of the
    clock); it tracks only what the choices need."""

    rules: PenaltyRules
    found: date
    on: date
    phase: Phase = Phase.CLUE
    register_extension: int = 0
    registered: date | None = None
    decision_extensions: list[int] = field(default_factory=list)
    notified: date | None = None
    hearing_notified: date | None = None
    imposes: Imposes | None = None
    published: bool = False
    trail: list[Phase] = field(default_factory=lambda: [Phase.CLUE])  # after each event

    def choices(self) -> list[EventKind]:
        """The kinds that may come next, the procedure's next step first."""
        if self.phase is Phase.CLUE:
            return self._clue_choices()
        if self.phase in UNDECIDED:
            return self._undecided_choices()
        out = []
        if self.phase is Phase.DECIDED:
            out.append(K.SERVED)
        if self.phase is Phase.SERVED and self.imposes is Imposes.FINE:
            out.append(K.PAID)
        if self.phase in DECIDED and self.imposes is not Imposes.NOTHING and not self.published:
            out.append(K.PUBLISHED)
        if self.phase in (Phase.SERVED, Phase.PAID):
            out.append(K.CLOSED)
        return out

    def _clue_choices(self) -> list[EventKind]:
        out = [K.REGISTERED, K.NOT_REGISTERED]
        if not self.register_extension and self.on <= self.register_due():
            out.append(K.REGISTER_EXTENDED)
        if self.on == self.found:
            out.append(K.DECIDED_ON_THE_SPOT)
        return out

    def _undecided_choices(self) -> list[EventKind]:
        out: list[EventKind] = []
        if self.phase is Phase.HEARING:
            out += [K.HEARING_NOTIFIED, K.HEARING_WAIVED]
            if self.hearing_notified is not None:
                out.insert(0, K.HEARING_HELD)
        if self.phase is Phase.NOTIFIED:
            if self.notified and self.on <= defence_until(self.notified, CAL, self.rules):
                out.append(K.HEARING_REQUESTED)
            out.append(K.DEFENCE_WAIVED)
        onward = (
            [K.DECIDED, K.NOTIFIED] if self.phase is Phase.DECIDING else [K.NOTIFIED, K.DECIDED]
        )
        out += [*onward, K.CLOSED]
        if self.on <= self.decision_due():
            out.append(K.DECISION_EXTENDED)
        return out

    def register_due(self) -> date:
        return register_due(self.found, CAL, self.rules, self.register_extension)

    def decision_due(self) -> date:
        assert self.registered is not None
        return decision_due(self.registered, self.rules, sum(self.decision_extensions))

    def event(self, draw: st.DrawFn, kind: EventKind) -> Event:
        """A valid event of `kind` (one of `choices()`), and the model moved by it."""
        later = self.on + ONE * draw(GAPS)
        days, imposes, on = 0, None, later
        if kind is K.REGISTER_EXTENDED:
            on = draw(st.dates(self.on, self.register_due()))
            days = self.register_extension = draw(st.integers(1, 15))
        elif kind is K.DECISION_EXTENDED:
            on = draw(st.dates(self.on, self.decision_due()))
            days = draw(st.integers(1, 60))
            self.decision_extensions.append(days)
        elif kind is K.HEARING_REQUESTED:
            assert self.notified is not None
            on = draw(st.dates(self.on, defence_until(self.notified, CAL, self.rules)))
        elif kind is K.HEARING_HELD:
            assert self.hearing_notified is not None
            on = max(later, hearing_earliest(self.hearing_notified, CAL, self.rules))
        elif kind is K.DECIDED_ON_THE_SPOT:
            on = self.on
            imposes = draw(st.sampled_from([Imposes.FINE, Imposes.PENALTY, None]))
        elif kind is K.DECIDED:
            kinds = [Imposes.NOTHING] + (
                [Imposes.FINE, Imposes.PENALTY, None] * bool(self.notified)
            )
            imposes = draw(st.sampled_from(kinds))
        self._move(kind, on, imposes)
        return Event(kind, on, days, imposes)

    def _move(self, kind: EventKind, on: date, imposes: Imposes | None) -> None:
        self.on = on
        moves = {
            K.REGISTERED: Phase.INVESTIGATING,
            K.NOT_REGISTERED: Phase.NOT_REGISTERED,
            K.NOTIFIED: Phase.NOTIFIED,
            K.DEFENCE_WAIVED: Phase.DECIDING,
            K.HEARING_REQUESTED: Phase.HEARING,
            K.HEARING_HELD: Phase.DECIDING,
            K.HEARING_WAIVED: Phase.DECIDING,
            K.DECIDED: Phase.DECIDED,
            K.DECIDED_ON_THE_SPOT: Phase.DECIDED,
            K.SERVED: Phase.SERVED,
            K.PAID: Phase.PAID,
            K.CLOSED: Phase.CLOSED,
        }
        self.phase = moves.get(kind, self.phase)
        self.trail.append(self.phase)
        if kind is K.REGISTERED:
            self.registered = on
        elif kind is K.NOTIFIED:
            self.notified, self.hearing_notified = on, None
        elif kind is K.HEARING_NOTIFIED:
            self.hearing_notified = on
        elif kind in (K.DECIDED, K.DECIDED_ON_THE_SPOT):
            self.imposes = imposes or Imposes.FINE
        elif kind is K.PUBLISHED:
            self.published = True


@st.composite
def histories(draw: st.DrawFn, close: bool = False) -> tuple[list[Event], Model]:
    """A valid history; with `close`, one that ends closed (or not registered)."""
    rules = draw(rules_st)
    found = draw(st.dates(date(2025, 1, 1), date(2026, 12, 31)))
    model = Model(rules, found, found)
    events = [Event(K.FOUND, found)]
    for _ in range(draw(st.integers(0, 20))):
        choices = model.choices()
        going_on: list[EventKind] = [k for k in choices if k not in (K.CLOSED, K.NOT_REGISTERED)]
        close_now = draw(st.integers(0, 7)) == 0  # close early now and then, not mostly
        if going_on and not close_now:
            choices = going_on
        if not choices:
            break
        onward = draw(st.integers(0, 2)) == 0  # a third of the time the next step
        events.append(model.event(draw, choices[0] if onward else draw(st.sampled_from(choices))))
    while close and model.phase not in CLOSED_PHASES:
        ending = [K.NOT_REGISTERED, K.SERVED, K.CLOSED]
        events.append(model.event(draw, next(k for k in ending if k in model.choices())))
    return events, model


def consistent(state: PenaltyState) -> None:
    """The phase agrees with the dates the state holds."""
    phase = state.phase
    assert (phase in CLOSED_PHASES) == (state.closed_on is not None)
    assert (state.due is None) == (state.due_step == "")
    if phase in UNDECIDED:
        assert state.registered_on is not None
        assert state.decided_on is None
        assert (state.due, state.due_step) == (state.decision_due, "decision")
    if phase is Phase.CLUE:
        assert (state.due, state.due_step) == (state.register_due, "register")
    if phase in (Phase.NOTIFIED, Phase.HEARING):
        assert state.notified_on is not None
        assert state.defence_until is not None
    if phase in DECIDED:
        assert state.decided_on is not None
        assert state.service_due is not None
    if phase in (Phase.SERVED, Phase.PAID):
        assert state.served_on is not None
    if phase is Phase.PAID:
        assert state.paid_on is not None
        assert state.imposes is Imposes.FINE
    if phase in CLOSED_PHASES:
        assert state.due is None
        assert state.light is AlertLevel.NONE
    if state.simple:
        assert state.registered_on is None
        assert state.decision_due is None
    if state.today is not None and state.due is not None:
        assert state.overdue == (state.today > state.due)
        assert (state.light is AlertLevel.OVERDUE) == state.overdue
    elif state.today is not None:
        assert state.light is AlertLevel.NONE


@settings(deadline=None)
@given(histories(), st.integers(0, 40))
def test_generated_histories_never_raise_and_the_phase_is_the_models(
    story: tuple[list[Event], Model], wait: int
) -> None:
    events, model = story
    for end in range(1, len(events) + 1):
        state = compute(events[:end], CAL, model.rules)
        assert state.phase is model.trail[end - 1]
        consistent(state)
    state = compute(events, CAL, model.rules, today=events[-1].on + ONE * wait)
    assert state.phase is model.phase
    consistent(state)


@settings(deadline=None)
@given(histories())
def test_dates_never_go_backwards(story: tuple[list[Event], Model]) -> None:
    events, model = story
    before: PenaltyState | None = None
    for end in range(1, len(events) + 1):
        state = compute(events[:end], CAL, model.rules)
        starts = [
            (state.found_on, state.register_due),
            (state.registered_on, state.decision_due),
            (state.notified_on, state.defence_until),
            (state.hearing_notified_on, state.hearing_earliest),
            (state.decided_on, state.service_due),
            (state.decided_on, state.publish_due),
            (state.served_on, state.payment_due),
        ]
        for start, due in starts:
            if start is not None and due is not None:
                assert due >= start
        if before is not None:  # extensions only push the limits later
            for name in ("register_due", "decision_due"):
                old, new = getattr(before, name), getattr(state, name)
                assert old is None or new is None or new >= old
        before = state


@settings(deadline=None)
@given(histories())
def test_decision_due_is_ninety_days_plus_the_extensions(story: tuple[list[Event], Model]) -> None:
    events, model = story
    state = compute(events, CAL, model.rules)
    extensions = sum(e.days for e in events if e.kind is K.DECISION_EXTENDED)
    assert state.decision_extension_days == extensions
    if state.registered_on is None:
        assert state.decision_due is None
    else:
        assert state.decision_due is not None
        assert (state.decision_due - state.registered_on).days == 90 + extensions


@settings(deadline=None)
@given(histories(close=True), st.sampled_from(list(EventKind)), st.integers(0, 10))
def test_an_event_after_closing_is_refused(
    story: tuple[list[Event], Model], kind: EventKind, gap: int
) -> None:
    events, model = story
    assert model.phase in CLOSED_PHASES
    days = 3 if kind in (K.REGISTER_EXTENDED, K.DECISION_EXTENDED) else 0
    after = Event(kind, events[-1].on + ONE * gap, days)
    with pytest.raises(PenaltyClockError) as refused:
        compute([*events, after], CAL, model.rules)
    assert refused.value.code == "penalty_case_closed"


@given(ANY_DAY)
def test_defence_until_is_the_fifth_working_day_after_the_notice(notified: date) -> None:
    until = defence_until(notified, CAL)
    assert until > notified
    assert CAL.is_workday(until)
    counted = [d for d in CAL.days(notified + ONE, until) if d.workday]
    assert len(counted) == 5 == CAL.workdays_between(notified, until)


@given(ANY_DAY)
def test_payment_due_is_the_first_working_day_from_the_fifteenth(served: date) -> None:
    due = payment_due(served, CAL)
    fifteenth = served + timedelta(days=15)
    assert due >= fifteenth
    assert CAL.is_workday(due)
    assert not any(d.workday for d in CAL.days(fifteenth, due - ONE))


@given(
    st.decimals(Decimal("0.01"), Decimal("1000000"), places=2),
    ANY_DAY,
    st.integers(-30, 200),
    st.integers(0, 60),
)
def test_surcharge_grows_with_the_delay_and_never_exceeds_the_fine(
    fine: Decimal, due: date, late: int, more: int
) -> None:
    paid_on = due + timedelta(days=late)
    amount = surcharge(fine, due, paid_on)
    assert Decimal("0") <= amount <= fine
    assert surcharge(fine, due, paid_on + timedelta(days=more)) >= amount
    if late <= 0:
        assert amount == 0
