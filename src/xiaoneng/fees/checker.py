"""The catalog's hook (`catalog.fees.register`): publishing an approval
item that names a fee not in the catalog or not in force today is refused."""

from __future__ import annotations

from collections.abc import Iterable

from xiaoneng.core import timesource

from .selectors import codes_not_in_force


def not_in_force_today(codes: list[str]) -> Iterable[str]:
    return codes_not_in_force(list(codes), timesource.today())
