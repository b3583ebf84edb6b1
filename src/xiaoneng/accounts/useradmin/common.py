"""What the user administration pages share: who may open them, a page of
a list, the phone number as a list shows it, and answers that are not
cached (a temporary password must not stay in a cache)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse

from xiaoneng.org.authority import has_perm

PER_PAGE = 10
PAGE_SIZES = (10, 20, 50)


def require_manage(request: HttpRequest) -> None:
    """403 (the staff 403 page) unless the user administers the organisation."""
    if not has_perm(request.user, "org.manage"):
        raise PermissionDenied


def page_of(request: HttpRequest, items: Any) -> dict[str, Any]:
    """The page asked for, in the shape `kit/pagination.html` reads."""
    try:
        size = int(request.GET.get("size") or PER_PAGE)
    except ValueError:
        size = PER_PAGE
    size = size if size in PAGE_SIZES else PER_PAGE
    page = Paginator(items, size).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page_obj": page,
        "page_query": params.urlencode(),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "total": page.paginator.count,
        "page_size": size,
        "page_sizes": PAGE_SIZES,
    }


def masked_phone(value: str) -> str:
    """138****5678: a list shows no whole phone number (the edit page does)."""
    value = (value or "").strip()
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def not_stored(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
