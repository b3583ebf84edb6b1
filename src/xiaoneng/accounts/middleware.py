"""Keeps the online-users list fresh without a write on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import OnlineSession

TOUCH_EVERY_SECONDS = 60


class OnlineSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.session.session_key:
            now = time.time()
            if now - request.session.get("_xn_seen", 0) > TOUCH_EVERY_SECONDS:
                request.session["_xn_seen"] = now
                OnlineSession.objects.filter(session_key=request.session.session_key).update(
                    last_seen_at=timezone.now()
                )
        return self.get_response(request)
