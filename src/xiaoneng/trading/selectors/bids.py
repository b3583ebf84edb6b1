"""What each face may see of bids.

Secrecy before the opening (招标投标法 art. 22): until a round's opening has
started, nobody but the bidder itself learns who bid; the centre and the
supervision bureau see only how many live bids a round holds, the
tenderer, its agency and the regulator not even that. From the opening on,
the bidders and their status are known (the opening is public); the prices
once the opening record is published."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from xiaoneng.core import timesource
from xiaoneng.core.text import as_int
from xiaoneng.org.authority import has_perm
from xiaoneng.trading.actions.opening import decrypt_until
from xiaoneng.trading.common import OPERATE, SUPERVISE, SUPERVISE_VIEW
from xiaoneng.trading.models import (
    Bid,
    BidStatus,
    Party,
    Project,
    Round,
    RoundStatus,
    Status,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

LIVE = (BidStatus.SEALED, BidStatus.OPENED)
# Rounds whose opening record is published (the prices are public).
RECORDED = (RoundStatus.OPENED, RoundStatus.EVALUATED)


def watches_openings(actor: Actor | None) -> bool:
    """The centre runs openings; the supervision bureau watches them."""
    return any(has_perm(actor, p) for p in (OPERATE, SUPERVISE, SUPERVISE_VIEW))


def remaining_text(until: datetime | None, now: datetime | None = None) -> str:
    """ "剩余 3 天 4 小时" until a moment, or "已截止"."""
    if until is None:
        return ""
    left = until - (now or timesource.now())
    seconds = int(left.total_seconds())
    if seconds <= 0:
        return "已截止"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"剩余 {days} 天 {hours} 小时"
    if hours:
        return f"剩余 {hours} 小时 {minutes} 分"
    return f"剩余 {max(minutes, 1)} 分钟"


def open_rounds() -> QuerySet[Round]:
    """Rounds taking bids now: announced, before the deadline, the project
    tendering and not suspended (what any bidder may bid on)."""
    return (
        Round.objects.filter(
            status=RoundStatus.OPEN,
            bid_deadline__gt=timesource.now(),
            project__status=Status.TENDERING,
            project__suspended_at__isnull=True,
        )
        .select_related("project", "project__tenderer")
        .order_by("bid_deadline", "id")
    )


def party_for(actor: Actor | None) -> Party | None:
    """The bidder party the signed-in user acts for, if any."""
    if actor is None or not has_perm(actor, "trading.bid"):
        return None
    return Party.objects.filter(
        members__pk=getattr(actor, "pk", 0) or 0, is_bidder=True, active=True
    ).first()


def bids_of(party: Party | None) -> QuerySet[Bid]:
    """The party's own bids, newest first."""
    if party is None:
        return Bid.objects.none()
    return (
        Bid.objects.filter(bidder=party)
        .select_related("round", "round__project")
        .order_by("-submitted_at", "-id")
    )


def live_bid(party: Party | None, row: Round) -> Bid | None:
    if party is None:
        return None
    return Bid.objects.filter(round=row, bidder=party, status__in=LIVE).first()


def biddable_round(round_id: Any) -> Round | None:
    """A round a bidder may look at to bid: announced and not cancelled."""
    return (
        Round.objects.filter(
            pk=as_int(round_id) or 0,
            status__in=(RoundStatus.OPEN, RoundStatus.OPENING),
            project__status=Status.TENDERING,
        )
        .select_related("project", "project__tenderer")
        .first()
    )


@dataclass
class DeskRow:
    bid: Bid
    can_withdraw: bool
    can_decrypt: bool
    decrypt_left: str = ""


def desk_rows(party: Party | None, limit: int = 200) -> list[DeskRow]:
    """The party's bids with what it may do with each now."""
    now = timesource.now()
    rows: list[DeskRow] = []
    for bid in bids_of(party)[:limit]:
        rnd = bid.round
        sealed = bid.status == BidStatus.SEALED
        withdraw = (
            sealed
            and rnd.status == RoundStatus.OPEN
            and rnd.bid_deadline is not None
            and now < rnd.bid_deadline
        )
        until = decrypt_until(rnd) if rnd.status == RoundStatus.OPENING else None
        decrypt = sealed and until is not None and now <= until
        rows.append(DeskRow(bid, withdraw, decrypt, remaining_text(until, now) if decrypt else ""))
    return rows


def round_for_watcher(actor: Actor | None, round_id: Any) -> Round | None:
    """A round as the centre or supervision sees it on the opening page."""
    if not watches_openings(actor):
        return None
    return (
        Round.objects.filter(pk=as_int(round_id) or 0)
        .exclude(status=RoundStatus.DRAFT)
        .select_related("project", "project__tenderer")
        .first()
    )


def live_count(row: Round) -> int:
    return Bid.objects.filter(round=row, status__in=LIVE).count()


def opening_bids(row: Round) -> list[Bid]:
    """The bids at the opening (not those withdrawn or replaced before it)."""
    return list(
        Bid.objects.filter(
            round=row,
            status__in=(BidStatus.SEALED, BidStatus.OPENED, BidStatus.UNDECRYPTED),
        )
        .select_related("bidder")
        .order_by("submitted_at", "id")
    )


@dataclass
class RoundView:
    """One round as the project page's bids section shows it."""

    round: Round
    count: int | None = None  # live bids, for the centre and supervision before the opening
    bidders: list[Bid] = field(default_factory=list)  # from the opening on
    record: bool = False  # the prices (opening record) are public


def section_rounds(actor: Actor | None, project: Project) -> list[RoundView]:
    """Each announced round of a project the actor may read (the caller has
    checked that): counts before the opening only for the centre and
    supervision; bidders from the opening on; prices once recorded."""
    watcher = watches_openings(actor)
    rounds = list(
        project.rounds.exclude(status=RoundStatus.DRAFT)
        .annotate(live=Count("bids", filter=Q(bids__status__in=LIVE)))
        .order_by("number")
    )
    views: list[RoundView] = []
    for row in rounds:
        view = RoundView(row)
        if row.status == RoundStatus.OPEN or (
            row.status == RoundStatus.FAILED and row.opening_started_at is None
        ):
            view.count = row.live if watcher or row.status == RoundStatus.FAILED else None
        elif row.status in (RoundStatus.OPENING, RoundStatus.FAILED, *RECORDED):
            view.bidders = opening_bids(row)
            view.record = row.status in RECORDED
        views.append(view)
    return views
