"""The scale benchmark's bulk rows (bench/_scale_rows.py) carry the clock the
actions would have stored: each generated row equals `core.clock.compute`
over its own events."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from xiaoneng.cases.clocking import STATUS_OF_PHASE, clock_columns
from xiaoneng.core.clock import ClockEvent, ClockRules, EventKind, compute
from xiaoneng.core.workdays import deadline_end, load_shipped_calendar

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from _scale_rows import Generator, ItemInfo

TODAY = date(2026, 10, 30)
ITEMS = [
    ItemInfo(1, 10, 0, 20, 10, 1, True, "single"),
    ItemInfo(2, 10, 7, 15, 10, 1, False, "single"),
    ItemInfo(3, 11, 15, 20, 10, 1, False, "single"),
    ItemInfo(4, 12, 30, 45, 15, 2, False, "parallel"),
]


def test_rows_match_the_clock() -> None:
    calendar = load_shipped_calendar()
    gen = Generator(calendar, ITEMS, TODAY, seed=3)
    statuses = set()
    for generated in gen.cases(4_000, 1_000):
        v, events = generated.values, generated.events
        rules = ClockRules(
            committed_days=v["committed_days"],
            legal_days=v["legal_days"],
            max_extension_days=v["max_extension_days"],
        )
        clock = [ClockEvent(EventKind(kind), on, days) for kind, on, days in events]
        state = compute(clock, rules, calendar, events[-1][1])
        expected = {
            "status": STATUS_OF_PHASE[state.phase].value,
            "notice_due_on": state.notice_due,
            "accepted_on": state.accepted_on,
            "decision_due_on": state.decision_due,
            "due_on": state.due,
            "due_at": deadline_end(state.due) if state.due else None,
            "suspended_days": state.suspended_days,
            "extension_days": state.extension_days,
            "decided_on": state.decided_on,
            "delivered_on": state.delivered_on,
            "on_time": state.on_time,
            "provisional": state.provisional,
            "is_open": state.phase.value not in ("delivered", "refused", "withdrawn"),
        }
        assert {k: v[k] for k in expected} == expected, (v["id"], events)
        stored = clock_columns(state, v["warning_days"])  # the whole clock, as apply_state
        assert {k: v[k] for k in stored} == stored, (v["id"], events)
        assert events[-1][1] <= TODAY
        if v["status"] == "accepted":
            budget = v["committed_days"] + v["extension_days"] + v["suspended_days"]
            assert v["due_on"] == calendar.add_workdays(v["accepted_on"], budget)
        statuses.add(v["status"])
    assert statuses == {
        "received",
        "supplementing",
        "accepted",
        "suspended",
        "decided",
        "delivered",
        "refused",
        "withdrawn",
    }
