"""The centre's opening page (`trading:opening`): the count of bids before
the deadline, the start of the opening, the bids with their status while
bidders decrypt (and the code a bidder gives at the venue), the close and
the opening record. The supervision bureau sees it and acts on nothing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures import tendering
from xiaoneng.org.authority import has_perm
from xiaoneng.trading.actions import opening as actions
from xiaoneng.trading.common import OPERATE, SUPERVISE, SUPERVISE_VIEW
from xiaoneng.trading.models import RoundStatus
from xiaoneng.trading.selectors import bids as selectors
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import flash_outcome, redirect_within


@login_required
def opening_page(request: HttpRequest, round_id: int) -> HttpResponse:
    require_perm(request, OPERATE, SUPERVISE, SUPERVISE_VIEW)
    row = selectors.round_for_watcher(request.user, round_id)
    if row is None:
        raise Http404
    now = timesource.now()
    until = actions.decrypt_until(row)
    before = row.status == RoundStatus.OPEN
    context = {
        "round": row,
        "project": row.project,
        "count": selectors.live_count(row) if before else None,
        "bids": [] if before else selectors.opening_bids(row),
        "min_bids": tendering.rules_for(row.project.kind).min_bids,
        "left": selectors.remaining_text(row.bid_deadline, now),
        "due": row.bid_deadline is not None and now >= row.bid_deadline,
        "until": until,
        "window_left": selectors.remaining_text(until, now),
        "recorded": row.status in selectors.RECORDED,
        "can_operate": has_perm(request.user, OPERATE),
    }
    return render(request, "trading/bids/opening.html", context)


STEPS = {
    "start": (actions.start_opening, "已开标"),
    "close": (actions.close_opening, "开标结束"),
}


@login_required
@require_POST
def opening_step(request: HttpRequest, round_id: int, name: str) -> HttpResponse:
    """开标、结束开标 (the centre)."""
    require_perm(request, OPERATE)
    entry = STEPS.get(name)
    if entry is None:
        raise Http404
    action, done = entry
    flash_outcome(request, lambda: action(request.user, round_id), done, missing_is_404=True)
    return redirect_within(request, "", "trading:opening", round_id=round_id)


@login_required
@require_POST
def decrypt_at_venue(request: HttpRequest, round_id: int, bid_id: int) -> HttpResponse:
    """The code a bidder gives at the venue, entered by the centre."""
    require_perm(request, OPERATE)
    flash_outcome(
        request,
        lambda: actions.decrypt_bid_at_venue(request.user, bid_id, request.POST.get("code", "")),
        "已代为解密（投标人现场提供解密码）",
        missing_is_404=True,
    )
    return redirect_within(request, "", "trading:opening", round_id=round_id)


urlpatterns: list[URLPattern] = [
    path("rounds/<int:round_id>/opening/", opening_page, name="opening"),
    path("rounds/<int:round_id>/opening/<str:name>/", opening_step, name="opening_step"),
    path(
        "rounds/<int:round_id>/opening/bids/<int:bid_id>/decrypt/",
        decrypt_at_venue,
        name="opening_decrypt",
    ),
]
