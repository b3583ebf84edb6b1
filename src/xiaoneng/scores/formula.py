"""The efficiency score (效能分, domain rules §3), as pure functions: no
Django, so tests check it against hand-computed values.

    score = base
            − yellow_cards × yellow_card
            − red_cards × red_card
            − ⌊warnings / warnings_per_step⌋ × warning_step
            − overdue × overdue_case
            − complaints × complaint          (when the complaint source exists)
            − accountability                  (points of the measures decided that month)
            + ⌊early% / early_step_pct⌋ × early_bonus
    early% = 100 × early / completed  (0 when nothing was completed)
    monthly score = max(floor, score)

Defaults (§3): base 100, yellow −5, red −10, every three warnings in a month
−3, +1 per full 10% of completed cases completed early; each substantiated
complaint −2 (the rules are silent on the amount: a decision, 0025); overdue
cases weigh 0 until the bureau sets a weight (they already cost their cards).
Accountability measures deduct what their kind says (问责, configurable per
measure in the accountability app). Integer arithmetic throughout, so the boundaries
(exactly 30% early, exactly 3 warnings) are exact. Half-year and annual
scores are the means of the monthly scores, rounded half-up to 2 decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Weights:
    base: int = 100
    yellow_card: int = 5
    red_card: int = 10
    warnings_per_step: int = 3
    warning_step: int = 3
    early_step_pct: int = 10
    early_bonus: int = 1
    overdue_case: int = 0
    complaint: int = 2
    floor: int = 0


@dataclass(frozen=True)
class ScoreInputs:
    """The figures of one department and month that the score reads."""

    completed: int = 0
    early: int = 0
    warnings: int = 0
    yellow_cards: int = 0
    red_cards: int = 0
    overdue: int = 0
    complaints: int | None = None  # None: no complaint source yet
    accountability: int | None = None  # points; None: no accountability source


@dataclass(frozen=True)
class Breakdown:
    base: int
    cards: int
    warnings: int
    overdue: int
    complaints: int
    accountability: int
    bonus: int
    raw: int
    score: Decimal


def early_bonus(completed: int, early: int, w: Weights) -> int:
    if completed <= 0 or w.early_step_pct <= 0:
        return 0
    steps = (min(early, completed) * 100) // (completed * w.early_step_pct)
    return steps * w.early_bonus


def breakdown(f: ScoreInputs, w: Weights | None = None) -> Breakdown:
    w = w or Weights()
    cards = f.yellow_cards * w.yellow_card + f.red_cards * w.red_card
    warnings = (f.warnings // w.warnings_per_step) * w.warning_step if w.warnings_per_step else 0
    overdue = f.overdue * w.overdue_case
    complaints = (f.complaints or 0) * w.complaint
    accountability = f.accountability or 0
    bonus = early_bonus(f.completed, f.early, w)
    raw = w.base - cards - warnings - overdue - complaints - accountability + bonus
    return Breakdown(
        base=w.base,
        cards=cards,
        warnings=warnings,
        overdue=overdue,
        complaints=complaints,
        accountability=accountability,
        bonus=bonus,
        raw=raw,
        score=Decimal(max(w.floor, raw)).quantize(TWO_PLACES),
    )


def monthly_score(f: ScoreInputs, w: Weights | None = None) -> Decimal:
    return breakdown(f, w).score


def mean_score(scores: Iterable[Decimal | int | None]) -> Decimal | None:
    """Half-year and annual scores: the mean of the monthly scores there are."""
    values = [Decimal(s) for s in scores if s is not None]
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def competition_ranks(scores: Sequence[Decimal | None]) -> list[int | None]:
    """Ranks for scores already sorted best first: equal scores share a rank
    and the next rank skips (1, 1, 3). No score, no rank."""
    ranks: list[int | None] = []
    previous: Decimal | None = None
    current = 0
    for position, score in enumerate(scores, start=1):
        if score is None:
            ranks.append(None)
            continue
        if previous is None or score != previous:
            current = position
            previous = score
        ranks.append(current)
    return ranks
