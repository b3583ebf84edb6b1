"""One paginator for every list page, staff desks and public pages alike.

`paginate` gives a template what either partial needs: the page
(`page_obj`), the other query parameters for its links (`page_query`), the
page numbers with ellipses (`page_range`) and the number of rows (`total`).
Desks include `kit/pagination.html`, public pages `kit/pagination_public.html`.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 10
PAGE_SIZES = (10, 20, 50, 100)  # what `?per_page=` may ask for
API_MAX = 100  # rows an API list gives at most per call


def page_size(request: HttpRequest, default: int = PER_PAGE) -> int:
    """The rows per page asked for in `?per_page=` (one of PAGE_SIZES), else `default`."""
    asked = request.GET.get("per_page", "")
    return int(asked) if asked.isdigit() and int(asked) in PAGE_SIZES else default


def paginate(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> dict[str, Any]:
    """The page asked for in `?page=` (the last one when past the end, the
    first when not a number), with `?per_page=` rows (10/20/50/100; else
    `per_page`), and what its links, counter and size choice need."""
    size = page_size(request, per_page)
    page: Page[Any] = Paginator(items, size).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    sizes = params.copy()
    sizes.pop("per_page", None)
    return {
        "page_obj": page,
        "page_query": params.urlencode(),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "total": page.paginator.count,
        "page_sizes": PAGE_SIZES,
        "size_query": sizes.urlencode(),
    }


def api_window(items: Any, limit: int, offset: int) -> Any:
    """The rows of an API list call: `limit` (kept within 1..API_MAX) from
    `offset` (never negative), sliced from the query set or list."""
    start = max(offset, 0)
    return items[start : start + max(1, min(limit, API_MAX))]
