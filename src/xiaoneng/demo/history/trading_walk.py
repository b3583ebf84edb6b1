"""One trading project walked through the trading actions, each step on its
day (`days.DayActs`; the caller moves the clock there): 进场登记 and 受理,
the announcement, sealed bids, the opening at the centre (流标 and a new
round when too few came), the committee drawn from the pool and its scores
(or, for land and property, the ranking by price), the candidates'
publicity, an objection answered, the award and the contract.

Days come from the trading clock on the house calendar
(`core.clock.procedures.tendering`), never re-derived: the deadline is the
law's earliest plus `extra_days`, on a working day at 09:30; the opening is
the next working day's morning (under `travel_to` the clock keeps the real
hour, so an opening on the deadline's own day would depend on when the
demo is run)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from xiaoneng.core.clock.procedures import tendering
from xiaoneng.core.timesource import SHANGHAI
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.trading.actions import (
    announce,
    awards,
    bids,
    committee,
    contracts,
    objections,
    opening,
    projects,
    scoring,
)
from xiaoneng.trading.models import Bid, BidStatus, Criteria, Member, Party, Round, RoundStatus

from .days import DayActs
from .trading_cast import Cast

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Spec:
    """What is registered (进场登记)."""

    kind: str
    title: str
    description: str
    tenderer: str  # department code
    criteria: str
    speciality: str
    estimate: Decimal
    approval: str
    funding: str = ""
    location: str = "张掖市甘州区"
    agency: bool = False


@dataclass
class Walk:
    """A project's way: `rounds` lists each round's bids (party, price); a
    round with fewer than the kind's minimum fails at the opening."""

    spec: Spec
    start: date  # registration
    rounds: list[list[tuple[str, Decimal]]]
    extra_days: int = 5  # the tender period beyond the law's minimum
    period_days: int = 180
    objection: bool = False
    contract_after: int = 10  # days after the award
    late_contract: bool = False  # signed after the contract's last day
    stop: str = ""  # "bids": the last round still takes bids
    rows: dict[str, Any] = field(default_factory=dict)
    days: dict[str, date] = field(default_factory=dict)


def moment(day: date, hour: int = 9, minute: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def plan_days(walk: Walk, calendar: WorkCalendar) -> dict[str, date]:
    """Every step's day (`announce:1`, `bid:1:0`, `open:1`… `award`, `contract`)."""
    kind, nxt = walk.spec.kind, calendar.next_workday_on_or_after
    days = {"register": walk.start}
    issued = nxt(walk.start + timedelta(days=1))
    for n, round_bids in enumerate(walk.rounds, start=1):
        earliest = tendering.earliest_deadline(kind, issued, calendar)
        deadline = nxt(earliest + timedelta(days=walk.extra_days))
        days[f"announce:{n}"], days[f"deadline:{n}"] = issued, deadline
        for k in range(len(round_bids)):
            days[f"bid:{n}:{k}"] = issued + timedelta(days=3 + k * (deadline - issued).days // 6)
        opened = nxt(deadline + timedelta(days=1))
        days[f"open:{n}"] = opened
        issued = nxt(opened + timedelta(days=1))
    published = nxt(days[f"open:{len(walk.rounds)}"] + timedelta(days=1))
    days["publish"] = published
    days["objection"], days["answer"] = published + timedelta(days=1), published + timedelta(days=2)
    awarded = nxt(tendering.award_earliest(kind, published))
    days["award"] = awarded
    due = tendering.contract_due(kind, awarded, calendar)
    days["contract"] = (
        due + timedelta(days=3)
        if walk.late_contract
        else (awarded + timedelta(days=walk.contract_after))
    )
    return days


def runner(cast: Cast, walk: Walk) -> Any:
    return cast.agency if walk.spec.agency else cast.tenderers[walk.spec.tenderer]


def schedule(walk: Walk, acts: DayActs, cast: Cast, calendar: WorkCalendar) -> None:
    """Every step of the walk into `acts` on its day."""
    walk.days = plan_days(walk, calendar)
    days, rows = walk.days, walk.rows

    def act(key: str, name: str, run: Callable[[], Any]) -> None:
        acts.act(days[key], name, run)

    act("register", "registered", lambda: _register(cast, walk))
    act("register", "accepted", lambda: projects.accept_project(cast.centre, rows["project"]))
    for n, round_bids in enumerate(walk.rounds, start=1):
        act(f"announce:{n}", "announced", partial(_announce, cast, walk, n))
        for k, (party, price) in enumerate(round_bids):
            act(f"bid:{n}:{k}", "bid", partial(_bid, cast, walk, party, price))
        if walk.stop == "bids" and n == len(walk.rounds):
            return
        act(f"open:{n}", "opening", lambda: _open(cast, walk))
    act(f"open:{len(walk.rounds)}", "evaluated", lambda: _evaluate(cast, walk))
    act(
        "publish",
        "candidates_published",
        lambda: awards.publish_candidates(runner(cast, walk), rows["round"]),
    )
    if walk.objection:
        act("objection", "objection_raised", lambda: _object(cast, walk))
        act(
            "answer",
            "objection_answered",
            lambda: objections.answer_objection(
                runner(cast, walk),
                rows["objection"],
                reply="经复核评标报告和评分表，评标委员会按招标文件规定的评标办法评审，"
                "评分无误，中标候选人排序符合规定。",
                upheld=False,
            ),
        )
    act("award", "awarded", lambda: _award(cast, walk))
    act(
        "contract",
        "contract_late" if walk.late_contract else "contract_signed",
        lambda: _sign(cast, walk),
    )


def _register(cast: Cast, walk: Walk) -> None:
    s = walk.spec
    agency = Party.objects.get(members=cast.agency, is_agency=True) if s.agency else None
    row = projects.register_project(
        cast.tenderers[s.tenderer],
        kind=s.kind,
        title=s.title,
        description=s.description,
        criteria=s.criteria,
        speciality=s.speciality,
        estimate=str(s.estimate),
        approval_document=s.approval,
        funding=s.funding,
        location=s.location,
        agency_id=agency.pk if agency else None,
    )
    walk.rows["project"] = row.pk


def _announce(cast: Cast, walk: Walk, n: int) -> None:
    s, days = walk.spec, walk.days
    again = "（重新招标）" if n > 1 else ""
    row = announce.announce(
        runner(cast, walk),
        walk.rows["project"],
        documents_from=days[f"announce:{n}"],
        bid_deadline=moment(days[f"deadline:{n}"]),
        announcement=f"{s.title}{again}已具备交易条件，现公开组织交易。项目概况：{s.description}。"
        f"估算价（底价）{s.estimate} 元。投标（竞买）文件递交截止时间即开标时间，"
        "地点张掖市公共资源交易中心第一开标室。",
        documents=f"{s.title}交易文件：须知、评审办法（{Criteria(s.criteria).label}）、"
        "合同条款、技术要求和投标文件格式。",
    )
    walk.rows["round"] = row.pk


def _bid(cast: Cast, walk: Walk, party: str, price: Decimal) -> None:
    bid, code = bids.submit_bid(
        cast.bidder(party),
        walk.rows["round"],
        price=str(price),
        period_days=walk.period_days,
        summary=f"{party}对{walk.spec.title}的投标（竞买）文件",
    )
    walk.rows.setdefault("codes", {})[bid.pk] = (party, code)


def _open(cast: Cast, walk: Walk) -> None:
    """开标: too few bids fail the round (流标); else each bidder decrypts its own."""
    round_id = walk.rows["round"]
    row = opening.start_opening(cast.centre, round_id)
    if row.status == RoundStatus.FAILED:
        walk.rows["failed"] = walk.rows.get("failed", 0) + 1
        return
    sealed = Bid.objects.filter(round_id=round_id, status=BidStatus.SEALED)
    for bid_id in sealed.values_list("pk", flat=True):
        party, code = walk.rows["codes"][bid_id]
        opening.decrypt_bid(cast.bidder(party), bid_id, code)
    opening.close_opening(cast.centre, round_id)


def _evaluate(cast: Cast, walk: Walk) -> None:
    """The price ranking, or the committee (five: four drawn, the tenderer's one) scoring."""
    round_id, tenderer = walk.rows["round"], cast.tenderers[walk.spec.tenderer]
    if walk.spec.criteria == Criteria.HIGHEST_PRICE:
        scoring.rank_by_price(actor=cast.centre, round_id=round_id)
        return
    committee.form_committee(actor=cast.centre, round_id=round_id, size=5, expert_seats=4)
    committee.name_representatives(actor=tenderer, round_id=round_id, user_ids=[tenderer.pk])
    committee.draw_experts(actor=cast.centre, round_id=round_id)
    opened = list(Bid.objects.filter(round_id=round_id, status=BidStatus.OPENED).order_by("price"))
    members = Member.objects.filter(committee__round_id=round_id, declined_at=None)
    for i, member in enumerate(members.select_related("expert", "representative").order_by("pk")):
        user = member.representative or cast.expert_user(member.expert)  # type: ignore[arg-type]
        sheet = [
            # The lower price scores higher; each member a point or two apart.
            {"bid_id": b.pk, "qualified": True, "total": str(Decimal(93 - 4 * rank + i % 3))}
            for rank, b in enumerate(opened)
        ]
        scoring.submit_scores(actor=user, round_id=round_id, scores=sheet)
    scoring.finish_evaluation(actor=cast.centre, round_id=round_id)


def _object(cast: Cast, walk: Walk) -> None:
    """The second candidate objects to the result (a challenge, 质疑, in procurement)."""
    round_ = Round.objects.get(pk=walk.rows["round"])
    second = round_.candidates.select_related("bid__bidder").get(rank=2)
    row = objections.raise_objection(
        cast.bidder(second.bid.bidder.name),
        round_.pk,
        stage="评标结果",
        text="我公司认为第一中标候选人业绩证明材料与招标文件要求不符，其技术标得分偏高，请予复核。",
        known_on=walk.days["publish"],
    )
    walk.rows["objection"] = row.pk


def _award(cast: Cast, walk: Walk) -> None:
    row = awards.award(cast.tenderers[walk.spec.tenderer], walk.rows["round"])
    walk.rows["award"], walk.rows["value"] = row.pk, row.value


def _sign(cast: Cast, walk: Walk) -> None:
    signed = walk.days["contract"]
    contracts.sign_contract(
        cast.tenderers[walk.spec.tenderer],
        walk.rows["award"],
        number=f"ZY-{walk.spec.kind[:2].upper()}-{signed:%Y%m%d}-{walk.rows['project']:03d}",
        title=f"{walk.spec.title}合同",
        value=str(walk.rows["value"]),
        signed_on=signed,
        period_start=signed + timedelta(days=7),
        period_end=signed + timedelta(days=7 + walk.period_days),
    )
