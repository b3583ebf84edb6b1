"""The scale benchmark's bulk rows (bench/_scale_rows.py) carry the clock the
actions would have stored: each generated row equals `core.clock.compute`
over its own events; its audit links carry the status and deadline after
each step and verify as a chain."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from xiaoneng.audit.keys import signing_key
from xiaoneng.audit.models import AuditEvent, AuditHead
from xiaoneng.audit.selectors import chain_tail, verify_chain
from xiaoneng.cases.clocking import STATUS_OF_PHASE, clock_columns
from xiaoneng.core.clock import ClockEvent, ClockRules, EventKind, compute
from xiaoneng.core.workdays import deadline_end, load_shipped_calendar

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from _scale_rows import AUDIT_FIELDS, AuditChain, Generator, ItemInfo, step_states

TODAY = date(2026, 10, 30)
ITEMS = [
    ItemInfo(1, 10, 0, 20, 10, 1, True, "single"),
    ItemInfo(2, 10, 7, 15, 10, 1, False, "single"),
    ItemInfo(3, 11, 15, 20, 10, 1, False, "single"),
    ItemInfo(4, 12, 30, 45, 15, 2, False, "parallel"),
]


def _rules_and_clock(
    values: dict[str, Any], events: list[tuple[str, date, int]]
) -> tuple[ClockRules, list[ClockEvent]]:
    """The clock's rules and events of one generated case, as the actions keep them."""
    rules = ClockRules(
        committed_days=values["committed_days"],
        legal_days=values["legal_days"],
        max_extension_days=values["max_extension_days"],
    )
    return rules, [ClockEvent(EventKind(kind), on, days) for kind, on, days in events]


def test_rows_match_the_clock() -> None:
    calendar = load_shipped_calendar()
    gen = Generator(calendar, ITEMS, TODAY, seed=3)
    statuses = set()
    for generated in gen.cases(4_000, 1_000):
        v, events = generated.values, generated.events
        rules, clock = _rules_and_clock(v, events)
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


def test_audit_payload_states_match_the_clock_after_each_step() -> None:
    calendar = load_shipped_calendar()
    gen = Generator(calendar, ITEMS, TODAY, seed=5)
    kinds = set()
    for generated in gen.cases(3_000, 800):
        v, events = generated.values, generated.events
        rules, clock = _rules_and_clock(v, events)
        for n, (status, due) in enumerate(step_states(calendar, v, events), start=1):
            state = compute(clock[:n], rules, calendar, events[n - 1][1])
            assert (status, due) == (STATUS_OF_PHASE[state.phase].value, state.due), (
                v["id"],
                events[:n],
            )
            kinds.add(events[n - 1][0])
        assert step_states(calendar, v, events)[-1] == (v["status"], v["due_on"])
    assert {"suspended", "resumed", "extended", "supplement_notice", "refused"} <= kinds


def _store(chain: AuditChain, rows: list[tuple[object, ...]], altered: int = -1) -> None:
    """Insert the links as the bulk loader does; `altered`: the index of one
    whose payload is changed after it was hashed."""
    events = [AuditEvent(**dict(zip(AUDIT_FIELDS, row, strict=True))) for row in rows]
    for n, event in enumerate(events):
        event.payload = json.loads(str(event.payload))
        if n == altered:
            event.payload["status"] = "delivered"
    AuditEvent.objects.bulk_create(events)
    AuditHead.objects.update_or_create(
        pk=1, defaults={"last_seq": chain.seq, "last_hash": chain.hash}
    )


@pytest.mark.django_db
def test_bulk_audit_links_verify_as_a_chain() -> None:
    calendar = load_shipped_calendar()
    gen = Generator(calendar, ITEMS, TODAY, seed=7)
    tail, tail_hash, _, _ = chain_tail()
    chain = AuditChain(calendar, (tail, tail_hash), signing_key())
    cases = gen.cases(300, 100)
    rows = [row for _ in range(200) for row in chain.rows(next(cases))]
    assert [r[0] for r in rows] == list(range(tail + 1, tail + 1 + len(rows)))
    _store(chain, rows)
    assert verify_chain() == (tail + len(rows), None)
    # The next links with one payload changed after hashing: the chain breaks there.
    more = [row for case in cases for row in chain.rows(case)]
    _store(chain, more, altered=len(more) // 2)
    _, broken = verify_chain()
    assert broken is not None
    assert broken.seq == more[len(more) // 2][0]
