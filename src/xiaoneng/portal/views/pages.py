"""The public portal (门户): what citizens and enterprises see without signing in."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.catalog.selectors import published_items
from xiaoneng.core import timesource
from xiaoneng.org.models import DepartmentKind
from xiaoneng.org.selectors import public_departments, published_positions
from xiaoneng.portal.events import LIFE_EVENTS, event_codes
from xiaoneng.portal.search import pinyin_index
from xiaoneng.portal.views.ranking import HOME_ROWS, latest_ranking
from xiaoneng.web.paging import paginate

DUTIES_PER_PAGE = 10
QUERY_MAX_LENGTH = 50


def service_day(today: date) -> dict[str, Any]:
    """Whether the service centre's windows work today, and the next working day.
    On a rest day the windows do not receive; an online application is
    received that day and its working days count from the next working day
    (the day of receipt is not counted: `add_workdays`) — what the home page
    and the guides say."""
    from xiaoneng.calendar.selectors import current_calendar

    cal = current_calendar()
    upcoming = next(
        (d for d in (today + timedelta(days=i) for i in range(1, 40)) if cal.is_workday(d)),
        None,
    )
    return {
        "workday": cal.is_workday(today),
        "name": cal.day_name(today),
        "next_workday": upcoming,
        "provisional": cal.is_provisional(today),
    }


def home(request: HttpRequest) -> HttpResponse:
    departments = public_departments()
    today = timesource.today()
    index = pinyin_index()
    ranking = latest_ranking()
    return render(
        request,
        "portal/home.html",
        {
            "ranking": ranking,
            "ranking_top": ranking.rows[:HOME_ROWS] if ranking else [],
            "today": today,
            "service_day": service_day(today),
            "departments": departments.filter(kind=DepartmentKind.DEPARTMENT),
            "counties": departments.filter(kind=DepartmentKind.COUNTY),
            "windows": departments.filter(kind=DepartmentKind.WINDOW).select_related("parent"),
            "position_count": published_positions().count(),
            "item_count": published_items().count(),
            "events": [(e, len(event_codes(e, index))) for e in LIFE_EVENTS],
        },
    )


def duties(request: HttpRequest) -> HttpResponse:
    """岗位责任制公示: every department's published posts and duties, searchable
    by keyword and filterable by department."""
    q = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    dept_code = request.GET.get("dept", "").strip()[:32]
    # Institution codes are hierarchical: a department, then its offices and windows.
    positions = published_positions().order_by("department__code", "sort", "id")
    if dept_code:
        positions = positions.filter(
            Q(department__code=dept_code) | Q(department__parent__code=dept_code)
        )
    if q:
        positions = positions.filter(
            Q(name__icontains=q)
            | Q(duties__icontains=q)
            | Q(department__name__icontains=q)
            | Q(department__short_name__icontains=q)
        )
    pages = paginate(request, positions, DUTIES_PER_PAGE)
    with_positions = published_positions().values_list("department_id", flat=True)
    departments = (
        public_departments()
        .filter(Q(pk__in=with_positions) | Q(children__in=with_positions))
        .exclude(kind=DepartmentKind.WINDOW)
        .exclude(kind=DepartmentKind.OFFICE)
        .distinct()
    )
    return render(
        request,
        "portal/duties.html",
        {
            "today": timesource.today(),
            "positions": pages["page_obj"].object_list,
            "q": q,
            "dept": dept_code,
            "departments": departments,
            **pages,
        },
    )
