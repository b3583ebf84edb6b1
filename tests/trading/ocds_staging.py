"""A construction project staged step by step for the OCDS and public-page
tests: rows laid down as each part's action would leave them (the setting),
then `publish` called as that action calls it. Dates across National Day
2026: documents from Thu 10 Sep, a clarification on 18 Sep, the deadline
and opening Fri 9 Oct (the first working day after 1–8 Oct), candidates
published 12 Oct, award 16 Oct, contract signed 30 Oct."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from trading_support import BIDDERS, at, open_round, project, sealed_bid

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.trading.models import (
    Award,
    BidStatus,
    Candidate,
    Contract,
    Notice,
    NoticeKind,
    Project,
    Release,
    Round,
    RoundStatus,
    Status,
)
from xiaoneng.trading.ocds.publish import publish

ANNOUNCED = date(2026, 9, 10)
CLARIFIED = date(2026, 9, 18)
OPENED = date(2026, 10, 9)
PUBLICISED = date(2026, 10, 12)
AWARDED = date(2026, 10, 16)
SIGNED = date(2026, 10, 30)
PRICES = {BIDDERS[0]: "8120000", BIDDERS[1]: "8350000.50", BIDDERS[2]: "8490000"}


def notice(users: dict[str, User], row: Project, kind: str, title: str, body: str = "") -> Notice:
    current = row.rounds.filter(number=row.round_no).first()
    return Notice.objects.create(
        project=row,
        round=current,
        kind=kind,
        title=title,
        body=body or f"{title}。详见招标文件。",
        published_by=users["daili"],
    )


def set_status(row: Project, status: str) -> None:
    row.status = status
    row.save(update_fields=["status"])


def announced(users: dict[str, User], *, sealed: bool = True) -> tuple[Project, Round]:
    """Announced on 10 Sep with documents, two sealed bids in (secret)."""
    with travel_to(ANNOUNCED):
        row = project(users)
        round_ = open_round(row, ANNOUNCED, at(OPENED))
        notice(users, row, NoticeKind.ANNOUNCEMENT, f"{row.title}招标公告")
        notice(users, row, NoticeKind.DOCUMENTS, f"{row.title}招标文件")
        publish(row, ["tender"])
    if sealed:
        with travel_to(date(2026, 9, 28)):
            for name in list(PRICES)[:2]:
                sealed_bid(round_, name, users["toubiao1"], PRICES[name])
    return row, round_


def clarified(users: dict[str, User], row: Project) -> None:
    with travel_to(CLARIFIED):
        notice(users, row, NoticeKind.CLARIFICATION, "关于第2章工程量清单的澄清")
        publish(row, ["tenderAmendment"])


def opened(users: dict[str, User], row: Project, round_: Round) -> None:
    """The third bid in, then all opened at the deadline and the record published."""
    with travel_to(date(2026, 10, 8)):
        name = list(PRICES)[2]
        sealed_bid(round_, name, users["toubiao2"], PRICES[name])
    with travel_to(OPENED):
        for bid in round_.bids.select_related("bidder"):
            bid.status = BidStatus.OPENED
            bid.price = Decimal(PRICES[bid.bidder.name])
            bid.opened_at = at(OPENED, 10)
            bid.save()
        round_.status = RoundStatus.OPENED
        round_.opening_started_at = at(OPENED)
        round_.opened_at = at(OPENED, 10)
        round_.save()
        set_status(row, Status.EVALUATING)
        notice(users, row, NoticeKind.OPENING, "开标记录")
        publish(row, ["tenderUpdate"])


def publicised(users: dict[str, User], row: Project, round_: Round) -> None:
    with travel_to(PUBLICISED):
        for rank, bid in enumerate(round_.bids.order_by("price"), start=1):
            Candidate.objects.create(round=round_, bid=bid, rank=rank, score=Decimal(96 - rank))
        round_.status = RoundStatus.EVALUATED
        round_.evaluated_at = at(OPENED, 17)
        round_.candidates_published_at = at(PUBLICISED)
        round_.publicity_ends_on = date(2026, 10, 15)
        round_.save()
        set_status(row, Status.PUBLICISING)
        notice(users, row, NoticeKind.CANDIDATES, "中标候选人公示")
        publish(row, ["award"])


def awarded(users: dict[str, User], row: Project, round_: Round, rank: int = 1) -> Award:
    with travel_to(AWARDED):
        bid = round_.candidates.get(rank=rank).bid
        award = Award.objects.create(
            round=round_,
            bid=bid,
            value=bid.price,
            decided_by=users["zhaobiao"],
            contract_due=date(2026, 11, 16),
        )
        set_status(row, Status.AWARDED)
        notice(users, row, NoticeKind.AWARD, "中标结果公告")
        publish(row, ["awardUpdate"])
    return award


def contracted(users: dict[str, User], row: Project, award: Award) -> None:
    with travel_to(SIGNED):
        Contract.objects.create(
            award=award,
            number="ZJT-2026-HT-118",
            title=f"{row.title}施工合同",
            value=award.value,
            signed_on=SIGNED,
            period_start=date(2026, 11, 1),
            period_end=date(2027, 6, 30),
            recorded_by=users["zhaobiao"],
        )
        set_status(row, Status.CONTRACTED)
        notice(users, row, NoticeKind.CONTRACT, "合同公开")
        publish(row, ["contract"])


def whole_process(users: dict[str, User]) -> Project:
    row, round_ = announced(users)
    clarified(users, row)
    opened(users, row, round_)
    publicised(users, row, round_)
    award = awarded(users, row, round_)
    contracted(users, row, award)
    return row


def payloads(row: Project) -> list[dict]:  # type: ignore[type-arg]
    return [r.payload for r in Release.objects.filter(project=row).order_by("sequence")]
