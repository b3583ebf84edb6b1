"""Amounts in yuan read with their thousands grouped (`xn.yuan`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xiaoneng.web.templatetags.xn import yuan


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("8350000"), "8,350,000.00"),
        (Decimal("999.5"), "999.50"),
        ("1234567.89", "1,234,567.89"),
        (0, "0.00"),
        (None, ""),
        ("", ""),
        ("面议", "面议"),
    ],
)
def test_an_amount_reads_with_its_thousands_grouped(value: object, shown: str) -> None:
    assert yuan(value) == shown
