"""Sign-in throttling, called only by the login action inside its transaction.

Two counters of failed attempts, both in the database (`LoginThrottle`) so
that every worker process sees the same count:

- per client address (scope `ip`): failures in the last hour, whatever the
  user name; at `auth.ip_failure_threshold` the address may not sign in at
  all for `auth.ip_block_minutes`. This is what stops one address spraying
  guesses over many accounts.
- per address and user name (scope `pair`): consecutive failures; at
  `auth.lockout_threshold` that address may not sign in to that name for
  `auth.lockout_minutes`. Other addresses are not affected, so nobody can
  lock the mayor out of the mayor's own desk by typing wrong passwords
  elsewhere.

Each pause doubles every time it is earned again within a day, up to
`auth.lockout_max_minutes`: a patient attacker gets fewer guesses per day
the longer they keep going. Unknown user names are counted exactly like
known ones, so the answers never tell them apart.

This is not `web.ratelimit`: that one counts every request in a fixed
minute and lives in a face above this platform layer; a sign-in counts only
failures, is forgiven by success and backs off.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from xiaoneng.core.hashchain import sm3_hex
from xiaoneng.system.params import get_param

from .models import LoginThrottle, ThrottleScope

WINDOW = timedelta(hours=1)  # the per-address count starts afresh after an hour
FORGET = timedelta(hours=24)  # a counter idle this long starts afresh, strikes too


@dataclass(frozen=True)
class Pause:
    scope: str  # ThrottleScope
    until: datetime
    minutes: int = 0  # set when this attempt earned the pause


@dataclass(frozen=True)
class Failure:
    """What one counted failure led to."""

    pause: Pause | None
    remaining: int  # failures left before this address is paused on this name
    strikes: int  # pauses earned so far by the counter that paused (0 if none)


def _key(scope: str, ip: str | None, username: str) -> str:
    name = username.casefold() if scope == ThrottleScope.ACCOUNT else ""
    return sm3_hex(f"login:{scope}:{ip or '-'}:{name}".encode())


def _storable_ip(ip: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(ip)) if ip else None
    except ValueError:
        return None


def pause_in_force(*, ip: str | None, username: str, now: datetime) -> Pause | None:
    """The pause this address is under, for any name or for this one (the
    address-wide pause first). One indexed read; no write."""
    rows = dict(
        LoginThrottle.objects.filter(
            key__in=[
                _key(ThrottleScope.ADDRESS, ip, username),
                _key(ThrottleScope.ACCOUNT, ip, username),
            ],
            blocked_until__gt=now,
        ).values_list("scope", "blocked_until")
    )
    for scope in (ThrottleScope.ADDRESS, ThrottleScope.ACCOUNT):
        until = rows.get(scope)
        if until is not None:
            return Pause(scope=scope, until=until)
    return None


def _locked_row(scope: str, ip: str | None, username: str, now: datetime) -> LoginThrottle:
    key = _key(scope, ip, username)
    row = LoginThrottle.objects.select_for_update().filter(key=key).first()
    if row is None:
        transaction.on_commit(lambda: _forget_stale(now))
        try:
            with transaction.atomic():
                return LoginThrottle.objects.create(
                    key=key,
                    scope=scope,
                    ip=_storable_ip(ip),
                    username=username[:150] if scope == ThrottleScope.ACCOUNT else "",
                    window_started_at=now,
                    updated_at=now,
                )
        except IntegrityError:  # another worker created it meanwhile
            row = LoginThrottle.objects.select_for_update().get(key=key)
    if row.updated_at < now - FORGET and not (row.blocked_until and row.blocked_until > now):
        row.failures, row.strikes, row.window_started_at = 0, 0, now
    if scope == ThrottleScope.ADDRESS and row.window_started_at <= now - WINDOW:
        row.failures, row.window_started_at = 0, now
    return row


def _forget_stale(now: datetime) -> None:
    """Stale counters go when a new one comes (a row still paused stays): after
    the sign-in's commit, skipping rows another sign-in holds, so that the
    clean-up never waits on, or deadlocks with, a sign-in."""
    with transaction.atomic():
        stale = list(
            LoginThrottle.objects.select_for_update(skip_locked=True)
            .filter(
                Q(blocked_until__isnull=True) | Q(blocked_until__lt=now),
                updated_at__lt=now - FORGET,
            )
            .values_list("pk", flat=True)[:1000]
        )
        if stale:
            LoginThrottle.objects.filter(pk__in=stale).delete()


def _count(row: LoginThrottle, now: datetime, threshold: int, first_minutes: int) -> Pause | None:
    row.failures += 1
    row.updated_at = now
    pause = None
    if row.failures >= threshold:
        row.strikes += 1
        minutes = min(
            first_minutes * 2 ** min(row.strikes - 1, 16), get_param("auth.lockout_max_minutes")
        )
        row.blocked_until = now + timedelta(minutes=minutes)
        row.failures, row.window_started_at = 0, now
        pause = Pause(scope=row.scope, until=row.blocked_until, minutes=minutes)
    row.save()
    return pause


def record_failure(*, ip: str | None, username: str, now: datetime) -> Failure:
    """Count one failed attempt on both counters."""
    threshold = get_param("auth.lockout_threshold")
    pair = _locked_row(ThrottleScope.ACCOUNT, ip, username, now)
    pair_pause = _count(pair, now, threshold, get_param("auth.lockout_minutes"))
    address = _locked_row(ThrottleScope.ADDRESS, ip, username, now)
    address_pause = _count(
        address, now, get_param("auth.ip_failure_threshold"), get_param("auth.ip_block_minutes")
    )
    if address_pause is not None:
        return Failure(pause=address_pause, remaining=0, strikes=address.strikes)
    if pair_pause is not None:
        return Failure(pause=pair_pause, remaining=0, strikes=pair.strikes)
    return Failure(pause=None, remaining=threshold - pair.failures, strikes=0)


def record_success(*, ip: str | None, username: str) -> None:
    """A right password forgives this address its failures on this name (not
    its failures on the address as a whole: signing in to one's own account
    must not reset a spray over others)."""
    LoginThrottle.objects.filter(key=_key(ThrottleScope.ACCOUNT, ip, username)).delete()
