"""The only writer of the audit trail."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from xiaoneng.core.hashchain import GENESIS, link_hash

from .models import AuditEvent, AuditHead


def _json_safe(payload: dict[str, Any]) -> dict[str, Any]:
    # Hash exactly what the database will give back: dates become strings.
    result: dict[str, Any] = json.loads(json.dumps(payload, ensure_ascii=False, default=str))
    return result


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
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the action's transaction")
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.bulk_create(
            [AuditHead(pk=1, last_seq=0, last_hash=GENESIS)], ignore_conflicts=True
        )
        head = AuditHead.objects.select_for_update().get(pk=1)
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        seq=head.last_seq + 1,
        occurred_at=timezone.now(),
        actor=user,
        actor_name=(getattr(user, "real_name", "") or getattr(user, "username", ""))
        if user
        else "系统",
        event_type=event_type,
        object_type=object_type,
        object_id=str(object_id),
        payload=_json_safe(payload or {}),
        prev_hash=head.last_hash,
    )
    event.hash = link_hash(event.prev_hash, event.canonical_event())
    event.save(force_insert=True)
    AuditHead.objects.filter(pk=1).update(last_seq=event.seq, last_hash=event.hash)
    return event
