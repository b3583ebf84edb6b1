"""What the portal's views share: the 429 page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.core import timesource
from xiaoneng.web import ratelimit


def over_limit(request: HttpRequest, scope: str, param: str) -> HttpResponse | None:
    """The portal's 429 page when the client is over the form's limit, else None."""
    return ratelimit.over_limit(
        request,
        scope,
        param,
        message="访问过于频繁，请稍后再试",
        page=lambda error: render(
            request,
            "portal/rate_limited.html",
            {
                "today": timesource.today(),
                "error": error,
                "retry_after": error.detail["retry_after"],
            },
            status=error.status,
        ),
    )
