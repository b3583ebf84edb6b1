from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.audit.models import AppendOnlyError, AuditEvent
from xiaoneng.audit.selectors import verify_chain


def _append(n: int, **kw: Any) -> None:
    for i in range(n):
        with transaction.atomic():
            record_event(
                actor=None,
                event_type="test.event",
                object_type="thing",
                object_id=i,
                payload={"i": i, "名称": "测试", **kw},
            )


def _tamper(sql: str, params: list[Any]) -> None:
    """Change the table behind the application's back, as a DBA could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser can switch ordinary triggers off for its own session.
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


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
def test_verify_names_a_rehashed_row_by_its_successor() -> None:
    """Re-hashing a changed row to hide it still breaks the next link."""
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
    assert broken.seq == 3


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
def test_postgresql_refuses_raw_updates_by_trigger() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on the model layer")
    from django.db import DatabaseError

    _append(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute("UPDATE audit_auditevent SET event_type = 'x'")


@pytest.mark.django_db(transaction=True)
def test_record_event_refuses_to_run_outside_a_transaction() -> None:
    with pytest.raises(RuntimeError, match="transaction"):
        record_event(actor=None, event_type="test.event")


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
