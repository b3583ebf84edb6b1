"""The notification centre: the actor's own reading marks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone

from xiaoneng.notifications.models import Notification
from xiaoneng.org.actor import user_of

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def mark_read(*, actor: Actor, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own messages read (all unread ones when `ids` is None).
    A reading mark is the user's own view state, not a domain event: not audited."""
    user = user_of(actor)
    if user is None:
        return 0
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
