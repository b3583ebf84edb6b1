"""Reads of the sign-in records, scoped by the actor's authority."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from xiaoneng.org.authority import require
from xiaoneng.org.models import User

from .models import LoginLog, OnlineSession

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@dataclass(frozen=True)
class SecurityWatch:
    """What the administrator's desk shows of sign-in security."""

    online: int
    failed_last_day: int
    locked: list[User]


def security_watch(actor: Actor) -> SecurityWatch:
    """Users online, failed sign-ins in the last 24 hours, accounts locked now."""
    require(actor, "system.online")
    now = timezone.now()
    return SecurityWatch(
        online=OnlineSession.objects.count(),
        failed_last_day=LoginLog.objects.filter(
            success=False, created_at__gte=now - timedelta(days=1)
        ).count(),
        locked=list(User.objects.filter(locked_until__gt=now)),
    )
