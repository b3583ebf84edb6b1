"""Leases: one holder at a time per name across every process on one database
(one scheduler per database, however many `serve` or `scheduler` processes
run). Infrastructure, not domain state, so no action and no audit event.

A holder takes a lease that is free or expired, or renews its own, with one
conditional UPDATE (`… WHERE name = ? AND (expires_at < now OR holder = me)`):
the database serialises concurrent updates of the row, so exactly one wins.
Time is the holders' clock; hosts that share a database keep NTP time, and
the lease (60 s by default) is long against any skew that leaves."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Lease


def acquire(name: str, holder: str, *, seconds: float) -> bool:
    """Take or renew the lease `name` for `seconds`; True when `holder` holds it."""
    now = timezone.now()
    updated = (
        Lease.objects.filter(name=name)
        .filter(Q(expires_at__lt=now) | Q(holder=holder))
        .update(holder=holder, expires_at=now + timedelta(seconds=seconds))
    )
    if updated:
        return True
    if Lease.objects.filter(name=name).exists():
        return False
    try:
        with transaction.atomic():
            Lease.objects.create(
                name=name, holder=holder, expires_at=now + timedelta(seconds=seconds)
            )
    except IntegrityError:  # another process created it first: it holds it
        return False
    return True


def release(name: str, holder: str) -> None:
    """Give the lease up at once (on a clean stop) so a waiting process takes it
    without waiting for it to expire. Only its holder can."""
    Lease.objects.filter(name=name, holder=holder).update(holder="", expires_at=timezone.now())


def holder_of(name: str) -> str | None:
    """Who holds the lease now, if anyone."""
    lease = Lease.objects.filter(name=name, expires_at__gte=timezone.now()).first()
    return lease.holder if lease and lease.holder else None
