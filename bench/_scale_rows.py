"""Rows for the scale benchmark (bench/bench_scale.py): realistic cases for
BULK INSERT, not through the actions. Each case is generated as its clock
events and its denormalised clock columns in closed form, following the
clock's rules (core.clock.engine) for the generated dates:

- notice_due_on = add_workdays(received_on, 5);
- decision_due_on = add_workdays(accepted_on, committed + extension + suspended);
- on_time = decided_on <= decision_due_on;
- due_on by status: received → notice_due_on; accepted/suspended →
  decision_due_on (a suspension still open counts as if resumed on its own
  day, the day it was stored); decided → add_workdays(decided_on, 10), the
  delivery deadline; closed or waiting for the applicant → NULL;
- due_at = the end of due_on in Asia/Shanghai (`deadline_end`);
- the rest of the stored clock (`cases.clocking.clock_columns`): notice_on
  (the supplement notice), delivery_due_on = add_workdays(decided_on, 10) and
  delivery_on_time; a suspension still open: suspended_since, paused_due_on =
  decision_due_on as it stood then, and the light and working days left it
  froze (paused_level, paused_remaining_days). No generated case is late at
  intake or supplemented, so notice_late, supplemented_on, acceptance_due_on
  and acceptance_late keep their defaults.

The audit rows (`AuditChain`): one link per event, as `cases.steps.advance`
records it (`case.<kind>`, object the tracking number, payload seq / on / days
/ note / status / due_on after the step), by the system (no actor), at 09:30 of
the event's day, linked with SM3 and sealed with HMAC-SM3 in the canonical
form (core.hashchain), so `verify_chain()` holds over them. The chain is
written case by case: seq follows the cases, not the hour of each event.

tests/history/test_scale_rows.py checks a sample against `core.clock.compute`.
Pure Python (no Django): the calendar is passed in.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from xiaoneng.core.clock import AlertBounds
from xiaoneng.core.hashchain import link_hash, link_mac
from xiaoneng.core.workdays import WorkCalendar, deadline_end

# The Case columns written, in order (the model's other columns take their defaults
# through the INSERT: none are left out; see bench_scale.case_columns()).
CASE_FIELDS = (
    "id",
    "tracking_no",
    "query_digest",
    "item_id",
    "department_id",
    "applicant_id",
    "agent_id",
    "applicant_name",
    "applicant_phone",
    "summary",
    "status",
    "decision",
    "decision_reason",
    "committed_days",
    "legal_days",
    "max_extension_days",
    "warning_days",
    "is_instant",
    "handling_mode",
    "received_on",
    "notice_due_on",
    "accepted_on",
    "deemed_accepted",
    "decision_due_on",
    "due_on",
    "due_at",
    "suspended_days",
    "extension_days",
    "extension_requested_days",
    "extension_reason",
    "decided_on",
    "delivered_on",
    "on_time",
    "provisional",
    "is_open",
    "version",
    "created_at",
    "updated_at",
    "notice_on",
    "notice_late",
    "supplemented_on",
    "acceptance_due_on",
    "acceptance_late",
    "suspended_since",
    "paused_due_on",
    "paused_remaining_days",
    "paused_level",
    "delivery_due_on",
    "delivery_on_time",
)
EVENT_FIELDS = (
    "case_id",
    "seq",
    "kind",
    "on",
    "days",
    "at",
    "actor_name",
    "department_name",
    "note",
    "payload",
)
NAMES = ("祁连绿源农业科技有限公司", "丹霞旅游开发有限公司", "黑河物流有限公司", "甘州区个体户")
DIGEST = "0" * 64  # no query code is ever shown for these rows
DELIVERY_DAYS = 10


@dataclass(frozen=True)
class ItemInfo:
    id: int
    department_id: int
    committed_days: int
    legal_days: int
    max_extension_days: int
    warning_days: int
    instant: bool
    handling_mode: str


@dataclass
class GeneratedCase:
    values: dict[str, Any]
    events: list[tuple[str, date, int]]  # (kind, on, days), the clock's input


def _at(day: date) -> datetime:
    """09:30 Asia/Shanghai of the day, as an aware datetime."""
    return deadline_end(day) - timedelta(hours=14, minutes=30)


# The audit event's columns, in order (bench_scale asserts they are the model's).
AUDIT_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_name",
    "event_type",
    "object_type",
    "object_id",
    "payload",
    "prev_hash",
    "hash",
    "key_id",
    "mac",
)
SYSTEM = "系统"  # record_event's actor name when no one acts


def step_states(
    calendar: WorkCalendar, v: dict[str, Any], events: list[tuple[str, date, int]]
) -> list[tuple[str, date | None]]:
    """(status, due_on) of the case after each of its events: what `advance`
    puts in the event's audit payload. Closed form of the clock's rules, checked
    against `core.clock.compute` over each prefix by tests/history."""
    add = calendar.add_workdays
    out: list[tuple[str, date | None]] = []
    accepted: date | None = None
    budget = v["committed_days"]
    since: date | None = None
    for kind, on, days in events:
        if kind == "received":
            out.append(("received", add(on, 5)))
        elif kind == "supplement_notice":
            out.append(("supplementing", None))
        elif kind == "accepted":
            accepted = on
            out.append(("accepted", add(on, budget)))
        elif kind == "suspended":
            since = on
            out.append(("suspended", add(accepted or on, budget)))
        elif kind == "resumed":
            budget += calendar.workdays_between(since or on, on)
            out.append(("accepted", add(accepted or on, budget)))
        elif kind == "extended":
            budget += days
            out.append(("accepted", add(accepted or on, budget)))
        elif kind == "decided":
            out.append(("decided", add(on, DELIVERY_DAYS)))
        else:  # delivered, refused, withdrawn: no deadline runs any more
            out.append((kind, None))
    return out


class AuditChain:
    """Appends the audit links of generated cases to a chain whose head is
    (seq, hash), sealed with the key (key id, key)."""

    def __init__(
        self, calendar: WorkCalendar, head: tuple[int, str], signing: tuple[str, bytes]
    ) -> None:
        self.cal = calendar
        self.seq, self.hash = head
        self.kid, self.key = signing

    def rows(self, case: GeneratedCase) -> Iterator[tuple[Any, ...]]:
        """The case's links in AUDIT_FIELDS order; payload as JSON text."""
        v = case.values
        states = step_states(self.cal, v, case.events)
        for n, ((kind, on, days), (status, due)) in enumerate(
            zip(case.events, states, strict=True), start=1
        ):
            seq, at = self.seq + 1, _at(on)
            payload = {
                "seq": n,
                "on": on.isoformat(),
                "days": days,
                "note": "",
                "status": status,
                "due_on": due.isoformat() if due else None,
            }
            event = {
                "seq": seq,
                "occurred_at": at.astimezone(UTC).isoformat(timespec="microseconds"),
                "actor_id": None,
                "actor_name": SYSTEM,
                "event_type": f"case.{kind}",
                "object_type": "case",
                "object_id": v["tracking_no"],
                "payload": payload,
            }
            digest = link_hash(self.hash, event)
            yield (
                seq,
                at,
                None,
                SYSTEM,
                event["event_type"],
                "case",
                v["tracking_no"],
                json.dumps(payload, ensure_ascii=False),
                self.hash,
                digest,
                self.kid,
                link_mac(self.key, seq, digest),
            )
            self.seq, self.hash = seq, digest


class Generator:
    def __init__(
        self, calendar: WorkCalendar, items: Sequence[ItemInfo], today: date, seed: int
    ) -> None:
        self.cal = calendar
        self.today = today
        self.rng = random.Random(seed)
        self.items = list(items)
        self.timed_items = [i for i in items if not i.instant]
        self.add = calendar.add_workdays
        # Working days to draw receipts from: two years for closed cases (ending
        # 120 working days ago, so every step of theirs is before today), the
        # last 60 working days for open ones.
        self.closed_days = self._workdays(today - timedelta(days=730), self.add(today, -120))
        self.recent_days = self._workdays(self.add(today, -60), today)

    def _workdays(self, start: date, end: date) -> list[date]:
        out, d = [], start
        while d <= end:
            if self.cal.is_workday(d):
                out.append(d)
            d += timedelta(days=1)
        return out

    def cases(self, n: int, n_open: int, first_id: int = 1) -> Iterator[GeneratedCase]:
        """n cases with ids first_id…, the last n_open of them open today."""
        for k in range(n):
            pk = first_id + k
            yield self.open_case(pk) if k >= n - n_open else self.closed_case(pk)

    # --- one case -----------------------------------------------------------------

    def _base(self, pk: int, item: ItemInfo, received: date) -> dict[str, Any]:
        at = _at(received)
        return {
            "id": pk,
            "tracking_no": f"{received:%Y%m%d}{pk:08d}",
            "query_digest": DIGEST,
            "item_id": item.id,
            "department_id": item.department_id,
            "applicant_id": None,
            "agent_id": None,
            "applicant_name": NAMES[pk % len(NAMES)],
            "applicant_phone": "",
            "summary": "",
            "decision": "",
            "decision_reason": "",
            "committed_days": item.committed_days,
            "legal_days": item.legal_days,
            "max_extension_days": item.max_extension_days,
            "warning_days": item.warning_days,
            "is_instant": item.instant,
            "handling_mode": item.handling_mode,
            "received_on": received,
            "notice_due_on": self.add(received, 5),
            "accepted_on": None,
            "deemed_accepted": False,
            "decision_due_on": None,
            "due_on": None,
            "due_at": None,
            "suspended_days": 0,
            "extension_days": 0,
            "extension_requested_days": 0,
            "extension_reason": "",
            "decided_on": None,
            "delivered_on": None,
            "on_time": None,
            "is_open": True,
            "created_at": at,
            "updated_at": at,
            "notice_on": None,
            "notice_late": False,
            "supplemented_on": None,
            "acceptance_due_on": None,
            "acceptance_late": False,
            "suspended_since": None,
            "paused_due_on": None,
            "paused_remaining_days": None,
            "paused_level": "",
            "delivery_due_on": None,
            "delivery_on_time": None,
        }

    def _finish(self, v: dict[str, Any], events: list[tuple[str, date, int]]) -> GeneratedCase:
        v["due_at"] = deadline_end(v["due_on"]) if v["due_on"] else None
        latest = max(
            d
            for d in (v["notice_due_on"], v["decision_due_on"], v["due_on"], v["received_on"])
            if d is not None
        )
        if v["decided_on"] is not None:
            v["delivery_due_on"] = self.add(v["decided_on"], DELIVERY_DAYS)
            latest = max(latest, v["delivery_due_on"])
            if v["delivered_on"] is not None:
                v["delivery_on_time"] = v["delivered_on"] <= v["delivery_due_on"]
        kind, on, _days = events[-1]
        if kind == "suspended":  # open: the light and the days left froze on `on`
            due = v["decision_due_on"]
            v["suspended_since"], v["paused_due_on"] = on, due
            v["paused_remaining_days"] = self.cal.workdays_between(on, due)
            v["paused_level"] = AlertBounds.on(on, self.cal, v["warning_days"]).level(due).value
        v["notice_on"] = next((d for k, d, _ in events if k == "supplement_notice"), None)
        v["provisional"] = self.cal.span_is_provisional(v["received_on"], latest)
        v["version"] = len(events) + 1
        v["updated_at"] = _at(events[-1][1])
        return GeneratedCase(v, events)

    def closed_case(self, pk: int) -> GeneratedCase:
        rng, add = self.rng, self.add
        item = rng.choice(self.items)
        received = rng.choice(self.closed_days)
        v = self._base(pk, item, received)
        v["is_open"] = False
        events: list[tuple[str, date, int]] = [("received", received, 0)]
        roll = rng.random()
        if roll < 0.03:
            v["status"] = "refused"
            events.append(("refused", received, 0))
            return self._finish(v, events)
        accepted = received if item.instant else add(received, rng.choice((0, 0, 1, 2)))
        v["accepted_on"] = accepted
        events.append(("accepted", accepted, 0))
        budget, last = item.committed_days, accepted
        if roll < 0.07 and not item.instant:
            withdrawn = add(accepted, 2)
            v.update(status="withdrawn", decision_due_on=add(accepted, budget))
            events.append(("withdrawn", withdrawn, 0))
            return self._finish(v, events)
        if not item.instant and rng.random() < 0.05:
            since = add(accepted, 1)
            length = rng.randint(3, 12)
            until = add(since, length)
            events += [("suspended", since, 0), ("resumed", until, 0)]
            v["suspended_days"] = self.cal.workdays_between(since, until)
            budget, last = budget + v["suspended_days"], until
        if not item.instant and item.max_extension_days and rng.random() < 0.05:
            days = rng.randint(1, item.max_extension_days)
            extended = max(add(accepted, 1), last)
            events.append(("extended", extended, days))
            v["extension_days"] = days
            budget, last = budget + days, extended
        due = add(accepted, budget)
        if item.instant:
            decided = accepted
        else:
            r = rng.random()
            delta = (
                -rng.randint(1, max(1, item.committed_days // 2))
                if r < 0.5
                else 0
                if r < 0.88
                else rng.randint(1, 8)
            )
            decided = max(add(due, delta), last)
        delivered = decided if item.instant else add(decided, rng.choice((0, 1, 1, 2, 3)))
        events += [("decided", decided, 0), ("delivered", delivered, 0)]
        v.update(
            status="delivered",
            decision="approved",
            decision_due_on=due,
            decided_on=decided,
            delivered_on=delivered,
            on_time=decided <= due,
        )
        return self._finish(v, events)

    def open_case(self, pk: int) -> GeneratedCase:
        """Open today: mostly accepted (about a tenth overdue, a tenth warning),
        some just received, waiting for a supplement, decided or suspended."""
        rng, add, today = self.rng, self.add, self.today
        item = rng.choice(self.timed_items)
        roll = rng.random()
        if roll < 0.05:  # received in the last 4 working days, intake still open
            received = (
                add(today, -rng.randint(0, 3))
                if self.cal.is_workday(today)
                else add(today, -rng.randint(1, 4))
            )
            v = self._base(pk, item, received)
            v.update(status="received", due_on=v["notice_due_on"])
            return self._finish(v, [("received", received, 0)])
        if roll < 0.08:  # waiting for the applicant: no deadline runs
            received = rng.choice(self.recent_days)
            v = self._base(pk, item, received)
            v["status"] = "supplementing"
            return self._finish(v, [("received", received, 0), ("supplement_notice", received, 0)])
        # Accepted: place the decision deadline around today.
        r = rng.random()
        offset = (
            -rng.randint(1, 20) if r < 0.1 else rng.randint(0, 1) if r < 0.2 else rng.randint(2, 30)
        )
        target_due = add(today, offset)
        accepted = add(target_due, -item.committed_days)
        if accepted > today:  # a deadline that far out: accepted in the last 20 working days
            accepted = rng.choice(self.recent_days[-20:])
        received = add(accepted, -rng.choice((0, 0, 1))) if rng.random() < 0.5 else accepted
        if not self.cal.is_workday(received):
            received = add(received, -1)
        due = add(accepted, item.committed_days)
        v = self._base(pk, item, received)
        v.update(accepted_on=accepted, decision_due_on=due)
        events = [("received", received, 0), ("accepted", accepted, 0)]
        last_day = add(add(today, 1), -1)
        if roll < 0.14 and accepted < last_day:  # decided, delivery pending
            decided = min(due, last_day) if rng.random() < 0.8 else min(add(due, 2), last_day)
            decided = max(decided, accepted)
            events.append(("decided", decided, 0))
            v.update(
                status="decided",
                decision="approved",
                decided_on=decided,
                on_time=decided <= due,
                due_on=add(decided, DELIVERY_DAYS),
            )
        elif roll < 0.16 and accepted < last_day:  # special procedure under way
            since = add(accepted, 1)
            since = min(since, last_day)
            events.append(("suspended", since, 0))
            v.update(status="suspended", due_on=due)
        else:
            v.update(status="accepted", due_on=due)
        return self._finish(v, events)
