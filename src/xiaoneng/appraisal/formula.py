"""The year-end evaluation (年终考核, domain rules §6), as pure functions: no
Django, so tests recompute a unit's score by hand.

    weighted   = Σ wᵢ × sᵢ / Σ wᵢ   over the weighted parts PRESENT (sᵢ not None)
    total      = max(0, weighted − Σ deductions)          rounded half-up, 2 places
    band grade = 优秀 ≥ excellent, 良好 ≥ good, 合格 ≥ passing, else 不合格
    quota      = ⌊class size × excellent_quota% ⌋ units may be 优秀; within each
                 class (counties, city departments) the 优秀 by band beyond the
                 quota drop to 良好 by rank

A weighted part without a source for a unit (no approval items: no efficiency
score) is absent, and the weights of the parts present are renormalised so
they still sum to one: a county is not punished for having no window.
Deductions (complaints, accountability, inspection findings) are points taken
off the weighted score — once: a deduction the monthly efficiency score has
already taken (substantiated complaints and accountability points lower it,
scores/formula.py) is not taken again where that score is present
(`Rules.counted_in`); a unit without an efficiency score (most county
governments) has them deducted here instead.

Ties: two units with the same total always get the same grade. When a tie
straddles the quota (admitting all tied units would exceed it), none of them
is 优秀: the quota is a ceiling ("不超过"), and picking one of two equal
scores would be arbitrary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)

EXCELLENT = "excellent"
GOOD = "good"
PASSING = "passing"
FAILING = "failing"
GRADES: dict[str, str] = {
    EXCELLENT: "优秀",
    GOOD: "良好",
    PASSING: "合格",
    FAILING: "不合格",
}


def money(value: Decimal) -> Decimal:
    """Scores are shown and compared with two decimals, rounded half-up."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Bands:
    """Lower bounds of the grades (inclusive)."""

    excellent: Decimal = Decimal(90)
    good: Decimal = Decimal(80)
    passing: Decimal = Decimal(60)


@dataclass(frozen=True)
class Rules:
    """Everything the formula reads from the parameters."""

    weights: Mapping[str, Decimal] = field(
        default_factory=lambda: {"targets": Decimal(60), "efficiency": Decimal(40)}
    )
    bands: Bands = field(default_factory=Bands)
    excellent_quota_pct: int = 30
    # deduction → the weighted part that already contains it
    counted_in: Mapping[str, str] = field(
        default_factory=lambda: {"complaints": "efficiency", "accountability": "efficiency"}
    )


@dataclass(frozen=True)
class UnitInputs:
    """One unit's parts: weighted scores (0–100, None = no source for the
    unit) and deductions (points ≥ 0)."""

    department_id: int
    klass: str  # "county" | "city": units are ranked and given quotas per class
    scores: Mapping[str, Decimal | None]
    deductions: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitResult:
    department_id: int
    klass: str
    weighted: Decimal | None  # None: no weighted part present at all
    deducted: Decimal
    total: Decimal
    rank: int  # within the class, equal totals share a rank (1, 1, 3)
    band: str  # the grade its total earns
    grade: str  # the grade after the quota


def weighted_score(
    scores: Mapping[str, Decimal | None], weights: Mapping[str, Decimal]
) -> Decimal | None:
    """Σ wᵢ sᵢ / Σ wᵢ over the parts present with a positive weight; None
    when none is present. Not rounded (the total is)."""
    present = [
        (Decimal(weights[name]), Decimal(score))
        for name, score in scores.items()
        if score is not None and Decimal(weights.get(name, 0)) > 0
    ]
    total_weight = sum((w for w, _ in present), Decimal(0))
    if not present or total_weight <= 0:
        return None
    return sum((w * s for w, s in present), Decimal(0)) / total_weight


def deductions_taken(unit: UnitInputs, rules: Rules) -> dict[str, Decimal]:
    """The deductions the year-end takes: those not already inside a weighted
    part the unit has (`Rules.counted_in`)."""
    return {
        name: Decimal(points)
        for name, points in unit.deductions.items()
        if unit.scores.get(rules.counted_in.get(name, "")) is None
    }


def total_score(unit: UnitInputs, rules: Rules) -> tuple[Decimal | None, Decimal, Decimal]:
    """(weighted, deducted, total): total = max(0, weighted − deductions taken), 2 places."""
    weighted = weighted_score(unit.scores, rules.weights)
    deducted = money(sum(deductions_taken(unit, rules).values(), Decimal(0)))
    base = weighted if weighted is not None else Decimal(0)
    return weighted, deducted, money(max(Decimal(0), base - deducted))


def band_grade(total: Decimal, bands: Bands) -> str:
    if total >= bands.excellent:
        return EXCELLENT
    if total >= bands.good:
        return GOOD
    if total >= bands.passing:
        return PASSING
    return FAILING


def quota_of(class_size: int, quota_pct: int) -> int:
    """How many units of a class may be 优秀: the share, rounded down."""
    return (class_size * quota_pct) // 100


def competition_ranks(totals: Sequence[Decimal]) -> list[int]:
    """Ranks for totals sorted best first: equal totals share (1, 1, 3)."""
    ranks: list[int] = []
    for position, value in enumerate(totals, start=1):
        same = position > 1 and value == totals[position - 2]
        ranks.append(ranks[-1] if same else position)
    return ranks


def _grade_class(units: list[UnitInputs], rules: Rules) -> list[UnitResult]:
    scored = [(u, *total_score(u, rules)) for u in units]
    # Best first; the department id only makes the order of equal totals stable.
    scored.sort(key=lambda t: (-t[3], t[0].department_id))
    ranks = competition_ranks([t[3] for t in scored])
    allowed = quota_of(len(scored), rules.excellent_quota_pct)
    tied = Counter(t[3] for t in scored)
    results = []
    for (unit, weighted, deducted, total), rank in zip(scored, ranks, strict=True):
        band = band_grade(total, rules.bands)
        # Admitted only if this unit and everyone tied with it fit the quota.
        within_quota = rank - 1 + tied[total] <= allowed
        grade = GOOD if band == EXCELLENT and not within_quota else band
        results.append(
            UnitResult(
                department_id=unit.department_id,
                klass=unit.klass,
                weighted=None if weighted is None else money(weighted),
                deducted=deducted,
                total=total,
                rank=rank,
                band=band,
                grade=grade,
            )
        )
    return results


def evaluate(units: Sequence[UnitInputs], rules: Rules) -> list[UnitResult]:
    """Every unit's total, rank and grade; classes ranked and quota'd apart.
    Returned class by class (in the order classes first appear), best first."""
    classes: dict[str, list[UnitInputs]] = {}
    for unit in units:
        classes.setdefault(unit.klass, []).append(unit)
    return [result for members in classes.values() for result in _grade_class(members, rules)]
