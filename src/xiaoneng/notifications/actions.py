"""The notification centre's writes: in-app messages at once, e-mail as a digest.

`notify` writes the messages inside the caller's transaction and, after it
commits, enqueues the digest task (`tasks.send_notification_digest`, which
runs `digest.send_digest`). The digest is idempotent (a message is mailed
once), so a transaction that notifies twice may enqueue it twice: the second
run finds nothing to send."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .models import Notification
from .tasks import send_notification_digest


def notify(
    *,
    recipients: Iterable[int],
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
) -> int:
    """One message to each recipient (user ids); e-mail follows by digest."""
    rows = [
        Notification(recipient_id=user_id, kind=kind, title=title[:200], body=body, link=link[:300])
        for user_id in dict.fromkeys(recipients)
    ]
    return notify_many(rows)


def notify_many(rows: list[Notification]) -> int:
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, batch_size=1000)
    transaction.on_commit(_enqueue_digest)
    return len(rows)


def _enqueue_digest() -> None:
    send_notification_digest.enqueue()
