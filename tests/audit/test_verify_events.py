"""`verify_events`: some links of the chain (one case's) checked without
walking all of it, against the same tampering as the whole-chain check."""

from __future__ import annotations

import pytest
from django.db import transaction

from audit.harness import rehash_from
from audit.harness import tamper as _tamper
from xiaoneng.audit.actions import record_event
from xiaoneng.audit.models import AuditEvent
from xiaoneng.audit.selectors import verify_events
from xiaoneng.core.hashchain import link_hash

pytestmark = pytest.mark.django_db


def _append(objects: list[str]) -> None:
    """One event per entry, for the object named (interleaved like real cases)."""
    for i, object_id in enumerate(objects):
        with transaction.atomic():
            record_event(
                actor=None,
                event_type="system.parameter_changed",
                object_type="thing",
                object_id=object_id,
                payload={"i": i, "名称": "测试"},
            )


def _of(object_id: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="thing", object_id=object_id))


def test_intact_links_and_nothing_to_check() -> None:
    _append(["a", "b", "a", "b", "a"])
    assert verify_events(_of("a")) is None
    assert verify_events(_of("b")) is None
    assert verify_events([]) is None


def test_an_altered_event_is_named() -> None:
    _append(["a", "b", "a", "b", "a"])
    _tamper("UPDATE audit_auditevent SET payload = %s WHERE seq = 3", ['{"i": 99}'])
    broken = verify_events(_of("a"))
    assert broken is not None
    assert broken.seq == 3
    assert "被改动" in broken.reason
    # b's events (2, 4) still link: 3's stored hash was not changed.
    assert verify_events(_of("b")) is None


def test_a_deleted_predecessor_is_named() -> None:
    _append(["a", "b", "a"])
    _tamper("DELETE FROM audit_auditevent WHERE seq = 2", [])
    broken = verify_events(_of("a"))
    assert broken is not None
    assert broken.seq == 2
    assert "缺失" in broken.reason


def test_a_rehashed_event_is_named_by_its_seal() -> None:
    _append(["a", "b", "a", "b"])
    event = AuditEvent.objects.get(seq=3)
    event.payload = {"i": 42}
    new_hash = link_hash(event.prev_hash, event.canonical_event())
    _tamper(
        "UPDATE audit_auditevent SET payload = %s, hash = %s WHERE seq = 3", ['{"i": 42}', new_hash]
    )
    broken = verify_events(_of("a"))
    assert broken is not None
    assert broken.seq == 3
    assert "HMAC-SM3" in broken.reason
    # Seen from b too: 4's predecessor no longer has the hash 4 names.
    from_b = verify_events(_of("b"))
    assert from_b is not None
    assert from_b.seq == 4


def test_a_changed_prev_hash_is_named() -> None:
    _append(["a", "a"])
    _tamper("UPDATE audit_auditevent SET prev_hash = %s WHERE seq = 1", ["f" * 64])
    broken = verify_events(_of("a"))
    assert broken is not None
    assert broken.seq == 1


def test_the_rest_rehashed_with_plain_sql_is_named_at_the_edited_event() -> None:
    """Edit one event and re-hash it and every later one, head row included:
    every SM3 link holds again, the edited event's seal does not."""
    _append(["a", "b", "a", "b", "a"])
    rehash_from(3, {"i": 42})
    for object_id in ("a", "b"):
        events = _of(object_id)
        broken = verify_events(events)
        if object_id == "a":
            assert broken is not None
            assert broken.seq == 3
            assert "HMAC-SM3" in broken.reason
        else:
            # b's own events (2, 4) were re-hashed too: 4's seal names it.
            assert broken is not None
            assert broken.seq == 4


def test_a_stripped_seal_is_named() -> None:
    _append(["a", "a", "a"])
    rehash_from(2, {"i": 7}, strip_seals=True)
    broken = verify_events(_of("a"))
    assert broken is not None
    assert broken.seq == 2
    assert "缺少密钥签名" in broken.reason
