"""Keeps the online-users list fresh without a write on every request, and
holds a user whose password is past its age on the password page."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .models import OnlineSession
from .views import PASSWORD_EXPIRED, password_page

TOUCH_EVERY_SECONDS = 60


class OnlineSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.session.session_key:
            if request.session.get(PASSWORD_EXPIRED):
                held = _hold_for_password_change(request)
                if held is not None:
                    return held
            now = time.time()
            if now - request.session.get("_xn_seen", 0) > TOUCH_EVERY_SECONDS:
                request.session["_xn_seen"] = now
                OnlineSession.objects.filter(session_key=request.session.session_key).update(
                    last_seen_at=timezone.now()
                )
        return self.get_response(request)


def _hold_for_password_change(request: HttpRequest) -> HttpResponse | None:
    """Only the password page, logout and static files until the password is
    changed; the session API answers 403 `password_expired`."""
    allowed = (reverse("accounts:password"), reverse("accounts:logout"), "/static/")
    if request.path.startswith(allowed):
        return None
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "code": "password_expired",
                "message": "密码已超过使用期限，请先修改密码",
                "detail": None,
            },
            status=403,
        )
    return redirect(password_page(request.get_full_path() if request.method == "GET" else ""))
