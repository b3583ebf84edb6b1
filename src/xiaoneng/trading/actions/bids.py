"""Bids (投标): submitted sealed before the deadline, modified (a new
submission supersedes the live one, 招标投标法 art. 29) or withdrawn.

The content is sealed under a key only the bidder is given (`envelope`);
the row keeps the ciphertext, the key's check value and the SM3 digest.
The 解密码 is returned to the caller once and never stored, logged or put
in an audit event. The round's row is locked, so two submissions of one
party at once cannot both be live (the partial unique constraint
`trading_one_live_bid` says so too)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core import inputs, timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.trading import envelope
from xiaoneng.trading.common import CLOSED_STATUSES, event, party_of
from xiaoneng.trading.models import Bid, BidStatus, Project, Round, RoundStatus

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

PERIOD_MAX = 3650
SUMMARY_LIMIT = 5000


def missing_round() -> NotFound:
    return NotFound("招标轮次不存在或无权查看", code="trading_round_not_found")


def missing_bid() -> NotFound:
    return NotFound("投标不存在或无权查看", code="trading_bid_not_found")


def locked_round(round_id: Any) -> tuple[Project, Round]:
    """The round and its project, both row locked (the project first, as
    every trading action locks it): two statements, the project found
    through its round. Not one join locking both: PostgreSQL would lock the
    round first (a deadlock with the centre's steps), and a round read in
    the statement that waited for the project could be the version from
    before that wait (an opening just started)."""
    pk = as_int(round_id) or 0
    project = Project.objects.select_for_update(of=("self",)).filter(rounds__pk=pk).first()
    if project is None:
        raise missing_round()
    row = Round.objects.select_for_update(of=("self",)).get(pk=pk)
    row.project = project
    return project, row


def locked_bid(bid_id: Any, **mine: Any) -> tuple[Project, Bid]:
    """The bid (filtered by `mine`, e.g. its bidder) with its round and
    project, all row locked, the project first: two statements, the
    project found through the bid."""
    pk = as_int(bid_id) or 0
    project = (
        Project.objects.select_for_update(of=("self",))
        .filter(rounds__bids__pk=pk, **{f"rounds__bids__{k}": v for k, v in mine.items()})
        .first()
    )
    if project is None:
        raise missing_bid()
    bid = Bid.objects.select_for_update(of=("self", "round")).select_related("round").get(pk=pk)
    bid.round.project = project
    return project, bid


def taking_bids(project: Project, row: Round) -> None:
    """Refuse unless the round takes bids at this moment."""
    if project.status in CLOSED_STATUSES:
        raise Conflict("项目已签订合同或已终止，不得再改动", code="trading_project_closed")
    if project.suspended_at is not None:
        raise Conflict(
            "项目已被行业监管部门暂停",
            code="trading_project_suspended",
            detail={"reason": project.suspended_reason},
        )
    if row.status != RoundStatus.OPEN or row.number != project.round_no:
        raise Conflict(
            "本轮不在接受投标阶段", code="trading_round_not_open", detail={"status": row.status}
        )
    if row.bid_deadline is None or timesource.now() >= row.bid_deadline:
        raise Conflict(
            "已过投标截止时间，不再接收投标",
            code="trading_bid_late",
            detail={"deadline": row.bid_deadline},
        )


def bid_content(price: Any, period_days: Any, summary: Any) -> dict[str, Any]:
    """The checked content that is sealed: the price in yuan (as text, exact),
    the period in days and the summary."""
    money = inputs.amount(price, code="trading_bid_price_invalid", label="投标报价")
    if money is None or money <= Decimal(0):
        raise InvalidInput("投标报价应大于零", code="trading_bid_price_invalid")
    days = as_int(period_days) if not isinstance(period_days, bool) else None
    if days is None or not 1 <= days <= PERIOD_MAX:
        raise InvalidInput(
            f"工期或交货期应为 1 至 {PERIOD_MAX} 日", code="trading_bid_period_invalid"
        )
    text = inputs.text(
        summary, code="trading_bid_summary_required", label="投标文件摘要", limit=SUMMARY_LIMIT
    )
    return {"price": str(money), "period_days": days, "summary": text}


@transaction.atomic
def submit_bid(
    actor: Actor | None, round_id: Any, *, price: Any, period_days: Any, summary: Any
) -> tuple[Bid, str]:
    """The party's sealed bid and its 解密码 (to be shown once). Before the
    deadline only; a second submission replaces the live one (SUPERSEDED).
    A party that withdrew its bid in this round may not bid again in it:
    the platform applies this as the tender documents' rule (the law allows
    withdrawal and modification before the deadline, 招标投标法 art. 29, but
    not re-entry after withdrawal; the documents may say otherwise, and
    then a new round is the way)."""
    user, party = party_of(actor)
    project, row = locked_round(round_id)
    taking_bids(project, row)
    content = bid_content(price, period_days, summary)
    # One read of the party's earlier bids in the round: withdrawn ones bar
    # it, the sealed (live) one is superseded.
    earlier = list(
        Bid.objects.filter(
            round=row, bidder=party, status__in=(BidStatus.WITHDRAWN, BidStatus.SEALED)
        ).values_list("pk", "status")
    )
    if any(status == BidStatus.WITHDRAWN for _pk, status in earlier):
        raise Conflict("本轮已撤回投标的，不得再次投标", code="trading_bid_withdrawn")
    replaced = [pk for pk, _status in earlier]
    if replaced:
        Bid.objects.filter(pk__in=replaced).update(status=BidStatus.SUPERSEDED)
    sealed = envelope.seal_bid(content)
    bid = Bid.objects.create(
        round=row,
        bidder=party,
        submitted_by=user,
        envelope=sealed.envelope,
        key_check=sealed.key_check,
        content_digest=sealed.content_digest,
    )
    event(
        user,
        project,
        "bid_submitted",
        bid=bid.pk,
        round=row.pk,
        party=party.pk,
        digest=sealed.content_digest,
        supersedes=replaced,
    )
    return bid, sealed.code


@transaction.atomic
def withdraw_bid(actor: Actor | None, bid_id: Any) -> Bid:
    """The party withdraws its sealed bid before the deadline (art. 29)."""
    user, party = party_of(actor)
    project, bid = locked_bid(bid_id, bidder=party)
    taking_bids(project, bid.round)
    if bid.status != BidStatus.SEALED:
        raise Conflict(
            "该投标已撤回、已被替代或已解密",
            code="trading_bid_not_sealed",
            detail={"status": bid.status},
        )
    bid.status = BidStatus.WITHDRAWN
    bid.withdrawn_at = timesource.now()
    bid.save(update_fields=["status", "withdrawn_at"])
    event(user, project, "bid_withdrawn", bid=bid.pk, round=bid.round_id, party=party.pk)
    return bid
