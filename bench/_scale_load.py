"""The bulk loader of bench/bench_scale.py: generated cases (bench/_scale_rows.py)
written by executemany (SQLite) or COPY (PostgreSQL), streaming.

Cases go to COPY straight from the generator. Their events and audit links are
produced alongside, in case order, so on PostgreSQL they are spooled to temp
files in COPY's text format (one connection cannot run two COPYs at once) and
copied after the cases: memory stays flat whatever the number of cases. On
SQLite they are flushed with each batch of cases.

The audit links (`--audit`) continue the chain from its head (the demo world's
events) and the head row is moved to the last one, in the same transaction:
afterwards `verify_chain()` walks the whole chain.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import IO, Any

from _scale_rows import AUDIT_FIELDS, CASE_FIELDS, EVENT_FIELDS, AuditChain, Generator, ItemInfo

BATCH = 20_000
COPY_BLOCK = 1 << 20


def items_info() -> list[ItemInfo]:
    from xiaoneng.catalog.models import ApprovalItem, ItemStatus

    return [
        ItemInfo(
            id=i.pk,
            department_id=i.department_id,
            committed_days=i.committed_limit_days,
            legal_days=i.legal_limit_days,
            max_extension_days=i.extension_max_days,
            warning_days=i.effective_warning_days,
            instant=i.is_instant,
            handling_mode=i.handling_mode,
        )
        for i in ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED)
        .exclude(code="BENCH-0005-01")
        .order_by("code")
    ]


def _columns(model: Any, fields: tuple[str, ...]) -> list[str]:
    by_attname = {f.attname: str(f.column) for f in model._meta.concrete_fields}
    assert set(fields) <= set(by_attname), f"{model.__name__}: {set(fields) - set(by_attname)}"
    return [by_attname[f] for f in fields]


class Sink:
    """Rows for one table: a COPY-text spool file (PostgreSQL) or a list
    flushed by the caller (SQLite)."""

    def __init__(self, vendor: str) -> None:
        self.rows: list[tuple[Any, ...]] = []
        # Closed by blocks() once copied, or with the process.
        self.file: IO[str] | None = (
            tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
            if vendor == "postgresql"
            else None
        )
        self.count = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.count += 1
        if self.file is None:
            self.rows.append(row)
        else:
            self.file.write("\t".join(_copy_text(x) for x in row) + "\n")

    def blocks(self) -> Iterator[str]:
        assert self.file is not None
        self.file.seek(0)
        while block := self.file.read(COPY_BLOCK):
            yield block
        self.file.close()


# Backslash first, so the escapes added after it are not escaped again.
_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


def _copy_text(x: Any) -> str:
    """One field in COPY's text format."""
    if x is None:
        return "\\N"
    if isinstance(x, bool):
        return "t" if x else "f"
    if isinstance(x, date):  # datetimes keep their offset
        return x.isoformat()
    text = str(x)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def insert_rows(
    vendor: str, n: int, n_open: int, events: str, audit: str, seed: int, today: date
) -> dict[str, Any]:
    """Generate and write the cases, their events and audit links; seconds and counts."""
    from django.db import connection, transaction

    from xiaoneng.calendar.selectors import current_calendar
    from xiaoneng.cases.models import Case, CaseEvent

    calendar = current_calendar()
    gen = Generator(calendar, items_info(), today, seed)
    counts: dict[str, Any] = {"cases": 0, "events": 0, "audit": 0, "audit_hash_seconds": 0.0}
    started = time.perf_counter()
    event_sink, audit_sink = Sink(vendor), Sink(vendor)
    with transaction.atomic():
        chain = _chain(calendar) if audit != "none" else None

        def case_tuples() -> Iterator[tuple[Any, ...]]:
            for c in gen.cases(n, n_open):
                counts["cases"] += 1
                v = c.values
                yield tuple(v[f] for f in CASE_FIELDS)
                if events == "all" or v["is_open"]:
                    for seq, (kind, on, days) in enumerate(c.events, start=1):
                        event_sink.add(
                            (v["id"], seq, kind, on, days, v["updated_at"], "系统", "", "", "{}")
                        )
                if chain is not None and (audit == "all" or v["is_open"]):
                    t0 = time.perf_counter()
                    for row in chain.rows(c):
                        audit_sink.add(row)
                    counts["audit_hash_seconds"] += time.perf_counter() - t0

        tables = {
            "case": ("cases_case", _columns(Case, CASE_FIELDS)),
            "event": ("cases_caseevent", _columns(CaseEvent, EVENT_FIELDS)),
            "audit": ("audit_auditevent", _audit_columns()),
        }
        if vendor == "sqlite":
            _write_sqlite(case_tuples(), event_sink, audit_sink, tables)
        else:
            _write_postgres(case_tuples(), event_sink, audit_sink, tables)
        if chain is not None:
            _move_head(chain)
    counts["events"], counts["audit"] = event_sink.count, audit_sink.count
    counts["seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cur:
        # PostgreSQL: what autovacuum does after a bulk load (statistics and the
        # visibility map, without which no index-only scan is possible).
        cur.execute("ANALYZE" if vendor == "sqlite" else "VACUUM ANALYZE")
    counts["analyze_seconds"] = time.perf_counter() - started
    return counts


def _audit_columns() -> list[str]:
    from xiaoneng.audit.models import AuditEvent

    columns = _columns(AuditEvent, AUDIT_FIELDS)
    assert len(columns) == len(AuditEvent._meta.concrete_fields), "an audit column is not written"
    return columns


def _chain(calendar: Any) -> AuditChain:
    """The chain from its head, locked for the load's transaction."""
    from django.db import connection

    from xiaoneng.audit.actions import _lock_head
    from xiaoneng.audit.keys import signing_key
    from xiaoneng.audit.selectors import chain_tail

    with connection.cursor() as cur:
        _lock_head(cur, connection.features.has_select_for_update)
    tail, tail_hash, _, _ = chain_tail()
    return AuditChain(calendar, (tail, tail_hash), signing_key())


def _move_head(chain: AuditChain) -> None:
    from xiaoneng.audit.models import AuditHead

    AuditHead.objects.filter(pk=1).update(last_seq=chain.seq, last_hash=chain.hash)


def _write_sqlite(
    case_rows: Iterator[tuple[Any, ...]],
    event_sink: Sink,
    audit_sink: Sink,
    tables: dict[str, tuple[str, list[str]]],
) -> None:
    from django.db import connection

    raw = connection.connection
    sql = {kind: _insert_sql(table, cols) for kind, (table, cols) in tables.items()}
    for batch in _batches(case_rows, BATCH):
        raw.executemany(sql["case"], [tuple(_sqlite_value(x) for x in row) for row in batch])
        for kind, sink in (("event", event_sink), ("audit", audit_sink)):
            raw.executemany(sql[kind], [tuple(_sqlite_value(x) for x in r) for r in sink.rows])
            sink.rows.clear()


def _write_postgres(
    case_rows: Iterator[tuple[Any, ...]],
    event_sink: Sink,
    audit_sink: Sink,
    tables: dict[str, tuple[str, list[str]]],
) -> None:
    from django.db import connection

    def copy_sql(kind: str) -> str:
        table, cols = tables[kind]
        return f"COPY {table} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in cols)}) FROM STDIN"

    with connection.connection.cursor() as cur:
        with cur.copy(copy_sql("case")) as copy:
            for row in case_rows:
                copy.write_row(row)
        for kind, sink in (("event", event_sink), ("audit", audit_sink)):
            with cur.copy(copy_sql(kind)) as copy:
                for block in sink.blocks():
                    copy.write(block)
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), "
            "(SELECT MAX(id) FROM cases_case))"
        )


def _batches(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert_sql(table: str, columns: list[str]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608


def _sqlite_value(x: Any) -> Any:
    """As Django's SQLite backend stores it: ISO dates, UTC datetimes."""
    if isinstance(x, datetime):
        return x.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(x, date):
        return x.isoformat()
    return x
