"""The hook for the fee catalog (收费目录, seed art. 4), kept by the fees app.

An item that charges records its basis in `fee_basis` and the codes of its
fee-catalog entries in `fee_codes`. The fees app registers its checker here
(`FeesConfig.ready`, `fees.checker.not_in_force_today`); `publish_item` then
refuses an item naming a fee that is not in the catalog or not in force today
(`item_fee_code_unknown`). While the fee catalog is still empty the checker
refuses nothing: the codes are then checked for form only."""

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
