"""How far a task is done (完成度), from its standard and a reported value:
pure, so the ranking (appraisal) and the pages compute it alike."""

from __future__ import annotations

from decimal import Decimal

ZERO = Decimal(0)
ONE = Decimal(1)


def _clamp(x: Decimal) -> Decimal:
    return max(ZERO, min(ONE, x))


def completion(
    standard_kind: str,
    baseline: Decimal | None,
    target_value: Decimal | None,
    value: Decimal | None,
    percent: int | None,
) -> Decimal:
    """The completion in [0, 1].

    Quantitative: (value − baseline) / (target − baseline), clamped; a missing
    baseline counts as 0, a missing value as no progress; when the target
    equals the baseline there is no distance to cover: 1 once value ≥ target,
    else 0 (a missing target: 0, nothing can be measured). Qualitative: the
    percent the unit reported and the 督查室 verified, over 100."""
    if standard_kind == "qualitative":
        return _clamp(Decimal(percent or 0) / 100)
    if target_value is None or value is None:
        return ZERO
    base = baseline if baseline is not None else ZERO
    span = target_value - base
    if span == 0:
        return ONE if value >= target_value else ZERO
    return _clamp((value - base) / span)
