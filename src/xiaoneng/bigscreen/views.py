"""The big screen page and its JSON snapshot. Screens poll the snapshot every
2 seconds with `If-None-Match`; the serialised snapshot is cached for 1 second
per data scope, so any number of screens on the same scope cost one snapshot
a second per worker process, and an unchanged one answers 304 with no body."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from xiaoneng.core import timesource
from xiaoneng.org.authority import has_perm

from .selectors import scope_key, snapshot

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

PERMISSION = "supervision.view"
CACHE_SECONDS = 1
POLL_MILLISECONDS = 2000
ECHARTS = "vendor/echarts/echarts.min.js"


def _snapshot_body(actor: Actor) -> tuple[bytes, str]:
    """The serialised snapshot of the actor's scope and its ETag, shared
    across requests (and actors of the same scope) for CACHE_SECONDS."""
    today = timesource.today()
    key = f"bigscreen:snapshot:{today.isoformat()}:{scope_key(actor)}"
    cached: tuple[bytes, str] | None = cache.get(key)
    if cached is None:
        data = snapshot(actor, today)
        body = json.dumps(
            data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
        ).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        cached = (body, etag)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "detail": {}}, status=status)


@require_GET
def snapshot_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if not actor.is_authenticated:
        return _error(401, "not_authenticated", "请先登录")
    if not has_perm(actor, PERMISSION):
        return _error(403, "permission_denied", "无权查看电子监察大屏（需要权限：电子监察）")
    body, etag = _snapshot_body(actor)
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_GET
def screen_view(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, PERMISSION):
        raise PermissionDenied
    body, etag = _snapshot_body(request.user)
    return render(
        request,
        "bigscreen/screen.html",
        {
            "initial": json.loads(body),
            "initial_etag": etag,
            "echarts_available": finders.find(ECHARTS) is not None,
            "echarts_path": ECHARTS,
            "poll_ms": POLL_MILLISECONDS,
        },
    )
