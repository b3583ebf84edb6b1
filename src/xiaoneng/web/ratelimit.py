"""Per-IP rate limits of the public forms (办件查询, 检索): a fixed window per
client and form, counted where every server worker sees the same count —
in the shared cache (Redis) when there is one (settings.SHARED_CACHE: no
database write per public request), else in the database (the cache of one
host is per process). The limits are parameters (`portal.*_per_minute`);
0 lifts a limit (for the benchmark)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from xiaoneng.core.errors import RateLimited
from xiaoneng.core.hashchain import sm3_hex
from xiaoneng.core.net import client_ip
from xiaoneng.system.params import get_param

from .models import RateBucket

WINDOW = timedelta(seconds=60)
KEEP = timedelta(hours=1)  # buckets idle longer than this are deleted
COUNTER_PREFIX = "ratelimit:"

logger = logging.getLogger(__name__)


def _key(scope: str, request: HttpRequest) -> str:
    # The IP is not stored as such: a digest is enough to count.
    return sm3_hex(f"portal:{scope}:{client_ip(request) or '-'}".encode())


@cache
def _count_sql() -> str:
    q = connection.ops.quote_name
    table, key, started, hits = (
        q(name) for name in (RateBucket._meta.db_table, "key", "started_at", "hits")
    )
    return (
        f"UPDATE {table} SET {hits} = {hits} + 1 "  # noqa: S608 - our own names
        f"WHERE {key} = %s AND {started} > %s AND {hits} < %s"
    )


def _count(key: str, now: datetime, limit: int) -> bool:
    """Count the request in one statement, written once (the ORM would build
    it again on every request, at ten times the cost of running it): true
    when the bucket's window is under way and under the limit."""
    since = RateBucket._meta.get_field("started_at").get_db_prep_value(now - WINDOW, connection)
    with connection.cursor() as cursor:
        cursor.execute(_count_sql(), [key, since, limit])
        return bool(cursor.rowcount == 1)


def _count_in_cache(key: str) -> int | None:
    """This request's number in the client's current window, counted in the
    shared cache: a key per fixed window, created with `add` (atomic, with
    an expiry past the window's end) and counted with `incr` (atomic). None
    when the cache does not answer (the database counts instead)."""
    window = int(WINDOW.total_seconds())
    counter = f"{COUNTER_PREFIX}{key}:{int(time.time()) // window}"
    try:
        try:
            return int(shared_cache.incr(counter))
        except ValueError:  # the window's first request
            if shared_cache.add(counter, 1, window * 2):
                return 1
            return int(shared_cache.incr(counter))
    except Exception:  # the cache does not answer: the database still counts
        logger.exception("rate limit: the shared cache does not answer")
        return None


def allow(request: HttpRequest, scope: str, param: str) -> bool:
    """Count one request of the client to `scope`; False when over the limit.
    A client that keeps trying stays out only until its window ends: the
    database does not count a refused request; the cache's windows are fixed
    to the clock, so what it counts past the limit ends with the window."""
    limit = get_param(param)
    if limit <= 0:
        return True
    key = _key(scope, request)
    if settings.SHARED_CACHE:
        counted = _count_in_cache(key)
        if counted is not None:
            return counted <= limit
    return _allow_in_database(key, limit)


def _allow_in_database(key: str, limit: int) -> bool:
    now = timezone.now()
    if _count(key, now, limit):  # the usual case: a window under way, under the limit
        return True
    with transaction.atomic():
        row = RateBucket.objects.filter(key=key).values_list("started_at", "hits").first()
        if row is not None and row[0] > now - WINDOW:
            if row[1] >= limit:
                return False
            RateBucket.objects.filter(key=key).update(hits=F("hits") + 1)
            return True
        if row is not None:
            RateBucket.objects.filter(key=key).update(started_at=now, hits=1)
            return True
        RateBucket.objects.filter(started_at__lt=now - KEEP).delete()
        try:
            with transaction.atomic():
                RateBucket.objects.create(key=key, started_at=now, hits=1)
        except IntegrityError:  # another worker created it meanwhile
            RateBucket.objects.filter(key=key).update(hits=F("hits") + 1)
    return True


def over_limit(
    request: HttpRequest,
    scope: str,
    param: str,
    *,
    message: str,
    page: Callable[[RateLimited], HttpResponse],
) -> HttpResponse | None:
    """None while the client is under the form's limit (counting this
    request); else the 429 page that `page` renders for the refusal, with
    `Retry-After` set to the window."""
    if allow(request, scope, param):
        return None
    error = RateLimited(message, detail={"retry_after": int(WINDOW.total_seconds())})
    response = page(error)
    response["Retry-After"] = str(error.detail["retry_after"])
    return response
