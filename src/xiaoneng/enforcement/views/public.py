"""执法公示 (国办发〔2018〕118号), public pages under /enforcement/public/, no
sign-in: the bodies with links, their enforcement lists with benchmarks,
the officers holding a valid certificate, and the published penalty
decisions (paged, searched by decision number or an organisation's name;
a natural person masked — see `selectors/public.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path

from xiaoneng.core.text import as_int
from xiaoneng.enforcement.selectors.public import (
    QUERY_MAX,
    item_row,
    officer_row,
    public_bodies,
    public_decision,
    public_items,
    public_officers,
    published_decisions,
)
from xiaoneng.web.paging import paginate
from xiaoneng.web.public import public_page

ITEMS_PER_PAGE = 20
OFFICERS_PER_PAGE = 30
DECISIONS_PER_PAGE = 15


def _body(request: HttpRequest) -> int | None:
    return as_int(request.GET.get("body"))


def public_home(request: HttpRequest) -> HttpResponse:
    """执法公示: each body with what it published, and the links."""
    return public_page(request, "enforcement/public/home.html", {"bodies": public_bodies()})


def _context(
    request: HttpRequest, rows_of: Callable[[Any], dict[str, Any]], qs: Any, per_page: int
) -> dict[str, Any]:
    """A page of rows (each made public by `rows_of`), the bodies for the filter."""
    pages = paginate(request, qs, per_page=per_page)
    rows = [rows_of(r) for r in pages["page_obj"]]
    return {**pages, "rows": rows, "bodies": public_bodies(), "body": _body(request)}


def public_items_page(request: HttpRequest) -> HttpResponse:
    """执法事项清单和裁量基准, per body."""
    context = _context(request, item_row, public_items(_body(request)), ITEMS_PER_PAGE)
    return public_page(request, "enforcement/public/items.html", context)


def public_officers_page(request: HttpRequest) -> HttpResponse:
    """持证执法人员: name, certificate number, body, field and validity."""
    context = _context(request, officer_row, public_officers(_body(request)), OFFICERS_PER_PAGE)
    return public_page(request, "enforcement/public/officers.html", context)


def public_decisions_page(request: HttpRequest) -> HttpResponse:
    """行政处罚决定公示."""
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    qs = published_decisions(query, _body(request))
    context = _context(request, public_decision, qs, DECISIONS_PER_PAGE)
    return public_page(request, "enforcement/public/decisions.html", {**context, "q": query})


urlpatterns = [
    path("", public_home, name="public_home"),
    path("items/", public_items_page, name="public_items"),
    path("officers/", public_officers_page, name="public_officers"),
    path("decisions/", public_decisions_page, name="public_decisions"),
]
