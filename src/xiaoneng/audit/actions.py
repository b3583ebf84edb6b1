"""The only writer of the audit trail."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from xiaoneng.core.hashchain import GENESIS, link_hash

from .models import AuditEvent, AuditHead

# Every audited write goes through here, so its three statements are written
# once, through the cursor (a third of an action's ORM cost otherwise); the
# values still pass through the model fields' own conversions.
_FIELDS = list(AuditEvent._meta.concrete_fields)
_INSERT = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - our own column names
    AuditEvent._meta.db_table,
    ", ".join(f'"{f.column}"' for f in _FIELDS),
    ", ".join(["%s"] * len(_FIELDS)),
)
_HEAD = f"SELECT last_seq, last_hash FROM {AuditHead._meta.db_table} WHERE id = 1"  # noqa: S608
_MOVE_HEAD = f"UPDATE {AuditHead._meta.db_table} SET last_seq = %s, last_hash = %s WHERE id = 1"  # noqa: S608


def _json_safe(payload: dict[str, Any]) -> dict[str, Any]:
    # Hash exactly what the database will give back: dates become strings.
    result: dict[str, Any] = json.loads(json.dumps(payload, ensure_ascii=False, default=str))
    return result


def _lock_head(cursor: Any, lock: bool) -> tuple[int, str]:
    """Lock the chain's head row (SQLite: the write transaction already
    serialises writers) and return it, creating it on the first append."""
    query = _HEAD + (" FOR UPDATE" if lock else "")
    cursor.execute(query)
    row = cursor.fetchone()
    if row is None:
        AuditHead.objects.bulk_create(
            [AuditHead(pk=1, last_seq=0, last_hash=GENESIS)], ignore_conflicts=True
        )
        cursor.execute(query)
        row = cursor.fetchone()
    return int(row[0]), str(row[1])


def record_event(
    *,
    actor: Any,
    event_type: str,
    object_type: str = "",
    object_id: str | int = "",
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction
    so that the event and the change it records commit or vanish together."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must run inside the action's transaction")
    user = actor if getattr(actor, "is_authenticated", False) else None
    with connection.cursor() as cursor:
        last_seq, last_hash = _lock_head(cursor, connection.features.has_select_for_update)
        event = AuditEvent(
            seq=last_seq + 1,
            occurred_at=timezone.now(),
            actor=user,
            actor_name=(getattr(user, "real_name", "") or getattr(user, "username", ""))
            if user
            else "系统",
            event_type=event_type,
            object_type=object_type,
            object_id=str(object_id),
            payload=_json_safe(payload or {}),
            prev_hash=last_hash,
        )
        event.hash = link_hash(event.prev_hash, event.canonical_event())
        cursor.execute(
            _INSERT, [f.get_db_prep_save(getattr(event, f.attname), connection) for f in _FIELDS]
        )
        cursor.execute(_MOVE_HEAD, [event.seq, event.hash])
    event._state.adding = False
    event._state.db = connection.alias
    return event
