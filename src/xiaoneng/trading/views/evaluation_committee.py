"""A round's evaluation committee (/trading/evaluation/rounds/<id>/committee/).

The centre runs it: forms the committee, draws experts (the exclusions and
the seed shown, each draw replayed), records a decline, the attendance in
the evaluation room, and closes the evaluation (or ranks a price auction).
The supervision bureau and the kind's regulator read it all; the tenderer's
staff name their representatives there and see how many experts sit,
never who (实施条例 art. 46 ¶4)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_POST

from xiaoneng.core import timesource
from xiaoneng.core.errors import NotFound
from xiaoneng.org.models import User
from xiaoneng.trading import draw as drawing
from xiaoneng.trading.actions import committee as actions
from xiaoneng.trading.actions import scoring
from xiaoneng.trading.common import OPERATE, TENDER
from xiaoneng.trading.models import Criteria, MemberKind, RoundStatus
from xiaoneng.trading.selectors import evaluation as selectors
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action


def _view(request: HttpRequest, round_id: int) -> selectors.CommitteeView:
    require_perm(request, *selectors.COMMITTEE_READERS)
    try:
        return selectors.committee_round_for(request.user, round_id)
    except NotFound:
        raise Http404("交易项目不存在或无权查看") from None


@login_required
def committee(request: HttpRequest, round_id: int) -> HttpResponse:
    view = _view(request, round_id)
    round_ = view.round
    row = selectors.committee_of(round_)
    members = selectors.members_of(row) if row else []
    scored = selectors.scored_member_ids(row) if row else set()
    seated = [m for m in members if m.declined_at is None]
    experts_seated = [m for m in seated if m.kind == MemberKind.EXPERT]
    representatives = [m for m in seated if m.kind == MemberKind.REPRESENTATIVE]
    staff: list[User] = []
    if view.tenderer and row is not None:
        tenderer = view.project.tenderer
        staff = list(
            User.objects.filter(is_active=True, department_id=tenderer.pk).order_by("pk")[:200]
        )
    context = {
        "v": view,
        "p": view.project,
        "r": round_,
        "committee": row,
        "members": members if view.names_experts else representatives,
        "seated_count": len(seated),
        "experts_seated": len(experts_seated),
        "representatives": representatives,
        "rep_seats": row.size - row.expert_seats if row else 0,
        "scored": scored,
        "draws": selectors.draws_of(row) if row and view.names_experts else [],
        "bookings": selectors.evaluation_bookings(round_) if view.names_experts else [],
        "attendance": selectors.attendance_of(round_) if view.names_experts else [],
        "bids": selectors.opened_bids(round_),
        "ranking": selectors.ranking_of(round_),
        "opened": round_.status == RoundStatus.OPENED,
        "price_auction": view.project.criteria == Criteria.HIGHEST_PRICE,
        "staff": staff,
        "reasons": drawing.REASONS,
        "now": timesource.now(),
    }
    return render(request, "trading/evaluation/committee.html", context)


STEPS: dict[str, tuple[Any, str, Any, str]] = {
    "form": (
        actions.form_committee,
        "评标委员会已组建",
        lambda p: {"size": p.get("size"), "expert_seats": p.get("expert_seats")},
        OPERATE,
    ),
    "draw": (
        actions.draw_experts,
        "已随机抽取评标专家",
        lambda p: {},
        OPERATE,
    ),
    "representatives": (
        actions.name_representatives,
        "已确定招标人代表",
        lambda p: {"user_ids": p.getlist("user_ids")},
        TENDER,
    ),
    "finish": (scoring.finish_evaluation, "评标已结束", lambda p: {}, OPERATE),
    "rank": (scoring.rank_by_price, "已按报价确定竞得候选人", lambda p: {}, OPERATE),
}


@login_required
@require_POST
def committee_step(request: HttpRequest, round_id: int, name: str) -> HttpResponse:
    entry = STEPS.get(name)
    if entry is None:
        raise Http404
    action, done, read, permission = entry
    require_perm(request, permission)
    return post_action(
        request,
        lambda: action(actor=request.user, round_id=round_id, **read(request.POST)),
        done,
        to="trading:committee",
        missing_is_404=True,
        round_id=round_id,
    )


@login_required
@require_POST
def member_decline(request: HttpRequest, round_id: int, member_id: int) -> HttpResponse:
    require_perm(request, OPERATE)
    return post_action(
        request,
        lambda: actions.decline_member(
            actor=request.user, member_id=member_id, reason=request.POST.get("reason", "")
        ),
        "已记录回避，请重新抽取补足",
        to="trading:committee",
        missing_is_404=True,
        round_id=round_id,
    )


@login_required
@require_POST
def attendance(request: HttpRequest, round_id: int) -> HttpResponse:
    require_perm(request, OPERATE)
    post = request.POST
    return post_action(
        request,
        lambda: actions.record_attendance(
            actor=request.user,
            booking_id=post.get("booking_id"),
            member_id=post.get("member_id") or None,
            name=post.get("name", ""),
            role=post.get("role", ""),
            arrived_at=post.get("arrived_at", ""),
        ),
        "已登记到场",
        to="trading:committee",
        round_id=round_id,
    )


@login_required
@require_POST
def departure(request: HttpRequest, round_id: int, attendance_id: int) -> HttpResponse:
    require_perm(request, OPERATE)
    return post_action(
        request,
        lambda: actions.record_departure(
            actor=request.user,
            attendance_id=attendance_id,
            left_at=request.POST.get("left_at", ""),
        ),
        "已登记离场",
        to="trading:committee",
        missing_is_404=True,
        round_id=round_id,
    )


urlpatterns = [
    path("rounds/<int:round_id>/committee/", committee, name="committee"),
    path(
        "rounds/<int:round_id>/committee/members/<int:member_id>/decline/",
        member_decline,
        name="committee_decline",
    ),
    path("rounds/<int:round_id>/committee/attendance/", attendance, name="committee_attendance"),
    path(
        "rounds/<int:round_id>/committee/attendance/<int:attendance_id>/left/",
        departure,
        name="committee_departure",
    ),
    path("rounds/<int:round_id>/committee/<str:name>/", committee_step, name="committee_step"),
]
