"""Properties of the case clock over generated case histories, on the shipped
calendar and on small random calendars; and a bulk run over 100,000 cases."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

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
from xiaoneng.core.workdays import WorkCalendar, load_shipped_calendar

SHIPPED = load_shipped_calendar()
K = EventKind
ONE = timedelta(days=1)
INTAKES = ("accept", "notice", "deemed", "refuse", "withdraw")


@dataclass(frozen=True)
class Story:
    """A valid case history as parameters; `events()` lays it out on a calendar.
    Gaps are calendar days, so events land on holidays and weekends too."""

    received: date
    intake: str  # one of INTAKES
    intake_gaps: tuple[int, int, int]
    extension: int  # 0: none; granted at the first moment after acceptance
    suspensions: tuple[tuple[int, int], ...]  # (gap before, length)
    last_open: bool  # the last suspension is still open (then nothing follows)
    decide_gap: int | None
    deliver_gap: int | None
    today_gap: int | None  # None: compute without today
    cut: int = 0  # drop this many events from the end (any prefix is a valid history)

    def events(self, calendar: WorkCalendar, rules: ClockRules) -> list[ClockEvent]:
        events = self._events(calendar, rules)
        return events[: max(1, len(events) - self.cut)]

    def _events(self, calendar: WorkCalendar, rules: ClockRules) -> list[ClockEvent]:
        on = self.received
        out = [ClockEvent(K.RECEIVED, on)]
        g0, g1, g2 = self.intake_gaps
        if self.intake == "accept":
            on += ONE * g0
            out.append(ClockEvent(K.ACCEPTED, on))
        elif self.intake == "notice":  # in time or late, both valid
            on += ONE * g0
            out.append(ClockEvent(K.SUPPLEMENT_NOTICE, on))
            on += ONE * g1
            out.append(ClockEvent(K.SUPPLEMENTED, on))
            on += ONE * g2
            out.append(ClockEvent(K.ACCEPTED, on))
        elif self.intake == "deemed":  # the first later event comes after the window
            on = calendar.add_workdays(on, rules.notice_window_days) + ONE * (1 + g0)
        else:
            on += ONE * g0
            out.append(ClockEvent(K.REFUSED if self.intake == "refuse" else K.WITHDRAWN, on))
            return out
        # An extension is valid only before the limit runs out (ALL art. 42;
        # acceptance may have been deemed as of receipt).
        if self.extension and on <= (compute(out, rules, calendar, on).decision_due or on):
            out.append(ClockEvent(K.EXTENDED, on, self.extension))
        for number, (gap, length) in enumerate(self.suspensions, start=1):
            on += ONE * gap
            out.append(ClockEvent(K.SUSPENDED, on))
            if self.last_open and number == len(self.suspensions):
                return out
            on += ONE * length
            out.append(ClockEvent(K.RESUMED, on))
        if self.decide_gap is not None:
            on += ONE * self.decide_gap
            out.append(ClockEvent(K.DECIDED, on))
            if self.deliver_gap is not None:
                on += ONE * self.deliver_gap
                out.append(ClockEvent(K.DELIVERED, on))
        return out

    def today(self, events: list[ClockEvent]) -> date | None:
        return None if self.today_gap is None else events[-1].on + ONE * self.today_gap


gap = st.integers(0, 12)


def story_strategy(
    intakes: tuple[str, ...] = INTAKES, today: st.SearchStrategy[int | None] | None = None
) -> st.SearchStrategy[Story]:
    return st.builds(
        Story,
        received=st.dates(date(2004, 1, 1), date(2027, 6, 30)),
        intake=st.sampled_from(intakes),
        intake_gaps=st.tuples(gap, gap, gap),
        extension=st.integers(0, 10),
        suspensions=st.lists(st.tuples(gap, st.integers(0, 40)), max_size=3).map(tuple),
        last_open=st.booleans(),
        decide_gap=st.none() | st.integers(0, 60),
        deliver_gap=st.none() | st.integers(0, 20),
        today_gap=today if today is not None else st.none() | st.integers(0, 90),
        cut=st.sampled_from((0, 0, 0, 1, 2)),
    )


stories = story_strategy()
# Accepted one way or another, and looked at on some day.
accepted_stories = story_strategy(("accept", "notice", "deemed"), st.integers(0, 90))
rules_st = st.builds(
    lambda committed, extra: ClockRules(committed, legal_days=committed + extra),
    st.integers(0, 45),
    st.integers(0, 20),
)


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    """Random schedules over 2016–2022 with random known years."""
    years = sorted(draw(st.sets(st.integers(2016, 2022), max_size=3)))
    holidays: dict[date, str] = {}
    makeup: dict[date, str] = {}
    if years:
        in_years = st.sampled_from(years).flatmap(
            lambda y: st.dates(date(y, 1, 1), date(y, 12, 31))
        )
        holidays = draw(st.dictionaries(in_years, st.just("节"), max_size=30))
        weekends = st.builds(
            date.fromisocalendar,
            st.sampled_from(years),
            st.integers(2, 51),
            st.sampled_from([6, 7]),
        ).filter(lambda d: d not in holidays)
        makeup = draw(st.dictionaries(weekends, st.just("班"), max_size=10))
    known = set(years) | draw(st.sets(st.integers(2014, 2026), max_size=4))
    return WorkCalendar(holidays, makeup, known)


small_stories = stories.map(
    lambda s: replace(s, received=date(2015 + s.received.toordinal() % 10, 1, 1) + ONE * 200)
)


def run(story: Story, rules: ClockRules, calendar: WorkCalendar = SHIPPED) -> ClockState:
    events = story.events(calendar, rules)
    return compute(events, rules, calendar, story.today(events))


def budget(state: ClockState, rules: ClockRules) -> int:
    return rules.committed_days + state.extension_days + state.suspended_days


@given(stories, rules_st)
def test_generated_histories_are_valid_and_consistent(story: Story, rules: ClockRules) -> None:
    state = run(story, rules)
    cal = SHIPPED
    assert state.notice_due == cal.add_workdays(state.received_on, rules.notice_window_days)
    if state.deemed_accepted:
        assert state.accepted_on == state.received_on
        assert state.notice_on is None or state.notice_late
    if state.notice_late:
        assert state.notice_on is not None
        assert state.notice_on > state.notice_due
    if state.accepted_on is not None and state.decision_due is not None and not state.paused:
        assert state.decision_due == cal.add_workdays(state.accepted_on, budget(state, rules))
    if state.decided_on is not None:
        assert state.delivery_due == cal.add_workdays(state.decided_on, rules.delivery_days)
        assert state.on_time is (state.decided_on <= state.decision_due)  # type: ignore[operator]
    if state.used_workdays is not None:
        assert state.used_workdays >= 0
    assert state.closed is (state.phase in {Phase.DELIVERED, Phase.REFUSED, Phase.WITHDRAWN})
    if state.today is not None:
        assert isinstance(alert_level(state), AlertLevel)


@given(stories, rules_st)
def test_decision_due_is_a_working_day(story: Story, rules: ClockRules) -> None:
    state = run(story, rules)
    assume(state.decision_due is not None and state.accepted_on is not None)
    assert state.decision_due is not None
    assert state.accepted_on is not None
    if budget(state, rules) > 0 or state.paused:
        assert state.decision_due >= state.accepted_on
    if budget(state, rules) > 0:
        assert SHIPPED.is_workday(state.decision_due)
        assert state.decision_due > state.accepted_on
    else:
        assert state.paused or state.decision_due == state.accepted_on


@given(accepted_stories, st.integers(0, 44), st.integers(1, 9))
def test_due_is_monotone_in_committed_days_and_extension(
    story: Story, committed: int, extension: int
) -> None:
    story = replace(story, cut=0)  # keep the extension event
    rules = ClockRules(committed, legal_days=45)
    more = ClockRules(committed + 1, legal_days=45)
    a, b = run(story, rules), run(story, more)
    assume(a.decision_due is not None and not a.paused)
    assert a.decision_due is not None
    assert b.decision_due is not None
    assert a.decision_due < b.decision_due
    shorter = run(replace(story, extension=extension), rules)
    longer = run(replace(story, extension=extension + 1), rules)
    none = run(replace(story, extension=0), rules)
    assume(none.decision_due is not None)
    assume(shorter.extension_days == extension and longer.extension_days == extension + 1)
    assert none.decision_due is not None
    assert shorter.decision_due is not None
    assert longer.decision_due is not None
    assert none.decision_due < shorter.decision_due < longer.decision_due


@given(accepted_stories, rules_st, st.integers(1, 10), st.integers(0, 40))
def test_an_extension_is_granted_only_before_the_limit_runs_out(
    story: Story, rules: ClockRules, days: int, gap: int
) -> None:
    """ALL art. 42 (domain rules §2.4): asked on day D, an extension is taken
    iff D is on or before the decision due; on a paused clock iff the case
    was not overdue when the clock stopped. Otherwise the case stays overdue."""
    story = replace(story, extension=0, decide_gap=None, cut=0)
    events = story.events(SHIPPED, rules)
    before = compute(events, rules, SHIPPED)
    assume(before.phase in (Phase.PROCESSING, Phase.SUSPENDED))
    on = events[-1].on + ONE * gap
    if before.paused:
        assert before.suspended_since is not None
        assert before.paused_due is not None
        in_time = before.suspended_since <= before.paused_due
    else:
        assert before.decision_due is not None
        in_time = on <= before.decision_due
    late = [*events, ClockEvent(K.EXTENDED, on, days)]
    if in_time:
        assert compute(late, rules, SHIPPED).extension_days == days
    else:
        with pytest.raises(ClockError) as refused:
            compute(late, rules, SHIPPED)
        assert refused.value.code == "extension_after_limit"


@given(accepted_stories, rules_st)
def test_a_suspension_adds_exactly_its_working_days(story: Story, rules: ClockRules) -> None:
    events = story.events(SHIPPED, rules)
    today = story.today(events)
    state = compute(events, rules, SHIPPED, today)
    plain_events = [e for e in events if e.kind not in (K.SUSPENDED, K.RESUMED)]
    plain = compute(plain_events, rules, SHIPPED, today)
    assume(state.decision_due is not None and plain.decision_due is not None)
    assert state.decision_due is not None
    assert plain.decision_due is not None
    assert state.accepted_on == plain.accepted_on
    added, since = 0, None
    for event in events:
        if event.kind is K.SUSPENDED:
            since = event.on
        elif event.kind is K.RESUMED and since is not None:
            added, since = added + SHIPPED.workdays_between(since, event.on), None
    if since is not None:  # still open: as if it resumed today
        assert state.paused
        assert today is not None
        added += SHIPPED.workdays_between(since, today)
    if not state.paused:
        assert state.suspended_days == added
    assert state.decision_due >= plain.decision_due
    assert SHIPPED.workdays_between(plain.decision_due, state.decision_due) == added


@given(accepted_stories, rules_st)
def test_used_plus_remaining_is_the_granted_time(story: Story, rules: ClockRules) -> None:
    state = run(story, rules)
    assume(state.phase in (Phase.PROCESSING, Phase.SUSPENDED) and state.today is not None)
    assert state.used_workdays is not None
    assert state.remaining_workdays is not None
    assert state.used_workdays + state.remaining_workdays == (
        rules.committed_days + state.extension_days
    )


@given(accepted_stories, rules_st, st.integers(0, 3))
def test_stored_deadline_bounds_agree_with_the_state(
    story: Story, rules: ClockRules, warning_days: int
) -> None:
    state = run(story, rules)
    assume(state.today is not None and state.due is not None and not state.paused)
    assert state.today is not None
    assert state.due is not None
    bounds = AlertBounds.on(state.today, SHIPPED, warning_days)
    assert bounds.level(state.due) is alert_level(state, warning_days)
    assert state.overdue is (state.today > state.due)


@given(accepted_stories, rules_st, st.integers(0, 3))
def test_paused_light_is_the_light_on_the_suspension_day(
    story: Story, rules: ClockRules, warning_days: int
) -> None:
    state = run(story, rules)
    assume(state.paused and state.today is not None)
    assert state.suspended_since is not None
    assert state.paused_due is not None
    assert state.accepted_on is not None
    assert state.paused_due == SHIPPED.add_workdays(state.accepted_on, budget(state, rules))
    bounds = AlertBounds.on(state.suspended_since, SHIPPED, warning_days)
    assert bounds.level(state.paused_due) is alert_level(state, warning_days)
    assert state.remaining_workdays == SHIPPED.workdays_between(
        state.suspended_since, state.paused_due
    )


@given(stories, rules_st)
def test_compute_is_deterministic_and_ignores_object_identity(
    story: Story, rules: ClockRules
) -> None:
    events = story.events(SHIPPED, rules)
    today = story.today(events)
    snapshot = list(events)
    first = compute(events, rules, SHIPPED, today)
    rebuilt = tuple(
        ClockEvent(K(str(e.kind)), date.fromordinal(e.on.toordinal()), e.days) for e in events
    )
    same_rules = ClockRules(rules.committed_days, legal_days=rules.legal_days)
    assert compute(rebuilt, same_rules, SHIPPED, today) == first
    assert compute(events, rules, SHIPPED, today) == first
    assert events == snapshot  # not mutated


@given(small_stories, rules_st, calendars())
def test_provisional_iff_the_span_touches_an_unknown_year(
    story: Story, rules: ClockRules, calendar: WorkCalendar
) -> None:
    state = run(story, rules, calendar)
    dues = [state.notice_due, state.acceptance_due, state.decision_due, state.delivery_due]
    latest = max(d for d in dues if d is not None)
    years = range(state.received_on.year, latest.year + 1)
    assert state.provisional is any(y not in calendar.known_years for y in years)


@given(small_stories, rules_st, calendars())
def test_due_on_random_calendars(story: Story, rules: ClockRules, calendar: WorkCalendar) -> None:
    state = run(story, rules, calendar)
    if state.decision_due is not None and budget(state, rules) > 0:
        assert calendar.is_workday(state.decision_due)
    if state.phase in (Phase.PROCESSING, Phase.SUSPENDED) and state.today is not None:
        assert state.used_workdays is not None
        assert state.remaining_workdays is not None
        total = rules.committed_days + state.extension_days
        assert state.used_workdays + state.remaining_workdays == total


any_event = st.builds(
    ClockEvent,
    st.sampled_from(list(EventKind)),
    st.dates(date(2026, 1, 1), date(2026, 12, 31)),
    st.integers(-2, 16) | st.just(0),
)


def compute_or_none(
    events: list[ClockEvent], rules: ClockRules, today: date | None
) -> ClockState | None:
    try:
        return compute(events, rules, SHIPPED, today)
    except ClockError as error:
        if error.code == "clock_error" or error.code not in ERROR_CODES:
            raise
        return None


@given(
    st.lists(any_event, max_size=12),
    rules_st,
    st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31)),
)
def test_arbitrary_event_lists_compute_or_raise_a_clock_error(
    events: list[ClockEvent], rules: ClockRules, today: date | None
) -> None:
    events = sorted(events, key=lambda e: e.on) if len(events) % 2 else events
    state = compute_or_none(events, rules, today)
    if state is None:
        return
    assert state.received_on == events[0].on
    if state.phase in (Phase.PROCESSING, Phase.SUSPENDED) and today is not None:
        assert state.used_workdays is not None
        assert state.remaining_workdays is not None
        assert state.used_workdays + state.remaining_workdays == (
            rules.committed_days + state.extension_days
        )


@given(stories, rules_st, st.data())
def test_events_out_of_order_raise(story: Story, rules: ClockRules, data: st.DataObject) -> None:
    events = story.events(SHIPPED, rules)
    swappable = [i for i in range(1, len(events) - 1) if events[i].on < events[i + 1].on]
    assume(swappable)
    i = data.draw(st.sampled_from(swappable))
    events[i], events[i + 1] = events[i + 1], events[i]
    with pytest.raises(ClockError):
        compute(events, rules, SHIPPED, story.today(events))


def test_a_swapped_pair_of_dates_is_date_backwards() -> None:
    story = Story(
        received=date(2026, 9, 21),
        intake="accept",
        intake_gaps=(0, 0, 0),
        extension=5,
        suspensions=((2, 5),),
        last_open=False,
        decide_gap=3,
        deliver_gap=2,
        today_gap=None,
    )
    events = story.events(SHIPPED, ClockRules(20))
    assert [e.kind for e in events] == [
        K.RECEIVED, K.ACCEPTED, K.EXTENDED, K.SUSPENDED, K.RESUMED, K.DECIDED, K.DELIVERED
    ]  # fmt: skip
    compute(events, ClockRules(20), SHIPPED)
    # the extension moved after the suspension began: valid kinds, dates backwards
    with pytest.raises(ClockError) as caught:
        compute([*events[:2], events[3], events[2], *events[4:]], ClockRules(20), SHIPPED)
    assert caught.value.code == "date_backwards"


# --- bulk -------------------------------------------------------------------------------


def synthetic_histories(count: int, seed: int) -> list[tuple[list[ClockEvent], date]]:
    """Seeded random histories like the generated stories, without hypothesis."""
    rng = random.Random(seed)
    first, span = date(2024, 1, 1).toordinal(), 3 * 365
    rules = ClockRules(20)
    out = []
    for _ in range(count):
        suspensions = tuple(
            (rng.randint(0, 10), rng.randint(0, 30)) for _ in range(rng.choice((0, 0, 1, 2)))
        )
        story = Story(
            received=date.fromordinal(first + rng.randrange(span)),
            intake=rng.choice(("accept", "accept", "notice", "deemed", "refuse", "withdraw")),
            intake_gaps=(rng.randint(0, 8), rng.randint(0, 8), rng.randint(0, 8)),
            extension=rng.choice((0, 0, 0, 5, 10)),
            suspensions=suspensions,
            last_open=rng.random() < 0.2,
            decide_gap=rng.choice((None, rng.randint(0, 40))),
            deliver_gap=rng.choice((None, rng.randint(0, 15))),
            today_gap=None,
            cut=rng.choice((0, 0, 0, 1, 2)),
        )
        events = story.events(SHIPPED, rules)
        out.append((events, events[-1].on + ONE * rng.randint(0, 30)))
    return out


def test_compute_over_100000_synthetic_cases() -> None:
    rules = ClockRules(20)
    histories = synthetic_histories(100_000, seed=20260215)
    phases: dict[Phase, int] = {}
    levels: dict[AlertLevel, int] = {}
    for events, today in histories:
        state = compute(events, rules, SHIPPED, today)
        phases[state.phase] = phases.get(state.phase, 0) + 1
        level = alert_level(state)
        levels[level] = levels.get(level, 0) + 1
    assert sum(phases.values()) == 100_000
    assert set(phases) == set(Phase)  # every phase occurs
    assert set(levels) == set(AlertLevel)
