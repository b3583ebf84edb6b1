"""The evaluation under /api/v1/trading: the pool (the centre), a round's
committee, draws and their replay, declines, scores and the ranking. The
same actions and selectors as the pages: a draw is shown to those who may
see who was drawn (the centre, supervision, the kind's regulator)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.org.authority import require_any
from xiaoneng.trading import draw as drawing
from xiaoneng.trading.actions import committee as committee_actions
from xiaoneng.trading.actions import experts as expert_actions
from xiaoneng.trading.actions import scoring
from xiaoneng.trading.models import Committee, Draw, Expert, Member, Round
from xiaoneng.trading.selectors import evaluation as selectors
from xiaoneng.web.paging import api_window

router = Router()


class TradingTieOut(Schema):
    id: int
    party: str
    party_id: int
    relation: str
    relation_label: str
    started_on: date
    ended_on: date | None
    note: str


class TradingExpertOut(Schema):
    """An expert of the pool; identity number and phone masked."""

    id: int
    name: str
    id_no: str
    phone: str
    employer: str
    employer_party_id: int | None
    employer_department_id: int | None
    specialities: list[str]
    title: str
    active: bool
    ties: list[TradingTieOut]


class TradingExpertIn(Schema):
    name: str
    id_no: str
    phone: str = ""
    employer: str
    specialities: list[str]
    title: str = ""
    employer_party_id: int | None = None
    employer_department_id: int | None = None


class TradingTieIn(Schema):
    party_id: int
    relation: str
    started_on: date
    ended_on: date | None = None
    note: str = ""


class TradingCommitteeIn(Schema):
    size: int
    expert_seats: int


class TradingCommitteeOut(Schema):
    id: int
    round_id: int
    size: int
    expert_seats: int


class TradingDrawOut(Schema):
    id: int
    committee_id: int
    seed: str
    needed: int
    pool: list[int]
    excluded: list[dict[str, Any]]
    picked: list[int]


class TradingReplayOut(Schema):
    draw_id: int
    seed: str
    matches: bool
    recorded: list[int]
    recomputed: list[int]


class TradingDeclineIn(Schema):
    reason: str


class TradingMemberOut(Schema):
    id: int
    kind: str
    declined: bool
    declined_reason: str


class TradingScoreIn(Schema):
    bid_id: int
    qualified: bool
    total: Decimal | None = None
    comment: str = ""


class TradingScoresIn(Schema):
    scores: list[TradingScoreIn]


class TradingScoresOut(Schema):
    round_id: int
    count: int


class TradingCandidateOut(Schema):
    rank: int
    bid_id: int
    bidder: str
    price: Decimal | None
    score: Decimal | None


class TradingEvaluationOut(Schema):
    round_id: int
    status: str
    candidates: list[TradingCandidateOut]


def _draw_out(row: Draw) -> dict[str, Any]:
    return {
        "id": row.pk,
        "committee_id": row.committee_id,
        "seed": row.seed,
        "needed": row.needed,
        "pool": [int(x) for x in row.pool],
        "excluded": [
            {**e, "label": drawing.REASONS.get(e["reason"], e["reason"])} for e in row.excluded
        ],
        "picked": [int(x) for x in row.picked],
    }


def _result(row: Round) -> dict[str, Any]:
    return {
        "round_id": row.pk,
        "status": row.status,
        "candidates": [
            {
                "rank": c.rank,
                "bid_id": c.bid_id,
                "bidder": c.bid.bidder.name,
                "price": c.bid.price,
                "score": c.score,
            }
            for c in selectors.ranking_of(row)
        ],
    }


def _member_out(row: Member) -> dict[str, Any]:
    return {
        "id": row.pk,
        "kind": row.kind,
        "declined": row.declined_at is not None,
        "declined_reason": row.declined_reason,
    }


@router.get("/experts", response=list[TradingExpertOut], summary="评标专家库（交易中心、监察）")
def list_experts(
    request: HttpRequest, q: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    require_any(request.user, selectors.POOL_READERS)
    qs = selectors.experts_for(request.user).order_by("pk")
    if q.strip():
        qs = qs.filter(name__icontains=q.strip()[:50])
    return [selectors.expert_row(e) for e in api_window(qs, limit, offset)]


@router.post("/experts", response={201: TradingExpertOut}, summary="专家入库（交易中心）")
def register_expert(request: HttpRequest, body: TradingExpertIn) -> Status[dict[str, Any]]:
    row = expert_actions.register_expert(actor=request.user, **body.model_dump())
    return Status(201, selectors.expert_row(Expert.objects.get(pk=row.pk)))


@router.post("/experts/{expert_id}/ties", response={201: TradingExpertOut}, summary="申报回避关系")
def declare_tie(request: HttpRequest, expert_id: int, body: TradingTieIn) -> Status[dict[str, Any]]:
    row = expert_actions.declare_tie(actor=request.user, expert_id=expert_id, **body.model_dump())
    return Status(201, selectors.expert_row(Expert.objects.get(pk=row.expert_id)))


@router.post(
    "/rounds/{round_id}/committee",
    response={201: TradingCommitteeOut},
    summary="组建评标委员会（交易中心）",
)
def form_committee(
    request: HttpRequest, round_id: int, body: TradingCommitteeIn
) -> Status[dict[str, Any]]:
    row: Committee = committee_actions.form_committee(
        actor=request.user, round_id=round_id, **body.model_dump()
    )
    return Status(
        201,
        {
            "id": row.pk,
            "round_id": row.round_id,
            "size": row.size,
            "expert_seats": row.expert_seats,
        },
    )


@router.post("/rounds/{round_id}/draws", response={201: TradingDrawOut}, summary="随机抽取评标专家")
def draw_experts(request: HttpRequest, round_id: int) -> Status[dict[str, Any]]:
    row = committee_actions.draw_experts(actor=request.user, round_id=round_id)
    return Status(201, _draw_out(row))


@router.get("/draws/{draw_id}/replay", response=TradingReplayOut, summary="专家抽取复核（重放）")
def replay_draw(request: HttpRequest, draw_id: int) -> dict[str, Any]:
    row = selectors.draw_for(request.user, draw_id)
    result = drawing.replay(row)
    return {
        "draw_id": row.pk,
        "seed": row.seed,
        "matches": result.matches,
        "recorded": result.recorded,
        "recomputed": result.recomputed,
    }


@router.post(
    "/members/{member_id}/decline", response=TradingMemberOut, summary="评标专家回避或未到场"
)
def decline_member(request: HttpRequest, member_id: int, body: TradingDeclineIn) -> dict[str, Any]:
    row = committee_actions.decline_member(
        actor=request.user, member_id=member_id, reason=body.reason
    )
    return _member_out(row)


@router.post(
    "/rounds/{round_id}/scores", response={201: TradingScoresOut}, summary="提交评分（本人）"
)
def submit_scores(
    request: HttpRequest, round_id: int, body: TradingScoresIn
) -> Status[dict[str, Any]]:
    rows = scoring.submit_scores(
        actor=request.user,
        round_id=round_id,
        scores=[s.model_dump() for s in body.scores],
    )
    return Status(201, {"round_id": round_id, "count": len(rows)})


@router.post(
    "/rounds/{round_id}/evaluation/finish", response=TradingEvaluationOut, summary="结束评标"
)
def finish_evaluation(request: HttpRequest, round_id: int) -> dict[str, Any]:
    return _result(scoring.finish_evaluation(actor=request.user, round_id=round_id))


@router.post(
    "/rounds/{round_id}/rank-by-price",
    response=TradingEvaluationOut,
    summary="价高者得：按报价确定竞得候选人",
)
def rank_by_price(request: HttpRequest, round_id: int) -> dict[str, Any]:
    return _result(scoring.rank_by_price(actor=request.user, round_id=round_id))
