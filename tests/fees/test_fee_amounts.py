"""The arithmetic of a charge: quantity × unit price to the fen, and where
a unit price stands against a standard's bounds."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.fees.standard import Standard, amount_of, money, standard_breaches

CENTS = st.integers(min_value=0, max_value=10_000_000).map(lambda n: Decimal(n) / 100)
QUANTITIES = st.integers(min_value=1, max_value=100_000).map(lambda n: Decimal(n) / 100)


@given(QUANTITIES, CENTS)
def test_the_amount_is_quantity_times_unit_to_the_fen(quantity: Decimal, unit: Decimal) -> None:
    amount = amount_of(quantity, unit)
    assert amount == amount.quantize(Decimal("0.01"))
    assert abs(amount - quantity * unit) <= Decimal("0.005")
    assert money(str(amount)) == amount


@given(CENTS, CENTS, CENTS)
def test_a_unit_price_against_a_range(a: Decimal, b: Decimal, unit: Decimal) -> None:
    lower, upper = min(a, b), max(a, b)
    standard = Standard("range", lower, upper)
    standard.check()
    found = standard_breaches(standard, unit, None)
    if unit > upper:
        assert found == ["above_upper"]
    elif unit < lower:
        assert found == ["off_standard"]
    elif unit == lower:
        assert found == []
    else:
        assert found == ["above_floor_unapproved"]
        assert standard_breaches(standard, unit, unit) == []
        assert standard_breaches(standard, unit, unit - Decimal("0.01")) == [
            "above_floor_unapproved"
        ]


@given(CENTS, CENTS)
def test_a_fixed_standard_takes_its_amount_only(amount: Decimal, unit: Decimal) -> None:
    standard = Standard("fixed", amount, amount)
    found = standard_breaches(standard, unit, None)
    assert (found == []) == (unit == amount)
