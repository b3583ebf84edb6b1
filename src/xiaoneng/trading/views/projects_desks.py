"""The centre's desk (`trading:centre`: registrations to accept, openings of
the coming days with their rooms, the venues' schedule), the venues' page
with the booking form (`trading:venues`) and the regulator's desk
(`trading:regulator`: its kinds' projects, the suspended ones)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from xiaoneng.core import timesource
from xiaoneng.trading.actions import venues as booking
from xiaoneng.trading.common import OPERATE, REGULATE
from xiaoneng.trading.models import VenueKind
from xiaoneng.trading.selectors import projects as read
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action

from .projects_tabs import project_tabs


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else timesource.today()
    except ValueError:
        return timesource.today()


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    """交易中心: 进场受理, 今日/近期开标, 场地预约."""
    require_perm(request, OPERATE)
    today = timesource.today()
    context = {
        "to_accept": read.to_accept(request.user)[:50],
        "openings": read.openings(request.user),
        "schedule": read.schedule(today, 3),
        "today": today,
        **project_tabs(request),
    }
    return render(request, "trading/centre/desk.html", context)


@login_required
def venues(request: HttpRequest) -> HttpResponse:
    """场地预约: each room's bookings for a week from `?day=`, and the form."""
    require_perm(request, OPERATE)
    day = _day(request.GET.get("day"))
    context = {
        "day": day,
        "previous": day - timedelta(days=7),
        "following": day + timedelta(days=7),
        "schedule": read.schedule(day),
        "rounds": read.bookable_rounds(request.user)[:200],
        "purposes": VenueKind.choices,
        **project_tabs(request),
    }
    return render(request, "trading/centre/venues.html", context)


@login_required
@require_POST
def book(request: HttpRequest) -> HttpResponse:
    require_perm(request, OPERATE)
    post = request.POST
    return post_action(
        request,
        lambda: booking.book_venue(
            request.user,
            round_id=post.get("round_id", ""),
            venue_id=post.get("venue_id", ""),
            purpose=post.get("purpose", ""),
            starts_at=post.get("starts_at", ""),
            ends_at=post.get("ends_at", ""),
        ),
        "已预约场地",
        to="trading:venues",
        follow_next=True,
    )


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, OPERATE)
    return post_action(
        request,
        lambda: booking.cancel_booking(request.user, pk),
        "已取消场地预约",
        to="trading:venues",
        follow_next=True,
    )


@login_required
def regulator(request: HttpRequest) -> HttpResponse:
    """行业监管: the projects of the kinds this department regulates."""
    require_perm(request, REGULATE)
    context = {**read.regulator_desk(request.user), **project_tabs(request)}
    return render(request, "trading/regulator/desk.html", context)
