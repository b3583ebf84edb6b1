"""The per-head arithmetic of the reception standards, for any head-count,
meals, nights and amounts (Hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.frugality.standards import (
    Standards,
    companions_max,
    excesses,
    lodging_ceiling,
    meal_ceiling,
    plan_ceiling,
)

DEFAULT = Standards(100, 350, 3, 10, 3)
standards = st.builds(
    Standards,
    meal_per_head=st.integers(10, 1000),
    lodging_per_night=st.integers(50, 3000),
    companions_small=st.integers(0, 20),
    companions_group=st.integers(1, 100),
    companions_divisor=st.integers(1, 20),
)
people = st.integers(1, 500)
few = st.integers(0, 60)
cents = st.integers(0, 10**9).map(lambda c: Decimal(c) / 100)


@given(people)
def test_companions_by_the_rule_of_the_regulation(guests: int) -> None:
    """≤ 10 guests → 3; more → ⌊guests / 3⌋ (so 11 → 3, 12 → 4, 30 → 10)."""
    expected = 3 if guests <= 10 else guests // 3
    assert companions_max(guests, DEFAULT) == expected


@given(people, standards)
def test_companions_never_fall_as_guests_grow_past_the_group(guests: int, s: Standards) -> None:
    if guests > s.companions_group:
        assert companions_max(guests + 1, s) >= companions_max(guests, s)
    assert companions_max(guests, s) >= 0


@given(people, few, few, few, standards)
def test_the_plan_ceiling_is_per_head_per_meal_and_per_guest_per_night(
    guests: int, companions: int, meals: int, nights: int, s: Standards
) -> None:
    assert meal_ceiling(guests + companions, meals, s) == (guests + companions) * meals * Decimal(
        s.meal_per_head
    )
    assert lodging_ceiling(guests, nights, s) == guests * nights * Decimal(s.lodging_per_night)
    assert plan_ceiling(guests, companions, meals, nights, s) == meal_ceiling(
        guests + companions, meals, s
    ) + lodging_ceiling(guests, nights, s)


@given(people, few, few, few, cents, cents, standards)
def test_an_excess_is_found_exactly_when_a_cost_passes_its_ceiling(
    guests: int,
    companions: int,
    meals: int,
    nights: int,
    meal: Decimal,
    lodging: Decimal,
    s: Standards,
) -> None:
    found = excesses(
        guests=guests,
        companions=companions,
        meals=meals,
        nights=nights,
        meal_cost=meal,
        lodging_cost=lodging,
        s=s,
    )
    assert ("meal_cost" in found) == (meal > (guests + companions) * meals * s.meal_per_head)
    assert ("lodging_cost" in found) == (lodging > guests * nights * s.lodging_per_night)
    assert ("companions" in found) == (companions > companions_max(guests, s))
    if "meal_cost" in found:
        assert Decimal(found["meal_cost"]["actual"]) > Decimal(found["meal_cost"]["max"])


@given(people, few, st.integers(1, 60), standards)
def test_one_cent_over_the_meal_ceiling_is_over(
    guests: int, companions: int, meals: int, s: Standards
) -> None:
    ceiling = meal_ceiling(guests + companions, meals, s)
    at = excesses(
        guests=guests,
        companions=companions,
        meals=meals,
        nights=0,
        meal_cost=ceiling,
        lodging_cost=Decimal(0),
        s=s,
    )
    over = excesses(
        guests=guests,
        companions=companions,
        meals=meals,
        nights=0,
        meal_cost=ceiling + Decimal("0.01"),
        lodging_cost=Decimal(0),
        s=s,
    )
    assert "meal_cost" not in at
    assert "meal_cost" in over
