"""The bidder's desk and bid form under /trading/bids/, the receipt shown
once, and the project page's bids section. The centre's opening page is in
`bids_opening`.

The 解密码 reaches the bidder once: the form's POST puts it in the session
under the new bid's id and redirects to the receipt, which takes it out
(a reload shows the receipt without it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.trading.actions import bids as bid_actions
from xiaoneng.trading.actions import opening as opening_actions
from xiaoneng.trading.common import BID
from xiaoneng.trading.models import Project
from xiaoneng.trading.selectors import bids as selectors
from xiaoneng.trading.views import bids_opening
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import current_form_token, form_token_valid, once, spend_form_token
from xiaoneng.web.outcome import post_action

TOKENS = "trading_bid_tokens"
CODE_KEY = "trading_bid_code_{}"


@login_required
def bidder_desk(request: HttpRequest) -> HttpResponse:
    """投标人工作台: rounds open for bids with their deadlines counting down,
    the party's bids with their status and receipt digest, decrypt forms
    while an opening runs."""
    require_perm(request, BID)
    party = selectors.party_for(request.user)
    now = timesource.now()
    tenders = [
        {"round": r, "left": selectors.remaining_text(r.bid_deadline, now)}
        for r in selectors.open_rounds()[:100]
    ]
    mine = selectors.desk_rows(party)
    live = {r.bid.round_id for r in mine if r.bid.status in selectors.LIVE}
    context = {"party": party, "tenders": tenders, "mine": mine, "live_rounds": live}
    return render(request, "trading/bids/desk.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def bid_form(request: HttpRequest, round_id: int) -> HttpResponse:
    """The bid form of a round (a second submission replaces the live bid)."""
    require_perm(request, BID)
    row = selectors.biddable_round(round_id)
    if row is None:
        raise Http404
    party = selectors.party_for(request.user)
    error: DomainError | None = None
    form = {"price": "", "period_days": "", "summary": ""}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in form}
        if not form_token_valid(request, TOKENS):
            messages.warning(request, "该投标表单已提交，请勿重复提交；请在投标人工作台查看。")
            return redirect("trading:bidder")
        try:
            bid, code = bid_actions.submit_bid(request.user, row.pk, **form)
        except DomainError as exc:
            error = exc
        else:
            spend_form_token(request, TOKENS)
            request.session[CODE_KEY.format(bid.pk)] = code
            return redirect("trading:bid_receipt", pk=bid.pk)
    now = timesource.now()
    context = {
        "round": row,
        "project": row.project,
        "party": party,
        "live": selectors.live_bid(party, row),
        "open": row.bid_deadline is not None and now < row.bid_deadline,
        "left": selectors.remaining_text(row.bid_deadline, now),
        "form": form,
        "error": error,
        "form_token": current_form_token(request, TOKENS),
    }
    return render(request, "trading/bids/form.html", context, status=error.status if error else 200)


@login_required
def bid_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """回执: the digest and time; the 解密码 only the first time it is shown."""
    require_perm(request, BID)
    party = selectors.party_for(request.user)
    bid = selectors.bids_of(party).filter(pk=pk).first()
    if bid is None:
        raise Http404
    code = request.session.pop(CODE_KEY.format(bid.pk), None)
    context = {"bid": bid, "project": bid.round.project, "code": code, "party": party}
    return once(render(request, "trading/bids/receipt.html", context))


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, BID)
    return post_action(
        request,
        lambda: bid_actions.withdraw_bid(request.user, pk),
        "投标已撤回；本轮不能再次投标",
        to="trading:bidder",
        missing_is_404=True,
    )


@login_required
@require_POST
def decrypt(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, BID)
    return post_action(
        request,
        lambda: opening_actions.decrypt_bid(request.user, pk, request.POST.get("code", "")),
        "投标文件已解密",
        to="trading:bidder",
        missing_is_404=True,
    )


def project_section(request: HttpRequest, project: Project) -> dict[str, Any]:
    """What the project page's bids section shows to this user (its template:
    trading/project/_bids.html); empty when the user may see none of it.
    The caller has checked the user may read the project. Before a round's
    opening only the centre and supervision see its count of bids, nobody
    who bid (招标投标法 art. 22)."""
    rounds = selectors.section_rounds(request.user, project)
    shown = [v for v in rounds if v.count is not None or v.bidders]
    if not shown:
        return {}
    return {
        "bids_section": {
            "rounds": shown,
            "watcher": selectors.watches_openings(request.user),
        }
    }


urlpatterns: list[URLPattern] = [
    path("", bidder_desk, name="bidder"),
    path("rounds/<int:round_id>/", bid_form, name="bid"),
    path("<int:pk>/receipt/", bid_receipt, name="bid_receipt"),
    path("<int:pk>/withdraw/", withdraw, name="bid_withdraw"),
    path("<int:pk>/decrypt/", decrypt, name="bid_decrypt"),
    *bids_opening.urlpatterns,
]
