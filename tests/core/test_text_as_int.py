"""core.text.as_int: an id from any input, None where no 64-bit column holds it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.core.text import as_int


def test_what_is_not_a_whole_number_is_none() -> None:
    assert as_int("12") == 12
    assert as_int(12) == 12
    for value in (None, "", "x", "1.5", [], {}, True, False, object()):
        assert as_int(value) is None


@given(st.integers())
def test_within_64_bits_it_is_the_number_and_beyond_it_none(n: int) -> None:
    expected = n if -(2**63) < n < 2**63 else None
    assert as_int(n) == expected
    assert as_int(str(n)) == expected
