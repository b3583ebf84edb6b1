"""Scores and the ranking through the actions: one score per member per
opened bid, once; the evaluation closed only when every seated member has
scored; a bid qualified by the majority; 综合评估法 by mean total (a tie to
the lower price), 经评审的最低投标价法 by price, 价高者得 by price above the
reserve; every bid rejected → the round fails and the project is re-tendered."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from evaluation_support import account_for, expert_account, seated_round, seats
from trading_support import BIDDERS, opened_round, project

from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.trading.actions import committee as committee_actions
from xiaoneng.trading.actions import scoring
from xiaoneng.trading.models import (
    Bid,
    Candidate,
    Criteria,
    Expert,
    Kind,
    Project,
    Round,
    RoundStatus,
    Speciality,
    Status,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 9)
A, B, C = BIDDERS[0], BIDDERS[1], BIDDERS[2]
PRICES = {A: "8250000", B: "8100000", C: "8400000"}


def bids(row: Round) -> dict[str, Bid]:
    return {b.bidder.name: b for b in Bid.objects.filter(round=row).select_related("bidder")}


def sheet(row: Round, marks: dict[str, Any]) -> list[dict[str, Any]]:
    """A score sheet: bidder → total (qualified) or None (not qualified)."""
    by_name = bids(row)
    return [
        {
            "bid_id": by_name[name].pk,
            "qualified": total is not None,
            "total": total,
            "comment": "" if total is not None else "未提供有效的资质证书",
        }
        for name, total in marks.items()
    ]


def everyone_scores(row: Round, marks: list[dict[str, Any]]) -> None:
    for member, mark in zip(seats(row), marks, strict=True):
        scoring.submit_scores(actor=account_for(member), round_id=row.pk, scores=sheet(row, mark))


def test_a_member_scores_every_opened_bid_once(trading_world: dict[str, User]) -> None:
    users = trading_world
    with travel_to(DAY):
        row = seated_round(users, PRICES, day=DAY)
        member = seats(row)[0]
        me = account_for(member)
        full = {A: "90", B: "88.5", C: "80"}
        for wrong, code in [
            ({A: "90", B: "88"}, "trading_scores_invalid"),  # a bid left out
            ({**full, A: "100.5"}, "trading_scores_invalid"),
            ({**full, A: "9O"}, "trading_scores_invalid"),
        ]:
            with pytest.raises(InvalidInput) as refused:
                scoring.submit_scores(actor=me, round_id=row.pk, scores=sheet(row, wrong))
            assert refused.value.code == code
        no_reason = sheet(row, {**full, C: None})
        no_reason[2]["comment"] = ""
        with pytest.raises(InvalidInput) as unexplained:
            scoring.submit_scores(actor=me, round_id=row.pk, scores=no_reason)
        assert unexplained.value.code == "trading_score_reason_required"
        saved = scoring.submit_scores(actor=me, round_id=row.pk, scores=sheet(row, full))
        assert len(saved) == 3
        assert {s.member_id for s in saved} == {member.pk}
        with pytest.raises(Conflict) as twice:
            scoring.submit_scores(actor=me, round_id=row.pk, scores=sheet(row, full))
        assert twice.value.code == "trading_scores_submitted"
        # An expert not on this committee finds nothing to score.
        seated_ids = {m.expert_id for m in seats(row)}
        outsider = expert_account(Expert.objects.exclude(pk__in=seated_ids).first())
        with pytest.raises(NotFound):
            scoring.submit_scores(actor=outsider, round_id=row.pk, scores=sheet(row, full))
        with pytest.raises(PermissionDenied):  # the centre runs the evaluation, never scores
            scoring.submit_scores(actor=users["jiaoyi"], round_id=row.pk, scores=sheet(row, full))


def test_no_scoring_before_the_committee_is_complete(trading_world: dict[str, User]) -> None:
    users = trading_world
    with travel_to(DAY):
        row = opened_round(users, project(users), PRICES, opened_on=DAY)
        committee_actions.form_committee(
            actor=users["jiaoyi"], round_id=row.pk, size=5, expert_seats=4
        )
        committee_actions.name_representatives(
            actor=users["zhaobiao"], round_id=row.pk, user_ids=[users["zhaobiao"].pk]
        )
        with pytest.raises(Conflict) as early:
            scoring.submit_scores(
                actor=users["zhaobiao"],
                round_id=row.pk,
                scores=sheet(row, {A: "90", B: "80", C: "70"}),
            )
    assert early.value.code == "trading_committee_incomplete"


def test_finish_waits_for_every_member(trading_world: dict[str, User]) -> None:
    users = trading_world
    with travel_to(DAY):
        row = seated_round(users, PRICES, day=DAY)
        for member in seats(row)[:4]:
            scoring.submit_scores(
                actor=account_for(member),
                round_id=row.pk,
                scores=sheet(row, {A: "90", B: "80", C: "70"}),
            )
        with pytest.raises(Conflict) as missing:
            scoring.finish_evaluation(actor=users["jiaoyi"], round_id=row.pk)
    assert missing.value.code == "trading_scores_missing"
    assert missing.value.detail == {"missing": 3}
    assert not Candidate.objects.exists()
    assert Round.objects.get(pk=row.pk).status == RoundStatus.OPENED


def test_comprehensive_ranking_by_mean_a_tie_to_the_lower_price(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    d = BIDDERS[3]
    prices = {**PRICES, d: "7900000"}
    marks = [  # A and B tie on 90; D is qualified by two members only
        {A: "92", B: "88", C: "80", d: "99"},
        {A: "88", B: "92", C: "84", d: "99"},
        {A: "90", B: "90", C: "82", d: None},
        {A: "91", B: "89", C: "81", d: None},
        {A: "89", B: "91", C: "83", d: None},
    ]
    with travel_to(DAY):
        row = seated_round(users, prices, day=DAY)
        everyone_scores(row, marks)
        done = scoring.finish_evaluation(actor=users["jiaoyi"], round_id=row.pk)
    assert done.status == RoundStatus.EVALUATED
    assert done.evaluated_at is not None
    ranked = list(Candidate.objects.filter(round=row).order_by("rank"))
    assert [c.bid.bidder.name for c in ranked] == [B, A, C]  # B is cheaper than A
    assert [c.score for c in ranked] == [Decimal("90.00"), Decimal("90.00"), Decimal("82.00")]
    rejected = bids(row)[d]
    assert rejected.qualified is False
    assert "未提供有效的资质证书" in rejected.rejected_reason
    assert bids(row)[A].qualified is True


def test_lowest_price_ranks_the_qualified_by_price(trading_world: dict[str, User]) -> None:
    users = trading_world
    d = BIDDERS[3]
    prices = {**PRICES, d: "7900000"}  # the cheapest, but not qualified
    mark = {A: "60", B: "60", C: "60", d: None}
    with travel_to(DAY):
        row = seated_round(users, prices, day=DAY, criteria=Criteria.LOWEST_PRICE)
        everyone_scores(row, [mark] * 5)
        scoring.finish_evaluation(actor=users["jiaoyi"], round_id=row.pk)
    ranked = Candidate.objects.filter(round=row).order_by("rank")
    assert [c.bid.bidder.name for c in ranked] == [B, A, C]


def test_every_bid_rejected_means_a_new_tender(trading_world: dict[str, User]) -> None:
    users = trading_world
    with travel_to(DAY):
        row = seated_round(users, PRICES, day=DAY)
        everyone_scores(row, [{A: None, B: None, C: "70"}] * 2 + [{A: None, B: None, C: None}] * 3)
        done = scoring.finish_evaluation(actor=users["jiaoyi"], round_id=row.pk)
    assert done.status == RoundStatus.FAILED
    assert "否决所有投标" in done.failed_reason
    again = Project.objects.get(pk=row.project_id)
    assert again.status == Status.RETENDER
    assert again.round_no == 2
    assert not Candidate.objects.exists()
    assert all(b.qualified is False for b in bids(row).values())


def test_highest_price_above_the_reserve_without_a_committee(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    kw = {
        "kind": Kind.LAND,
        "criteria": Criteria.HIGHEST_PRICE,
        "speciality": Speciality.LAND,
        "estimate": "5000000",
    }
    prices = {A: "5200000", B: "4800000", C: "5500000", BIDDERS[3]: "5200000"}
    with travel_to(DAY):
        row = opened_round(users, project(users, **kw), prices, opened_on=DAY)
        with pytest.raises(Conflict) as no_committee:
            committee_actions.form_committee(
                actor=users["jiaoyi"], round_id=row.pk, size=5, expert_seats=4
            )
        assert no_committee.value.code == "trading_committee_not_for_price"
        done = scoring.rank_by_price(actor=users["jiaoyi"], round_id=row.pk)
    assert done.status == RoundStatus.EVALUATED
    ranked = Candidate.objects.filter(round=row).order_by("rank")
    assert [c.bid.bidder.name for c in ranked] == [C, A, BIDDERS[3]]  # the same price: earlier bid
    below = bids(row)[B]
    assert below.qualified is False
    assert below.rejected_reason == "报价低于底价"


def test_every_price_below_the_reserve_is_no_sale(trading_world: dict[str, User]) -> None:
    users = trading_world
    kw = {"kind": Kind.LAND, "criteria": Criteria.HIGHEST_PRICE, "estimate": "5000000"}
    with travel_to(DAY):
        row = opened_round(users, project(users, **kw), {A: "4999999.99"}, opened_on=DAY)
        done = scoring.rank_by_price(actor=users["jiaoyi"], round_id=row.pk)
        other = opened_round(users, project(users), PRICES, opened_on=DAY)
        with pytest.raises(Conflict) as not_auction:
            scoring.rank_by_price(actor=users["jiaoyi"], round_id=other.pk)
    assert done.status == RoundStatus.FAILED
    assert Project.objects.get(pk=row.project_id).status == Status.RETENDER
    assert not_auction.value.code == "trading_not_price_ranked"
