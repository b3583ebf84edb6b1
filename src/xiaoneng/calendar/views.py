"""The year calendar (a month grid per month) and the schedule import form."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.authority import has_perm

from .actions import FIRST_YEAR, LAST_YEAR, import_schedule_file
from .forms import ScheduleImportForm
from .parsers import FILE_FORMATS
from .selectors import current_calendar, schedule_for_year

MONTH_DAYS_MAX = 31


def _require(request: HttpRequest, permission: str) -> None:
    if not has_perm(request.user, permission):
        raise PermissionDenied


def _year(value: str | None, default: int) -> int:
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if FIRST_YEAR <= year <= LAST_YEAR else default


def month_grid(calendar: WorkCalendar, year: int, month: int, today: date) -> list[list[Any]]:
    """Weeks (Monday first) of one month; cells are day dicts or None."""
    first = date(year, month, 1)
    cells: list[dict[str, Any] | None] = [None] * first.weekday()
    for offset in range(MONTH_DAYS_MAX):
        d = first + timedelta(days=offset)
        if d.month != month:
            break
        cells.append(
            {
                "date": d,
                "workday": calendar.is_workday(d),
                "name": calendar.day_name(d),
                "today": d == today,
            }
        )
    cells += [None] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


@login_required
def year_view(request: HttpRequest) -> HttpResponse:
    _require(request, "calendar.view")
    today = timesource.today()
    year = _year(request.GET.get("year"), today.year)
    calendar = current_calendar()
    special = sorted(
        (d, d in calendar.makeup_days, name)
        for days in (calendar.holidays, calendar.makeup_days)
        for d, name in days.items()
        if d.year == year
    )
    context = {
        "year": year,
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "months": [(m, month_grid(calendar, year, m, today)) for m in range(1, 13)],
        "special_days": special,
        "schedule": schedule_for_year(year),
        "provisional": calendar.is_provisional(date(year, 1, 1)),
        "can_import": has_perm(request.user, "calendar.manage"),
    }
    return render(request, "calendar/year.html", context)


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    _require(request, "calendar.manage")
    form = ScheduleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            result = import_schedule_file(
                actor=request.user,
                data=form.cleaned_data["file"],
                year=year,
                source=form.cleaned_data["source"],
                provisional=form.cleaned_data["provisional"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            for line in result.summary():
                messages.success(request, line)
            if result.ignored:
                messages.warning(request, result.ignored_summary())
            return redirect(f"{reverse('calendar:year')}?year={year}")
    return render(request, "calendar/import.html", {"form": form, "formats": FILE_FORMATS})
