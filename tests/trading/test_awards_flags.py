"""Part D's red flags for supervision (each raised with its evidence, and not
when its rule is not met), the daily sweep's cards and flags (idempotent)
and the flags' weight in the tenderer's score."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from trading_support import BIDDERS, TENDERER, evaluated_round, project

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User
from xiaoneng.scores import sources
from xiaoneng.scores.figures import Figures
from xiaoneng.scores.periods import Period
from xiaoneng.scores.sourced import apply_sources
from xiaoneng.supervision.models import Anomaly, SubjectCard
from xiaoneng.trading import supervise
from xiaoneng.trading.actions import awards, complaints, contracts, objections
from xiaoneng.trading.models import (
    Award,
    Committee,
    Draw,
    Expert,
    Kind,
    Member,
    MemberKind,
    Project,
    Round,
)

pytestmark = pytest.mark.django_db

PRICES = {BIDDERS[0]: "8200000", BIDDERS[1]: "8350000", BIDDERS[2]: "8400000"}
REGULATOR = "620700012"  # 市住建局


def evaluated(
    users: dict[str, User], *, opened_on: date, prices: dict[str, str] = PRICES, **kw: Any
) -> Round:
    return evaluated_round(users, project(users, **kw), prices, opened_on=opened_on)


def awarded(users: dict[str, User], row: Round, *, published: date, on: date) -> Award:
    with travel_to(published):
        awards.publish_candidates(actor=users["daili"], round_id=row.pk)
    with travel_to(on):
        return awards.award(actor=users["zhaobiao"], round_id=row.pk)


def flags(p: Project | int) -> dict[str, dict[str, Any]]:
    ref = p if isinstance(p, int) else p.pk
    rows = Anomaly.objects.filter(subject_kind="trading_project", subject_ref=ref)
    return {a.kind: a.evidence for a in rows}


def test_an_ordinary_award_raises_no_flag(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = evaluated(users, opened_on=date(2026, 8, 27))
    made = awarded(users, row, published=date(2026, 8, 28), on=date(2026, 9, 1))
    assert flags(row.project_id) == {}
    assert supervise.flag_award(made, date(2026, 9, 1)) == []


def test_single_bid_short_period_and_off_estimate(trading_world: dict[str, User]) -> None:
    users = trading_world
    # A land-use right sold to its only bidder (allowed for land: min 1 bid),
    # 5,000,000 against an estimate of 8,600,000, documents issued Fri 7 Aug
    # for a deadline on Thu 27 Aug: exactly the 20 days the law requires.
    row = evaluated(
        users, opened_on=date(2026, 8, 27), prices={BIDDERS[0]: "5000000"}, kind=Kind.LAND
    )
    Round.objects.filter(pk=row.pk).update(documents_from=date(2026, 8, 7))
    awarded(users, row, published=date(2026, 8, 28), on=date(2026, 9, 1))
    found = flags(row.project_id)
    assert set(found) == {"single_bid", "short_tender_period", "award_off_estimate"}
    assert found["single_bid"]["valid_bids"] == 1
    assert found["single_bid"]["winner"] == BIDDERS[0]
    assert found["short_tender_period"]["documents_from"] == "2026-08-07"
    assert found["short_tender_period"]["bid_deadline"] == "2026-08-27"
    assert found["award_off_estimate"]["deviation_percent"] == "-41.86"
    assert "偏离 -41.86%" in found["award_off_estimate"]["说明"]
    # one day longer is no longer the legal minimum
    other = evaluated(users, opened_on=date(2026, 8, 27), prices={BIDDERS[0]: "8000000"})
    Round.objects.filter(pk=other.pk).update(documents_from=date(2026, 8, 6))
    awarded(users, other, published=date(2026, 8, 28), on=date(2026, 9, 1))
    assert set(flags(other.project_id)) == {"single_bid"}


def test_disqualified_bids_leave_a_single_bid(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = evaluated(users, opened_on=date(2026, 8, 27))
    row.bids.exclude(pk=row.candidates.get(rank=1).bid_id).update(qualified=False)
    awarded(users, row, published=date(2026, 8, 28), on=date(2026, 9, 1))
    assert flags(row.project_id)["single_bid"]["bids_received"] == 3


def test_repeat_winner_on_the_third_award_within_the_window(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    rounds = [evaluated(users, opened_on=date(2026, 8, 27)) for _ in range(3)]
    awarded(users, rounds[0], published=date(2026, 8, 28), on=date(2026, 9, 1))
    awarded(users, rounds[1], published=date(2026, 8, 28), on=date(2026, 9, 2))
    assert "repeat_winner" not in flags(rounds[1].project_id)
    awarded(users, rounds[2], published=date(2026, 8, 28), on=date(2026, 9, 3))
    evidence = flags(rounds[2].project_id)["repeat_winner"]
    assert evidence["count"] == 3
    assert evidence["window_days"] == 365
    assert evidence["projects"] == [Project.objects.get(pk=r.project_id).code for r in rounds]


def _committee_with(users: dict[str, User], row: Round, expert: Expert, draws: int) -> None:
    committee = Committee.objects.create(
        round=row, size=5, expert_seats=4, formed_by=users["jiaoyi"]
    )
    for n in range(draws):
        draw = Draw.objects.create(
            committee=committee,
            seed=f"seed-{n}",
            needed=1,
            pool=[expert.pk],
            picked=[expert.pk],
            drawn_by=users["jiaoyi"],
        )
        if n == 0:
            Member.objects.create(
                committee=committee, kind=MemberKind.EXPERT, expert=expert, draw=draw
            )


def test_expert_overused_found_by_the_sweep(trading_world: dict[str, User]) -> None:
    users = trading_world
    expert = Expert.objects.get(name="许文博")
    row = evaluated(users, opened_on=date(2026, 8, 27))
    with travel_to(date(2026, 8, 27)):
        _committee_with(users, row, expert, 5)  # five draws: below the six that flag
    awarded(users, row, published=date(2026, 8, 28), on=date(2026, 9, 1))
    assert "expert_overused" not in flags(row.project_id)
    with travel_to(date(2026, 8, 31)):
        Draw.objects.create(
            committee=row.committee,
            seed="seed-6",
            needed=1,
            pool=[expert.pk],
            picked=[expert.pk],
            drawn_by=users["jiaoyi"],
        )
    result = supervise.sweep(date(2026, 9, 2))
    assert result["expert_overused"] == 1
    evidence = flags(row.project_id)["expert_overused"]
    assert evidence["experts"] == [{"name": "许文博", "draws": 6}]
    assert supervise.sweep(date(2026, 9, 2))["expert_overused"] == 0  # once per project


def test_late_contract_by_the_sweep_and_its_card(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = evaluated(users, opened_on=date(2026, 8, 27))
    made = awarded(users, row, published=date(2026, 8, 28), on=date(2026, 9, 3))
    assert made.contract_due == date(2026, 10, 8)
    on_time = supervise.sweep(date(2026, 10, 8))
    assert on_time["late_contract"] == 0
    assert on_time["yellow"] == 0
    late = supervise.sweep(date(2026, 10, 9))
    assert late["late_contract"] == 1
    assert late["yellow"] == 1
    card = SubjectCard.objects.get(subject_kind="trading_project", subject_ref=row.project_id)
    assert card.step == "contract"
    assert card.due_on == date(2026, 10, 8)
    assert card.department_id == Department.objects.get(code=TENDERER).pk
    assert flags(row.project_id)["late_contract"]["contract_due"] == "2026-10-08"
    again = supervise.sweep(date(2026, 10, 9))
    assert (again["late_contract"], again["yellow"]) == (0, 0)
    with travel_to(date(2026, 10, 12)):
        contracts.sign_contract(
            actor=users["zhaobiao"],
            award_id=made.pk,
            number="HT-1",
            title="施工合同",
            value=str(made.value),
            signed_on="2026-10-12",
        )
    assert supervise.sweep(date(2026, 10, 13))["closed"] == 1


def test_contract_signed_late_raises_the_flag_itself(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = evaluated(users, opened_on=date(2026, 8, 27))
    made = awarded(users, row, published=date(2026, 8, 28), on=date(2026, 9, 3))
    sign = {"actor": users["zhaobiao"], "award_id": made.pk, "value": "8200000"}
    with travel_to(date(2026, 10, 9)):
        contracts.sign_contract(**sign, number="HT-2", title="施工合同", signed_on="2026-10-09")
    evidence = flags(row.project_id)["late_contract"]
    assert evidence["signed_on"] == "2026-10-09"
    on_time = evaluated(users, opened_on=date(2026, 8, 27))
    made = awarded(users, on_time, published=date(2026, 8, 28), on=date(2026, 9, 3))
    with travel_to(date(2026, 10, 8)):
        contracts.sign_contract(
            **sign | {"award_id": made.pk}, number="HT-3", title="施工合同", signed_on="2026-10-08"
        )
    assert "late_contract" not in flags(on_time.project_id)


def test_sweep_cards_for_the_reply_and_the_decision(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = evaluated(users, opened_on=date(2026, 8, 27))
    with travel_to(date(2026, 8, 28)):
        awards.publish_candidates(actor=users["daili"], round_id=row.pk)
    with travel_to(date(2026, 8, 30)):
        objection = objections.raise_objection(
            actor=users["toubiao2"], round_id=row.pk, stage="评标结果", text="评分有误"
        )
        complaint = complaints.file_complaint(
            actor=users["toubiao2"],
            project_id=row.project_id,
            text="评标委员会组成违法",
            matter="other",
        )
    assert objection.reply_due == date(2026, 9, 2)
    assert supervise.sweep(date(2026, 9, 2))["yellow"] == 0  # due today: not late yet
    assert supervise.sweep(date(2026, 9, 3))["yellow"] == 1
    card = SubjectCard.objects.get(subject_ref=row.project_id, step="objection_reply")
    assert card.department_id == Department.objects.get(code=TENDERER).pk
    late = complaint.decide_due + timedelta(days=1)
    supervise.sweep(late)
    card = SubjectCard.objects.get(subject_ref=row.project_id, step="complaint")
    assert card.department_id == Department.objects.get(code=REGULATOR).pk  # the regulator's


def test_red_flags_weigh_in_the_tenderers_score(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = evaluated(users, opened_on=date(2026, 8, 27), prices={BIDDERS[0]: "5000000"})
    awarded(users, row, published=date(2026, 8, 28), on=date(2026, 9, 1))
    unit = Department.objects.get(code=TENDERER).pk
    assert sources.has_source("trading_red_flags")
    september = Period.month(date(2026, 9, 1))
    assert sources.collect("trading_red_flags", september, "department") == {unit: 2}
    assert sources.collect("trading_red_flags", Period.month(date(2026, 8, 1)), "department") == {}
    assert sources.collect("trading_red_flags", september, "staff") == {}
    figures = {unit: Figures(yellow_cards=1)}
    apply_sources(figures, september, "department")
    assert figures[unit].yellow_cards == 3  # one card + two red flags (single bid, off estimate)
