"""The demo history's enforcement (issue 15), half a year ending 2026-10-30
played through the real actions with no refused step, checked from the
rows: the hearing asked for in the window, notified seven working days
ahead, hosted by no investigator and held before its decision; the fine
outside the benchmark with its reasons and a passed review; the 首违不罚
case corrected in time, not penalised, owing nothing; the cash collected on
the spot against a receipt and banked (one handed over late: the sweep's
`fine_not_remitted`); every closed penalty paid or sent to the court, the
late one with its surcharge; no penalty decided before the defence period
ended unless waived; the restaurant's third fine in 90 days found as
`repeated_penalties`; two cases open at the end; the audit chain intact."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction

from xiaoneng.audit.selectors import verify_chain
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.clock.procedures.penalty import handover_due, hearing_earliest
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.enforcement import load_demo_enforcement
from xiaoneng.demo.history.days import drain
from xiaoneng.demo.history.enforcement_days import MIN_WORKDAYS, enforcement_days
from xiaoneng.enforcement.actions.hearing import investigators
from xiaoneng.enforcement.models import (
    Benchmark,
    Outcome,
    Payment,
    PaymentChannel,
    PenaltyCase,
    Procedure,
    Status,
)
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

END = date(2026, 10, 30)  # a Friday
START = END - timedelta(days=183)


def play(start: date = START, seed: int = 3) -> tuple[dict[str, int], list[str]]:
    said: list[str] = []
    return drain(enforcement_days(seed=seed, start=start, end=END, say=said.append)), said


@pytest.fixture
def lists(demo_city: None) -> None:
    with travel_to(START):
        load_demo_enforcement(User.objects.get(username="admin"))


def flagged(kind: str) -> set[int]:
    rows = Anomaly.objects.filter(kind=kind, subject_kind="penalty_case")
    return {ref for ref in rows.values_list("subject_ref", flat=True) if ref is not None}


@pytest.mark.django_db
def test_half_a_year_of_enforcement(lists: None) -> None:
    counts, said = play()
    assert not [k for k in counts if k.startswith("failed:")], counts
    assert said[-1].startswith(f"行政执法：案件 {counts['cases']} 件"), said
    cases = list(PenaltyCase.objects.select_related("item", "body"))
    assert len(cases) >= 30
    assert {c.body.code for c in cases} == {"620700005", "620700013", "620700014", "620700034"}
    assert all(c.found_on <= END and (c.decided_on or START) <= END for c in cases)
    _hearing()
    _outside_benchmark()
    _first_offence()
    _on_the_spot()
    _paid_or_enforced(cases)
    _no_decision_before_defence(cases)
    _published(cases)
    _open_at_the_end(cases)
    _repeated()
    reasons = [c.not_registered_reason for c in cases if c.status == Status.NOT_REGISTERED]
    assert len(reasons) == 2
    assert any("第三十六条" in r for r in reasons)
    _, broken = verify_chain()
    assert broken is None


def _repeated() -> None:
    """The restaurant's third fine within 90 days, and only it, is flagged."""
    (repeated,) = PenaltyCase.objects.filter(pk__in=flagged("repeated_penalties"))
    same = PenaltyCase.objects.filter(party_code=repeated.party_code, outcome=Outcome.PENALTY)
    decided = sorted(c.decided_on for c in same if c.decided_on)
    assert len(decided) == 3
    assert decided[-1] - decided[0] <= timedelta(days=90)
    assert repeated.decided_on == decided[-1]


def _hearing() -> None:
    case = PenaltyCase.objects.get(hearings__isnull=False)
    hearing = case.hearing
    assert case.hearing_right
    assert case.party_kind == "organisation"
    assert case.notified_on is not None
    assert case.defence_until is not None
    assert case.notified_on <= hearing.requested_on <= case.defence_until
    assert hearing.notified_on is not None
    assert hearing.scheduled_on is not None
    assert hearing.scheduled_on >= hearing_earliest(hearing.notified_on, current_calendar())
    assert hearing.host_id not in investigators(case)
    assert hearing.held_on == hearing.scheduled_on
    assert case.decided_on is not None
    assert hearing.held_on < case.decided_on
    review = case.reviews.get()
    assert review.passed
    assert review.submitted_on > hearing.held_on
    assert review.reviewed_on is not None
    assert review.reviewed_on <= case.decided_on
    assert case.fine is not None
    assert case.intended_fine is not None
    assert case.fine <= case.intended_fine  # never heavier than notified (art. 45)


def _outside_benchmark() -> None:
    (case,) = PenaltyCase.objects.filter(outside_benchmark=True)
    assert case.outside_reason
    bench = Benchmark.objects.get(item=case.item, grade=case.grade)
    assert case.fine is not None
    assert not bench.fine_min <= case.fine <= bench.fine_max
    review = case.reviews.get()
    assert review.passed
    assert review.reviewed_on is not None
    assert case.decided_on is not None
    assert review.reviewed_on <= case.decided_on


def _first_offence() -> None:
    (case,) = PenaltyCase.objects.filter(outcome=Outcome.NO_PENALTY_FIRST)
    assert case.item.first_offence_exempt
    assert case.corrected_on is not None
    assert case.correction_due is not None
    assert case.corrected_on <= case.correction_due
    assert case.fine is None
    assert case.penalties == []
    assert not case.payments.exists()
    assert case.status == Status.CLOSED
    assert case.served_on is not None


def _on_the_spot() -> None:
    calendar = current_calendar()
    cash = list(Payment.objects.filter(channel=PaymentChannel.ON_THE_SPOT).select_related("case"))
    assert len(cash) >= 2
    for p in cash:
        assert p.receipt_no
        assert p.bank_serial
        assert p.case.procedure == Procedure.SIMPLE
        assert p.paid_on == p.case.decided_on
        assert p.amount == p.case.fine
        assert p.amount <= 100
        assert p.handed_over_on is not None
        assert p.banked_on is not None
    late = {p.case_id for p in cash if p.handed_over_on > handover_due(p.paid_on, calendar)}  # type: ignore[operator]
    assert len(late) == 1
    assert late == flagged("fine_not_remitted")
    bank = PenaltyCase.objects.filter(procedure=Procedure.SIMPLE, payments__channel="bank")
    assert bank.exists()


def _paid_or_enforced(cases: list[PenaltyCase]) -> None:
    closed = [c for c in cases if c.status == Status.CLOSED and c.outcome == Outcome.PENALTY]
    assert len(closed) >= 20
    for case in closed:
        payments = list(case.payments.all())
        assert payments or case.court_applied_on, case.number
        assert sum(p.amount for p in payments) in (0, case.fine)
        assert case.published_on is not None
    surcharged = list(Payment.objects.filter(surcharge__gt=0).select_related("case"))
    assert len(surcharged) == 1
    (late,) = surcharged
    days = (late.paid_on - late.case.payment_due).days  # type: ignore[operator]
    assert days > 0
    assert late.surcharge == min(late.amount, late.amount * 3 * days / 100).quantize(
        Decimal("0.01")
    )
    assert not Payment.objects.filter(channel=PaymentChannel.BANK, recorded_by__username="zhifa")


def _no_decision_before_defence(cases: list[PenaltyCase]) -> None:
    penalties = [c for c in cases if c.procedure == Procedure.GENERAL and c.outcome == "penalty"]
    assert penalties
    for case in penalties:
        assert case.decided_on is not None
        assert case.defence_until is not None
        assert case.decided_on > case.defence_until or (
            case.defence_waived_on is not None and case.defence_waived_on <= case.decided_on
        ), case.number
    assert any(c.defence_waived_on for c in penalties)
    assert not flagged("decided_before_defence")


def _published(cases: list[PenaltyCase]) -> None:
    published = [c for c in cases if c.published_on is not None]
    assert published
    assert all(c.outcome == Outcome.PENALTY for c in published)
    late = [c for c in published if c.published_on > c.publish_due]  # type: ignore[operator]
    assert len(late) == 1


def _open_at_the_end(cases: list[PenaltyCase]) -> None:
    notified = [c for c in cases if c.status == Status.NOTIFIED]
    assert any(c.defence_until and c.defence_until > END for c in notified)
    owing = [c for c in cases if c.status == Status.SERVED and c.paid_on is None]
    assert any(c.payment_due and c.payment_due > END for c in owing)


@pytest.mark.django_db
def test_the_same_seed_plays_the_same_story(lists: None) -> None:
    shortest = END - timedelta(days=MIN_WORKDAYS * 7 // 5 + 14)
    runs: list[dict[str, int]] = []
    for seed in (5, 5, 6):
        point = transaction.savepoint()  # the part's actions are durable: no atomic block
        runs.append(play(shortest, seed)[0])
        transaction.savepoint_rollback(point)
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    assert not [k for k in runs[0] if k.startswith("failed:")], runs[0]


@pytest.mark.django_db
def test_too_short_a_span_or_no_lists_plays_nothing(demo_city: None) -> None:
    counts, said = play(END - timedelta(days=60))
    assert counts == {}
    assert "未生成" in said[0]
    counts, said = play()  # the lists not loaded
    assert counts == {}
    assert not PenaltyCase.objects.exists()
