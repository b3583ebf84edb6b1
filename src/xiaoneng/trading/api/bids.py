"""/api/v1/trading/…: bids and the opening. The bidder's reads and writes
(open rounds, its own bids, submit — the 解密码 in that one response only —
withdraw, decrypt) and the centre's opening (start, close). The same
actions and selectors as the pages; errors are the house's coded ones."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.core import timesource
from xiaoneng.core.errors import PermissionDenied
from xiaoneng.org.authority import require
from xiaoneng.trading.actions import bids as bid_actions
from xiaoneng.trading.actions import opening as opening_actions
from xiaoneng.trading.common import BID
from xiaoneng.trading.models import Bid, Round
from xiaoneng.trading.selectors import bids as selectors
from xiaoneng.web.paging import api_window

router = Router()


class TradingOpenRoundOut(Schema):
    round_id: int
    number: int
    project_id: int
    project_code: str
    project_title: str
    kind: str
    tenderer: str
    bid_deadline: datetime | None
    remaining: str


class TradingBidOut(Schema):
    id: int
    round_id: int
    project_code: str
    bidder: str
    status: str
    status_label: str
    submitted_at: datetime
    content_digest: str
    withdrawn_at: datetime | None
    opened_at: datetime | None
    price: Decimal | None
    period_days: int | None


class TradingBidSubmittedOut(TradingBidOut):
    code: str  # the 解密码: shown in this response only, never stored


class TradingBidIn(Schema):
    price: str
    period_days: int
    summary: str


class TradingDecryptIn(Schema):
    code: str


class TradingBidRoundOut(Schema):
    id: int
    project_id: int
    number: int
    status: str
    status_label: str
    bid_deadline: datetime | None
    opening_started_at: datetime | None
    opened_at: datetime | None
    failed_reason: str


def round_out(row: Round) -> dict[str, Any]:
    return {
        "id": row.pk,
        "project_id": row.project_id,
        "number": row.number,
        "status": row.status,
        "status_label": row.get_status_display(),
        "bid_deadline": row.bid_deadline,
        "opening_started_at": row.opening_started_at,
        "opened_at": row.opened_at,
        "failed_reason": row.failed_reason,
    }


def bid_out(bid: Bid) -> dict[str, Any]:
    return {
        "id": bid.pk,
        "round_id": bid.round_id,
        "project_code": bid.round.project.code,
        "bidder": bid.bidder.name,
        "status": bid.status,
        "status_label": bid.get_status_display(),
        "submitted_at": bid.submitted_at,
        "content_digest": bid.content_digest,
        "withdrawn_at": bid.withdrawn_at,
        "opened_at": bid.opened_at,
        "price": bid.price,
        "period_days": bid.period_days,
    }


def _bidder(request: HttpRequest) -> None:
    require(request.user, BID)


@router.get("/rounds/open", response=list[TradingOpenRoundOut], summary="正在接受投标的招标轮次")
def open_rounds(request: HttpRequest, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    _bidder(request)
    now = timesource.now()
    return [
        {
            "round_id": r.pk,
            "number": r.number,
            "project_id": r.project_id,
            "project_code": r.project.code,
            "project_title": r.project.title,
            "kind": r.project.kind,
            "tenderer": r.project.tenderer.name,
            "bid_deadline": r.bid_deadline,
            "remaining": selectors.remaining_text(r.bid_deadline, now),
        }
        for r in api_window(selectors.open_rounds(), limit, offset)
    ]


@router.post(
    "/rounds/{int:round_id}/bids",
    response={201: TradingBidSubmittedOut},
    summary="递交投标文件（加密；解密码仅在本次响应中返回）",
)
def submit(request: HttpRequest, round_id: int, body: TradingBidIn) -> Status[dict[str, Any]]:
    bid, code = bid_actions.submit_bid(request.user, round_id, **body.model_dump())
    return Status(201, {**bid_out(bid), "code": code})


@router.get("/bids/mine", response=list[TradingBidOut], summary="本单位的投标")
def mine(request: HttpRequest, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    _bidder(request)
    party = selectors.party_for(request.user)
    if party is None:
        raise PermissionDenied("账号未关联交易主体", code="trading_party_required")
    rows = selectors.bids_of(party).select_related("bidder")
    return [bid_out(b) for b in api_window(rows, limit, offset)]


@router.delete("/bids/{int:bid_id}", response=TradingBidOut, summary="撤回投标（投标截止前）")
def withdraw(request: HttpRequest, bid_id: int) -> dict[str, Any]:
    return bid_out(bid_actions.withdraw_bid(request.user, bid_id))


@router.post("/bids/{int:bid_id}/decrypt", response=TradingBidOut, summary="开标时解密本单位的投标")
def decrypt(request: HttpRequest, bid_id: int, body: TradingDecryptIn) -> dict[str, Any]:
    return bid_out(opening_actions.decrypt_bid(request.user, bid_id, body.code))


@router.post(
    "/rounds/{int:round_id}/opening", response=TradingBidRoundOut, summary="开标（交易中心）"
)
def start(request: HttpRequest, round_id: int) -> dict[str, Any]:
    return round_out(opening_actions.start_opening(request.user, round_id))


@router.post(
    "/rounds/{int:round_id}/opening/close",
    response=TradingBidRoundOut,
    summary="结束开标，公布开标记录（交易中心）",
)
def close(request: HttpRequest, round_id: int) -> dict[str, Any]:
    return round_out(opening_actions.close_opening(request.user, round_id))


@router.post(
    "/bids/{int:bid_id}/decrypt-at-venue",
    response=TradingBidOut,
    summary="投标人现场提供解密码，交易中心代为解密（记入审计）",
)
def decrypt_at_venue(request: HttpRequest, bid_id: int, body: TradingDecryptIn) -> dict[str, Any]:
    return bid_out(opening_actions.decrypt_bid_at_venue(request.user, bid_id, body.code))
