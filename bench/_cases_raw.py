"""The raw floor for bench_cases.py: the row writes of one case transition
through the DB-API alone, one transaction each — no ORM, no clock, no
permission check.

Per transition: UPDATE the case row (the clock columns `advance` writes, the
version, updated_at) + INSERT a case event + read the audit head (SELECT … FOR
UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the write lock) +
INSERT an SM3-hashed, HMAC-SM3-sealed audit event + UPDATE the head. The
audit rows use the product's canonical form and its seal (`link_hash` and
`link_mac` from core/hashchain.py, under the current audit key and its id, as
`record_event` writes them), so `verify_chain()` still holds after this runs:
the raw rows are real, sealed links, not a cheaper imitation. The key is read
once per run by the caller (`xiaoneng.audit.keys.signing_key()`); the seal
itself is computed per transition.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from xiaoneng.core.hashchain import link_hash, link_mac

# The tables written (bench_cases.py asserts they match the models' db_table).
TABLES = ("cases_case", "cases_caseevent", "audit_audithead", "audit_auditevent")

CASE_SET = (
    "status = {p}, notice_due_on = {p}, accepted_on = {p}, deemed_accepted = {p}, "
    "decision_due_on = {p}, due_on = {p}, due_at = {p}, suspended_days = {p}, "
    "extension_days = {p}, decided_on = {p}, delivered_on = {p}, on_time = {p}, "
    "provisional = {p}, is_open = {p}, version = version + 1, updated_at = {p}"
)
UPDATE_CASE = "UPDATE cases_case SET " + CASE_SET + " WHERE id = {p}"  # noqa: S608 - constants
INSERT_EVENT = (
    'INSERT INTO cases_caseevent (case_id, seq, kind, "on", days, at, actor_id, actor_name, '
    "department_name, note, payload) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})"
)
INSERT_AUDIT = (
    "INSERT INTO audit_auditevent (seq, occurred_at, actor_id, actor_name, event_type, "
    "object_type, object_id, payload, prev_hash, hash, key_id, mac) "
    "VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})"
)
UPDATE_HEAD = "UPDATE audit_audithead SET last_seq = {p}, last_hash = {p} WHERE id = 1"


# Of the last timed run (read by bench_cases.py): seconds spent in COMMIT, and
# the process's CPU seconds.
COMMIT_SECONDS = [0.0]
CPU_SECONDS = [0.0]


@dataclass
class Target:
    """A stored case the raw loop writes to: its id, tracking number and next seq."""

    case_id: int
    tracking_no: str
    next_seq: int


def audit_link(
    *,
    seq: int,
    prev_hash: str,
    at: datetime,
    actor_id: int,
    actor_name: str,
    object_id: str,
    payload: dict[str, Any],
) -> str:
    """The product's canonical form (docs/decisions.md), hashed with SM3 by
    the product's own `link_hash`."""
    event = {
        "seq": seq,
        "occurred_at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "event_type": "case.delivered",
        "object_type": "case",
        "object_id": object_id,
        "payload": payload,
    }
    return link_hash(prev_hash, event)


def _plan(target: Target, on: date) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The clock columns of a delivered case (the values `advance` stores)."""
    due = on + timedelta(days=14)
    clock = ("delivered", on, on, False, due, due, None, 0, 0, on, on, True, False, False)
    payload = {
        "seq": target.next_seq,
        "on": on.isoformat(),
        "days": 0,
        "note": "",
        "status": "delivered",
        "due_on": due.isoformat(),
    }
    return clock, payload


def run_sqlite(
    path: str,
    targets: Sequence[Target],
    count: int,
    actor: tuple[int, str],
    signing: tuple[str, bytes],
) -> float:
    """Transitions per second on the SQLite file, with the product's pragmas.
    `signing` is the audit key (id, key) the events are sealed with."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "foreign_keys=ON",
        "busy_timeout=20000",
    ):
        conn.execute(f"PRAGMA {pragma}")
    p = "?"
    update_case, insert_event = UPDATE_CASE.format(p=p), INSERT_EVENT.format(p=p)
    insert_audit, update_head = INSERT_AUDIT.format(p=p), UPDATE_HEAD.format(p=p)
    actor_id, actor_name = actor
    kid, key = signing
    on = date(2026, 3, 11)
    day = on.isoformat()
    execute = conn.execute

    def one(target: Target) -> None:
        clock, payload = _plan(target, on)
        now = datetime.now(tz=UTC)
        stored = now.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        execute("BEGIN IMMEDIATE")
        execute(update_case, (*(_iso(v) for v in clock), stored, target.case_id))
        execute(
            insert_event,
            (
                target.case_id,
                target.next_seq,
                "delivered",
                day,
                0,
                stored,
                actor_id,
                actor_name,
                "",
                "",
                json.dumps(payload),
            ),
        )
        last_seq, last_hash = execute(
            "SELECT last_seq, last_hash FROM audit_audithead WHERE id = 1"
        ).fetchone()
        seq = last_seq + 1
        digest = audit_link(
            seq=seq,
            prev_hash=last_hash,
            at=now,
            actor_id=actor_id,
            actor_name=actor_name,
            object_id=target.tracking_no,
            payload=payload,
        )
        execute(
            insert_audit,
            (
                seq,
                stored,
                actor_id,
                actor_name,
                "case.delivered",
                "case",
                target.tracking_no,
                json.dumps(payload, ensure_ascii=False),
                last_hash,
                digest,
                kid,
                link_mac(key, seq, digest),
            ),
        )
        execute(update_head, (seq, digest))
        before_commit = time.perf_counter()
        execute("COMMIT")
        COMMIT_SECONDS[0] += time.perf_counter() - before_commit
        target.next_seq += 1

    try:
        return _timed(one, targets, count)
    finally:
        conn.close()


def run_postgres(
    url: str,
    targets: Sequence[Target],
    count: int,
    actor: tuple[int, str],
    signing: tuple[str, bytes],
) -> float:
    """Transitions per second on PostgreSQL, synchronous_commit on. `signing`
    is the audit key (id, key) the events are sealed with."""
    import psycopg
    from psycopg.types.json import Jsonb

    conn = psycopg.connect(url, autocommit=True)
    conn.execute("SET synchronous_commit = on")
    conn.autocommit = False
    p = "%s"
    update_case, insert_event = UPDATE_CASE.format(p=p), INSERT_EVENT.format(p=p)
    insert_audit, update_head = INSERT_AUDIT.format(p=p), UPDATE_HEAD.format(p=p)
    actor_id, actor_name = actor
    kid, key = signing
    on = date(2026, 3, 11)
    cur = conn.cursor()
    execute = cur.execute

    def one(target: Target) -> None:
        clock, payload = _plan(target, on)
        now = datetime.now(tz=UTC)
        execute(update_case, (*clock, now, target.case_id))
        execute(
            insert_event,
            (
                target.case_id,
                target.next_seq,
                "delivered",
                on,
                0,
                now,
                actor_id,
                actor_name,
                "",
                "",
                Jsonb(payload),
            ),
        )
        execute("SELECT last_seq, last_hash FROM audit_audithead WHERE id = 1 FOR UPDATE")
        row = cur.fetchone()
        assert row is not None
        seq = row[0] + 1
        digest = audit_link(
            seq=seq,
            prev_hash=row[1],
            at=now,
            actor_id=actor_id,
            actor_name=actor_name,
            object_id=target.tracking_no,
            payload=payload,
        )
        execute(
            insert_audit,
            (
                seq,
                now,
                actor_id,
                actor_name,
                "case.delivered",
                "case",
                target.tracking_no,
                Jsonb(payload),
                row[1],
                digest,
                kid,
                link_mac(key, seq, digest),
            ),
        )
        execute(update_head, (seq, digest))
        before_commit = time.perf_counter()
        conn.commit()
        COMMIT_SECONDS[0] += time.perf_counter() - before_commit
        target.next_seq += 1

    try:
        return _timed(one, targets, count)
    finally:
        conn.close()


def _iso(value: Any) -> Any:
    # SQLite stores dates as ISO text (what Django writes); no implicit adapters.
    return value.isoformat() if isinstance(value, date) else value


def _timed(one: Callable[[Target], None], targets: Sequence[Target], count: int) -> float:
    """Transitions per second over `count` (after 200 untimed)."""
    warm = min(200, count)
    for i in range(warm):
        one(targets[i % len(targets)])
    COMMIT_SECONDS[0] = 0.0
    cpu, started = time.process_time(), time.perf_counter()
    for i in range(count):
        one(targets[i % len(targets)])
    elapsed = time.perf_counter() - started
    CPU_SECONDS[0] = time.process_time() - cpu
    return count / elapsed
