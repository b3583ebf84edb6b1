"""The score formula (domain rules §3) against hand-computed values, and its
properties with hypothesis. Pure: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.scores.formula import (
    ScoreInputs,
    Weights,
    breakdown,
    competition_ranks,
    mean_score,
    monthly_score,
)
from xiaoneng.scores.periods import Period, PeriodError


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (ScoreInputs(), 100),  # nothing happened: the base
        (ScoreInputs(yellow_cards=1), 95),
        (ScoreInputs(red_cards=1), 90),
        (ScoreInputs(warnings=2), 100),  # fewer than three warnings cost nothing
        (ScoreInputs(warnings=3), 97),
        (ScoreInputs(warnings=5), 97),
        (ScoreInputs(warnings=6), 94),
        (ScoreInputs(completed=10, early=1), 101),  # exactly 10%
        (ScoreInputs(completed=10, early=0), 100),
        (ScoreInputs(completed=3, early=1), 103),  # 33.3%: three full steps
        (ScoreInputs(completed=7, early=2), 102),  # 28.6%
        (ScoreInputs(completed=5, early=5), 110),
        # The March world of 市工商局 (tests/scores/conftest.py): 2 yellow, 1 red,
        # 3 warnings, 3 of 5 early: 100 − 10 − 10 − 3 + 6.
        (
            ScoreInputs(completed=5, early=3, warnings=3, yellow_cards=2, red_cards=1, overdue=2),
            83,
        ),
        (ScoreInputs(red_cards=20), 0),  # floor
        (ScoreInputs(complaints=None), 100),
    ],
)
def test_hand_computed(inputs: ScoreInputs, expected: int) -> None:
    assert monthly_score(inputs) == Decimal(expected)


def test_weights_are_configurable() -> None:
    w = Weights(yellow_card=2, overdue_case=1, complaint=4, early_step_pct=20, early_bonus=3)
    f = ScoreInputs(completed=10, early=5, yellow_cards=1, overdue=2, complaints=1)
    b = breakdown(f, w)
    # 100 − 2 − 2 − 4 + (50% / 20% = 2 steps) × 3
    assert (b.cards, b.overdue, b.complaints, b.bonus) == (2, 2, 4, 6)
    assert b.score == Decimal(98)
    assert monthly_score(ScoreInputs(red_cards=50), replace(w, floor=40)) == Decimal(40)


counts = st.integers(min_value=0, max_value=60)


@st.composite
def inputs(draw: st.DrawFn) -> ScoreInputs:
    completed = draw(counts)
    return ScoreInputs(
        completed=completed,
        early=draw(st.integers(min_value=0, max_value=completed)),
        warnings=draw(counts),
        yellow_cards=draw(counts),
        red_cards=draw(counts),
        overdue=draw(counts),
        complaints=draw(st.none() | counts),
        accountability=draw(st.none() | counts),
    )


weights = st.builds(
    Weights,
    yellow_card=st.integers(0, 20),
    red_card=st.integers(0, 20),
    warnings_per_step=st.integers(1, 10),
    warning_step=st.integers(0, 10),
    early_step_pct=st.integers(1, 50),
    early_bonus=st.integers(0, 5),
    overdue_case=st.integers(0, 5),
    complaint=st.integers(0, 5),
)


@given(inputs(), weights, st.sampled_from(["yellow_cards", "red_cards", "warnings", "overdue"]))
def test_monotone_in_deductions(f: ScoreInputs, w: Weights, name: str) -> None:
    worse = replace(f, **{name: getattr(f, name) + 1})
    assert monthly_score(worse, w) <= monthly_score(f, w)


@given(inputs(), weights)
def test_more_complaints_never_help(f: ScoreInputs, w: Weights) -> None:
    worse = replace(f, complaints=(f.complaints or 0) + 1)
    assert monthly_score(worse, w) <= monthly_score(f, w)


@given(inputs(), weights)
def test_early_completion_never_hurts(f: ScoreInputs, w: Weights) -> None:
    if f.early < f.completed:
        assert monthly_score(replace(f, early=f.early + 1), w) >= monthly_score(f, w)


@given(inputs(), weights)
def test_bounds(f: ScoreInputs, w: Weights) -> None:
    score = monthly_score(f, w)
    assert score >= w.floor
    assert score <= w.base + (100 // w.early_step_pct) * w.early_bonus
    b = breakdown(f, w)
    deductions = b.cards + b.warnings + b.overdue + b.complaints + b.accountability
    assert b.raw == b.base - deductions + b.bonus


@given(inputs(), weights, st.integers(1, 20))
def test_accountability_points_deduct_exactly(f: ScoreInputs, w: Weights, points: int) -> None:
    more = replace(f, accountability=(f.accountability or 0) + points)
    assert breakdown(more, w).raw == breakdown(f, w).raw - points


@given(st.lists(st.integers(0, 110), min_size=1, max_size=12))
def test_mean_is_between_min_and_max(scores: list[int]) -> None:
    mean = mean_score(Decimal(s) for s in scores)
    assert mean is not None
    assert min(scores) <= mean <= max(scores)


def test_means_and_ranks() -> None:
    assert mean_score([Decimal(110), Decimal(83)]) == Decimal("96.50")
    assert mean_score([Decimal(100), Decimal(95), Decimal(90), None]) == Decimal("95.00")
    assert mean_score([Decimal(1), Decimal(0), Decimal(0)]) == Decimal("0.33")
    assert mean_score([]) is None
    assert competition_ranks([Decimal(99), Decimal(99), Decimal(90), Decimal(80)]) == [1, 1, 3, 4]


def test_periods() -> None:
    assert Period.parse("2026-03").label == "2026年3月"
    q = Period.parse("2026-q2")
    assert (q.start, q.end, q.label) == (date(2026, 4, 1), date(2026, 6, 30), "2026年第二季度")
    h = Period.parse("2026-H2")
    assert (h.start, h.end, len(h.months())) == (date(2026, 7, 1), date(2026, 12, 31), 6)
    y = Period.parse("2026")
    assert (y.start, y.end, y.code) == (date(2026, 1, 1), date(2026, 12, 31), "2026")
    assert Period.parse("2026-02").end == date(2026, 2, 28)
    for bad in ("", "2026-13", "2026-Q5", "x", "2026-H3"):
        with pytest.raises(PeriodError):
            Period.parse(bad)
