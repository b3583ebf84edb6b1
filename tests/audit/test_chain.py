from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from audit.harness import tamper as _tamper
from xiaoneng.audit.actions import record_event
from xiaoneng.audit.models import AppendOnlyError, AuditEvent
from xiaoneng.audit.selectors import verify_chain


def _append(n: int, **kw: Any) -> None:
    for i in range(n):
        with transaction.atomic():
            record_event(
                actor=None,
                event_type="system.parameter_changed",
                object_type="thing",
                object_id=i,
                payload={"i": i, "名称": "测试", **kw},
            )


@pytest.mark.django_db
def test_verify_reports_a_whole_chain(capsys: pytest.CaptureFixture[str]) -> None:
    _append(5)
    assert verify_chain() == (5, None)
    call_command("audit", "verify")
    assert "审计链完整：共 5 条事件" in capsys.readouterr().out


@pytest.mark.django_db
def test_verify_names_a_row_altered_behind_its_back() -> None:
    _append(6)
    _tamper("UPDATE audit_auditevent SET payload = %s WHERE seq = 4", ['{"i": 99}'])
    count, broken = verify_chain()
    assert count == 6
    assert broken is not None
    assert broken.seq == 4
    with pytest.raises(CommandError, match="第 4 号事件"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_verify_names_a_deleted_row() -> None:
    _append(5)
    _tamper("DELETE FROM audit_auditevent WHERE seq = 3", [])
    _, broken = verify_chain()
    assert broken is not None
    assert broken.seq == 3


@pytest.mark.django_db
def test_verify_names_a_rehashed_row_by_its_seal() -> None:
    """Re-hashing a changed row to hide it: its keyed seal no longer holds
    (and the next link would break too)."""
    _append(4)
    event = AuditEvent.objects.get(seq=2)
    event.payload = {"i": 42}
    from xiaoneng.core.hashchain import link_hash

    new_hash = link_hash(event.prev_hash, event.canonical_event())
    _tamper(
        "UPDATE audit_auditevent SET payload = %s, hash = %s WHERE seq = 2", ['{"i": 42}', new_hash]
    )
    _, broken = verify_chain()
    assert broken is not None
    assert broken.seq == 2
    assert "HMAC-SM3" in broken.reason


@pytest.mark.django_db
def test_the_orm_refuses_updates_and_deletes() -> None:
    _append(1)
    event = AuditEvent.objects.get()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(seq=1).update(event_type="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET event_type = 'x'",
        "DELETE FROM audit_auditevent WHERE seq = 2",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes_by_trigger(sql: str) -> None:
    """On SQLite as on PostgreSQL, whoever asks, whatever the ORM says."""
    _append(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute(sql)
    assert verify_chain() == (2, None)


@pytest.mark.django_db(transaction=True)
def test_record_event_refuses_to_run_outside_a_transaction() -> None:
    with pytest.raises(RuntimeError, match="transaction"):
        record_event(actor=None, event_type="system.parameter_changed")


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_chain() -> None:
    """Eight writers at once: every event gets its own place, the chain holds."""
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            _append(10, writer=k)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    count, broken = verify_chain()
    assert (count, broken) == (80, None)
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 81))


@pytest.mark.django_db(transaction=True)
def test_the_triggers_are_back_after_the_test_runners_flush() -> None:
    """Runs after the transactional tests above, whose events the runner
    deleted: the flush lifted the triggers for itself only."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["audit_auditevent"],
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass "
                "AND NOT tgisinternal"
            )
        names = {row[0] for row in cursor.fetchall()}
    assert names >= (
        {"audit_append_only_update", "audit_append_only_delete"}
        if connection.vendor == "sqlite"
        else {"audit_append_only"}
    )
