"""The only writer of the audit trail. Each event is linked by SM3 to its
predecessor and sealed with HMAC-SM3 under the current audit key
(audit/keys.py); `write_checkpoint` appends the signed head to the checkpoint
file outside the table (audit/checkpoints.py)."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.utils import timezone

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.core.hashchain import GENESIS, Break, link_hash, link_mac
from xiaoneng.core.vocabulary import require_event

from . import checkpoints
from .checkpoints import Checkpoint
from .keys import load_keyring, signing_key
from .models import AuditEvent, AuditHead
from .selectors import chain_tail, verify_since

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

log = logging.getLogger("xiaoneng.audit")

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
    actor: Actor | None,
    event_type: str,
    object_type: str = "",
    object_id: str | int = "",
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction
    so that the event and the change it records commit or vanish together.
    `event_type` must be declared in its app's vocabulary.py."""
    require_event(event_type)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must run inside the action's transaction")
    user = cast("User | None", actor if getattr(actor, "is_authenticated", False) else None)
    kid, key = signing_key()  # before the lock: a missing key refuses the write
    with connection.cursor() as cursor:
        last_seq, last_hash = _lock_head(cursor, connection.features.has_select_for_update)
        event = AuditEvent(
            seq=last_seq + 1,
            occurred_at=timesource.now(),
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
        event.key_id, event.mac = kid, link_mac(key, event.seq, event.hash)
        cursor.execute(
            _INSERT, [f.get_db_prep_save(getattr(event, f.attname), connection) for f in _FIELDS]
        )
        cursor.execute(_MOVE_HEAD, [event.seq, event.hash])
    event._state.adding = False
    event._state.db = connection.alias
    return event


class CheckpointRefused(DomainError):
    """The chain no longer extends the last checkpoint: nothing is signed."""

    status = 409
    code = "audit_checkpoint_refused"

    def __init__(self, broken: Break) -> None:
        super().__init__(
            f"审计链与上一个检查点不符，未写入新检查点：第 {broken.seq} 号事件，{broken.reason}",
            detail={"seq": broken.seq, "reason": broken.reason},
        )
        self.broken = broken


def write_checkpoint(*, force: bool = False) -> Checkpoint | None:
    """Append a signed checkpoint of the chain's head to the checkpoint file
    (outside the audit table). Idempotent: nothing is written while the head
    has not moved since the last checkpoint. The links since the last
    checkpoint are verified first (SM3 and seals), so a checkpoint never
    vouches for a chain that was truncated or rewritten behind it: that is
    refused (`CheckpointRefused`) and the last good checkpoint stands.
    `force` signs an unmoved head again (after a key rotation: the history
    verified so far is then vouched for by the new key as well)."""
    kid, key = signing_key()
    keys = load_keyring().keys
    path = checkpoints.checkpoints_path()
    with checkpoints.locked(path, exclusive=True) as handle:
        good, problems = checkpoints.parse(handle.read(), keys)
        if problems:
            raise CheckpointRefused(problems[0])
        last = good[-1] if good else None
        after, after_hash = (last.seq, last.hash) if last else (0, GENESIS)
        tail, tail_hash, _, _ = chain_tail()
        if (tail, tail_hash) == (after, after_hash) and not (force and tail):
            return None
        broken = verify_since(after, after_hash, tail)
        if broken is not None:
            raise CheckpointRefused(broken)
        at = timezone.now().astimezone(UTC).isoformat(timespec="microseconds")
        checkpoint = checkpoints.sign(
            seq=tail, hash_=tail_hash, at=at, key_id=kid, key=key, line=len(good) + 1
        )
        handle.seek(0, os.SEEK_END)
        handle.write(checkpoint.as_line())
        handle.flush()
        os.fsync(handle.fileno())
    log.info("审计链检查点：%s", checkpoint.as_line().strip())
    return checkpoint
