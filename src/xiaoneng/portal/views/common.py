"""What the portal's views share: today, pagination links, the 429 page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xiaoneng.core.errors import RateLimited
from xiaoneng.web.ratelimit import WINDOW, allow

PER_PAGE = 10


def page_of(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> dict[str, Any]:
    page: Page[Any] = Paginator(items, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page": page,
        "querystring": params.urlencode(),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "total": page.paginator.count,
    }


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
