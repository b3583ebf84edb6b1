"""What the audit trail needs from the test harness, for the whole suite
(the root conftest imports the fixtures):

- its key and checkpoint files in a temporary directory, never the
  repository's var/; a fresh checkpoint file for each test, as each test
  gets a fresh database (a checkpoint of one test's chain would otherwise
  report the next test's shorter chain as truncated);
- the test runner's flush: Django empties SQLite tables with DELETE after
  each transactional test, which the append-only triggers refuse, as they
  should in production. The flush alone lifts them, in its own transaction,
  and puts them back before it commits.

And `tamper`, for the tests that change the table behind the application's
back, as someone with SQL access to the database could."""

from __future__ import annotations

import importlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings

TABLE = "audit_auditevent"
_triggers = importlib.import_module("xiaoneng.audit.migrations.0005_sqlite_append_only_trigger")


@pytest.fixture(scope="session", autouse=True)
def _audit_files_in_a_temporary_directory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("audit")
    with override_settings(
        AUDIT_KEY="",
        AUDIT_KEYRING=base / "keys" / "audit.keyring",
        AUDIT_CHECKPOINTS=base / "checkpoints.jsonl",
        PII_KEY="",
        PII_KEYRING=base / "keys" / "pii.keyring",
    ):
        yield base


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(_audit_files_in_a_temporary_directory: Path) -> Iterator[Path]:
    path = _audit_files_in_a_temporary_directory / f"checkpoints-{uuid.uuid4().hex}.jsonl"
    with override_settings(AUDIT_CHECKPOINTS=path):
        yield path
    path.unlink(missing_ok=True)


@pytest.fixture(scope="session", autouse=True)
def _flush_lifts_the_sqlite_audit_triggers() -> Iterator[None]:
    # Through the backend's base module: importing `operations` first is circular.
    from django.db.backends.sqlite3.base import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self: Any, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements: list[str] = original(self, style, tables, **kwargs)
        if TABLE in tables:
            return [*_triggers.DROP, *statements, *_triggers.CREATE]
        return statements

    patch = pytest.MonkeyPatch()
    patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
    yield
    patch.undo()


def tamper(sql: str, params: list[Any] | None = None) -> None:
    """Change the audit table behind the application's back: on PostgreSQL as
    a superuser who switches triggers off for the session, on SQLite as
    someone who drops the triggers and puts them back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            for statement in _triggers.DROP:
                cursor.execute(statement)
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
        else:
            for statement in _triggers.CREATE:
                cursor.execute(statement)


def rehash_from(
    seq: int,
    payload: dict[str, Any],
    *,
    strip_seals: bool = False,
    key: bytes | None = None,
    upto: int | None = None,
) -> None:
    """Give event `seq` a new payload and recompute the SM3 chain from it to
    the end (or to `upto`), head row included, with plain SQL: what someone
    with SQL access but without the audit key can do. The seals are left as
    they were, stripped (`strip_seals`), or made again with `key` (an insider
    who also holds the key)."""
    from xiaoneng.audit.models import AuditEvent
    from xiaoneng.core.hashchain import GENESIS, key_id, link_hash, link_mac

    before = AuditEvent.objects.filter(seq=seq - 1).values_list("hash", flat=True).first()
    prev = before or GENESIS
    rows = AuditEvent.objects.filter(seq__gte=seq).order_by("seq")
    if upto is not None:
        rows = rows.filter(seq__lte=upto)
    for row in rows:
        if row.seq == seq:
            row.payload = payload
        row.prev_hash = prev
        row.hash = link_hash(prev, row.canonical_event())
        kid, mac = row.key_id, row.mac
        if strip_seals:
            kid, mac = "", ""
        elif key is not None:
            kid, mac = key_id(key), link_mac(key, row.seq, row.hash)
        tamper(
            "UPDATE audit_auditevent SET payload = %s, prev_hash = %s, hash = %s, "
            "key_id = %s, mac = %s WHERE seq = %s",
            [json.dumps(row.payload), row.prev_hash, row.hash, kid, mac, row.seq],
        )
        prev = row.hash
    if upto is None:
        tamper("UPDATE audit_audithead SET last_hash = %s WHERE id = 1", [prev])


def truncate_after(seq: int) -> None:
    """Delete every event after `seq` and set the head row back to it, as a
    careful intruder would."""
    from xiaoneng.audit.models import AuditEvent
    from xiaoneng.core.hashchain import GENESIS

    last = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
    tamper("DELETE FROM audit_auditevent WHERE seq > %s", [seq])
    tamper(
        "UPDATE audit_audithead SET last_seq = %s, last_hash = %s WHERE id = 1",
        [seq, last or GENESIS],
    )
