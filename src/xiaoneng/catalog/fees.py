"""The hook for the fee catalog (收费目录, seed art. 4), which does not exist yet.

An item that charges records its basis in `fee_basis` and the codes of its
fee-catalog entries in `fee_codes`. When the fee app arrives it registers a
checker here; `publish_item` then refuses an item naming a fee that is not in
the catalog or not in force (`item_fee_code_unknown`). Until then the codes are
checked for form only."""

from __future__ import annotations

from collections.abc import Callable, Iterable

# Takes fee codes, returns the ones that are unknown or not in force.
FeeChecker = Callable[[list[str]], Iterable[str]]

_checkers: list[FeeChecker] = []


def register(checker: FeeChecker) -> None:
    if checker not in _checkers:
        _checkers.append(checker)


def unregister(checker: FeeChecker) -> None:
    if checker in _checkers:
        _checkers.remove(checker)


def unknown_fee_codes(codes: list[str]) -> list[str]:
    unknown: list[str] = []
    for checker in _checkers:
        unknown += [code for code in checker(codes) if code not in unknown]
    return unknown
