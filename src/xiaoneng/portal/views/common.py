"""What the portal's views share: the 429 page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xiaoneng.core.errors import RateLimited
from xiaoneng.web.ratelimit import WINDOW, allow


def rate_limited(request: HttpRequest) -> HttpResponse:
    error = RateLimited(
        "访问过于频繁，请稍后再试", detail={"retry_after": int(WINDOW.total_seconds())}
    )
    response = render(
        request,
        "portal/rate_limited.html",
        {"today": timezone.localdate(), "error": error, "retry_after": error.detail["retry_after"]},
        status=error.status,
    )
    response["Retry-After"] = str(error.detail["retry_after"])
    return response


def over_limit(request: HttpRequest, scope: str, param: str) -> HttpResponse | None:
    """The 429 page when the client is over the form's limit, else None."""
    return None if allow(request, scope, param) else rate_limited(request)
