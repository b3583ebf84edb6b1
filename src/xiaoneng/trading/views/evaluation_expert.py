"""The expert's desk (/trading/evaluation/) and the scoring form of a round
(/trading/evaluation/rounds/<id>/score/). An expert (or a tenderer's
representative) sees the committees they sit on and their own scores only:
another round's form is not there for them (404), and no page shows them
another member's scores."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.trading.actions import scoring
from xiaoneng.trading.common import EXPERT, TENDER
from xiaoneng.trading.models import RoundStatus
from xiaoneng.trading.selectors import evaluation as selectors
from xiaoneng.web.access import require_perm

SCORERS = (EXPERT, TENDER)


@login_required
def expert_desk(request: HttpRequest) -> HttpResponse:
    require_perm(request, *SCORERS)
    seats = selectors.seats_of(request.user)
    rows = [
        {
            "m": m,
            "r": m.committee.round,
            "p": m.committee.round.project,
            "done": m.scores.exists(),
            "open": m.committee.round.status == RoundStatus.OPENED,
        }
        for m in seats
    ]
    return render(request, "trading/evaluation/expert.html", {"rows": rows})


def _scores_input(post: QueryDict, bid_ids: list[int]) -> list[dict[str, Any]]:
    return [
        {
            "bid_id": pk,
            "qualified": post.get(f"qualified_{pk}") == "1",
            "total": post.get(f"total_{pk}", "") or None,
            "comment": post.get(f"comment_{pk}", ""),
        }
        for pk in bid_ids
    ]


@login_required
@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, round_id: int) -> HttpResponse:
    require_perm(request, *SCORERS)
    try:
        member = selectors.seat_for(request.user, round_id)
    except NotFound:
        raise Http404("交易项目不存在或无权查看") from None
    round_ = member.committee.round
    bids = selectors.opened_bids(round_)
    error, typed = None, {}
    if request.method == "POST":
        given = _scores_input(request.POST, [b.pk for b in bids])
        try:
            scoring.submit_scores(actor=request.user, round_id=round_.pk, scores=given)
        except DomainError as exc:
            error = {"code": exc.code, "message": exc.message}
            typed = {g["bid_id"]: g for g in given}
        else:
            return redirect("trading:score", round_id=round_.pk)
    mine = selectors.own_scores(member)
    rows = [{"b": b, "s": mine.get(b.pk), "typed": typed.get(b.pk, {})} for b in bids]
    context = {
        "m": member,
        "r": round_,
        "p": round_.project,
        "rows": rows,
        "submitted": bool(mine),
        "can_score": not mine and round_.status == RoundStatus.OPENED,
        "error": error,
    }
    return render(request, "trading/evaluation/score.html", context)


urlpatterns = [
    path("", expert_desk, name="expert"),
    path("rounds/<int:round_id>/score/", score, name="score"),
]
