"""Per-IP rate limits of the public forms (办件查询, 检索): a fixed window per
client and form, counted in the database so that every server worker sees
the same count (Django's default cache is per process). The limits are
parameters (`portal.*_per_minute`); 0 lifts a limit (for the benchmark)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
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


def _key(scope: str, request: HttpRequest) -> str:
    # The IP is not stored as such: a digest is enough to count.
    return sm3_hex(f"portal:{scope}:{client_ip(request) or '-'}".encode())


def allow(request: HttpRequest, scope: str, param: str) -> bool:
    """Count one request of the client to `scope`; False when over the limit.
    A refused request is not counted (a client that keeps trying stays out
    only until its window ends)."""
    limit = get_param(param)
    if limit <= 0:
        return True
    key = _key(scope, request)
    now = timezone.now()
    # The usual case in one statement: a window under way and under the limit.
    counted = RateBucket.objects.filter(
        key=key, started_at__gt=now - WINDOW, hits__lt=limit
    ).update(hits=F("hits") + 1)
    if counted:
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
