"""政府信息公开 (public, no sign-in): the catalogue of every unit by
category with policy documents and their interpretations together, the
computed feeds of seed art. 7, and the published annual reports."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from xiaoneng.core import timesource
from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import as_int
from xiaoneng.web.public import public_page

from . import feeds
from .actions.reports import last_finished_year
from .models import Category, ItemStatus
from .selectors import (
    catalogue,
    public_items,
    published_interpretations,
    published_report,
    published_reports,
)
from .selectors import (
    public_item as public_item_for,
)

PUBLIC_LIMIT = 300
FEED_ROWS = 20


def report_years() -> list[int]:
    """The finished years a report can be made for (the last six)."""
    last = last_finished_year()
    return list(range(last, last - 6, -1))


def public(request: HttpRequest) -> HttpResponse:
    today = timesource.today()
    category = request.GET.get("category", "")
    department = request.GET.get("dept", "").strip()[:32]
    rows = list(public_items(department=department, category=category)[:PUBLIC_LIMIT])
    return public_page(
        request,
        "openinfo/public.html",
        {
            "catalogue": catalogue(rows),
            "categories": Category.choices,
            "category": category,
            "approval_items": feeds.approval_items(FEED_ROWS),
            "decisions": feeds.decisions(FEED_ROWS),
            "cases": feeds.decided_cases(FEED_ROWS),
            "fees": feeds.fees(today),
            "inspections": feeds.inspections(today.year),
            "reports": list(published_reports().values_list("year", flat=True)),
        },
    )


def public_item(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        row = public_item_for(pk)
    except NotFound:
        raise Http404("主动公开信息不存在") from None
    return public_page(
        request,
        "openinfo/public_item.html",
        {
            "row": row,
            "interpretations": published_interpretations(row),
            "interprets": row.interprets
            if row.interprets and row.interprets.status == ItemStatus.PUBLISHED
            else None,
        },
    )


def public_report(request: HttpRequest) -> HttpResponse:
    years = list(published_reports())
    wanted = request.GET.get("year", "")
    year = as_int(wanted) if wanted else None
    try:
        chosen = published_report(year) if wanted else None
    except NotFound:
        raise Http404("年度报告不存在或尚未公开") from None
    if chosen is None and years:
        chosen = years[0]
    return public_page(request, "openinfo/public_report.html", {"years": years, "chosen": chosen})
