"""Shared settings of the trading tests (importable under a name no other
directory uses). Rows laid down directly are the *setting* of a test — a
project at the stage the test starts from — not what it tests: each part's
tests drive their own steps through the actions.

Demo accounts: zhaobiao (市交通运输局, tenderer), daili (甘肃明诚招标代理,
agency), jiaoyi (交易中心), zhujian (市住建局, construction regulator),
toubiao1 / toubiao2 (bidders), zhuanjia1 (expert 许文博), supervisor."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest

from xiaoneng.core.errors import DomainError
from xiaoneng.core.timesource import SHANGHAI, travel_to
from xiaoneng.org.models import Department, User
from xiaoneng.trading import envelope
from xiaoneng.trading.actions import awards
from xiaoneng.trading.models import (
    Bid,
    BidStatus,
    Candidate,
    Criteria,
    Kind,
    Party,
    Project,
    Round,
    RoundStatus,
    Speciality,
    Status,
)

TENDERER = "620700014"  # 市交通运输局
AGENCY = "甘肃明诚招标代理有限公司"
BIDDERS = (
    "张掖市路桥建设有限责任公司",  # toubiao1
    "甘肃祁连建工集团有限公司",  # toubiao2
    "张掖市交通建设工程有限公司",
    "甘肃陇原路桥工程有限公司",
)

_counter = iter(range(1, 10_000))


def at(day: date, hour: int = 9, minute: int = 30) -> datetime:
    """A moment of `day` in Beijing time."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def party(name: str) -> Party:
    return Party.objects.get(name=name)


def project(
    users: dict[str, User],
    *,
    kind: str = Kind.CONSTRUCTION,
    status: str = Status.ACCEPTED,
    estimate: str = "8600000",
    criteria: str = Criteria.COMPREHENSIVE,
    speciality: str = Speciality.ROAD,
    with_agency: bool = True,
    tenderer: str = TENDERER,
) -> Project:
    """A project of 市交通运输局 entrusted to the agency, accepted by the centre."""
    n = next(_counter)
    return Project.objects.create(
        code=f"T-{n:04d}",
        kind=kind,
        title=f"G227线张掖段第{n}合同段路面工程",
        description="沥青混凝土路面改造 12.6 公里",
        tenderer=Department.objects.get(code=tenderer),
        agency=party(AGENCY) if with_agency else None,
        criteria=criteria,
        speciality=speciality,
        estimate=Decimal(estimate),
        approval_document="张发改交运〔2026〕118号",
        funding="中央车购税资金及市级配套",
        location="张掖市甘州区",
        status=status,
        registered_by=users["zhaobiao"],
        accepted_by=users["jiaoyi"] if status != Status.REGISTERED else None,
    )


def open_round(project: Project, documents_from: date, deadline: datetime) -> Round:
    """The project's current round, announced and taking bids until `deadline`."""
    row = Round.objects.create(
        project=project,
        number=project.round_no,
        status=RoundStatus.OPEN,
        announced_at=at(documents_from, 9, 0),
        documents_from=documents_from,
        bid_deadline=deadline,
    )
    project.status = Status.TENDERING
    project.save(update_fields=["status"])
    return row


def sealed_bid(
    round_: Round, bidder: str, user: User, price: str, period_days: int = 180
) -> tuple[Bid, str]:
    """A sealed bid as the bid action stores it, and the bidder's code."""
    sealed = envelope.seal_bid(
        {"price": price, "period_days": period_days, "summary": f"{bidder}投标文件"}
    )
    bid = Bid.objects.create(
        round=round_,
        bidder=party(bidder),
        submitted_by=user,
        envelope=sealed.envelope,
        key_check=sealed.key_check,
        content_digest=sealed.content_digest,
    )
    return bid, sealed.code


def opened_round(
    users: dict[str, User], project: Project, prices: dict[str, str], *, opened_on: date
) -> Round:
    """A round opened on `opened_on` with the bids of `prices` (bidder → yuan) decrypted."""
    row = open_round(project, date.fromordinal(opened_on.toordinal() - 25), at(opened_on))
    for name, price in prices.items():
        bid, _ = sealed_bid(row, name, users["toubiao1"], price)
        bid.status = BidStatus.OPENED
        bid.price = Decimal(price)
        bid.period_days = 180
        bid.opened_at = at(opened_on, 10)
        bid.save()
    row.status = RoundStatus.OPENED
    row.opening_started_at = at(opened_on)
    row.opened_at = at(opened_on, 10)
    row.save()
    project.status = Status.EVALUATING
    project.save(update_fields=["status"])
    return row


def evaluated_round(
    users: dict[str, User], project: Project, prices: dict[str, str], *, opened_on: date
) -> Round:
    """An opened round whose committee ranked the bids in the order of `prices`."""
    row = opened_round(users, project, prices, opened_on=opened_on)
    for rank, bid in enumerate(row.bids.order_by("id")[:3], start=1):
        Candidate.objects.create(round=row, bid=bid, rank=rank, score=Decimal(95 - 5 * rank))
    row.status = RoundStatus.EVALUATED
    row.evaluated_at = at(opened_on, 17)
    row.save()
    return row


def code_of(call: Any) -> str:
    """The code of the refusal `call()` raises (it must raise one)."""
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value.code


PUBLISHED_PRICES = {BIDDERS[0]: "8200000", BIDDERS[1]: "8350000", BIDDERS[2]: "8400000"}


def published(users: dict[str, User], *, kind: str = Kind.CONSTRUCTION, on: date) -> Round:
    """An evaluated round (opened the day before) whose candidates the agency publishes on `on`."""
    row = evaluated_round(
        users, project(users, kind=kind), PUBLISHED_PRICES, opened_on=on - timedelta(days=1)
    )
    with travel_to(on):
        awards.publish_candidates(actor=users["daili"], round_id=row.pk)
    row.refresh_from_db()
    return row
