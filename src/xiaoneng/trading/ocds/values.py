"""How OCDS writes our values: amounts as JSON numbers in CNY, moments as
ISO 8601 in Beijing time with its offset (+08:00), whole seconds; the
codelists read once from the shipped standard (`standard/codelists`)."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

STANDARD = Path(__file__).resolve().parent / "standard"
CURRENCY = "CNY"
# Beijing time as a fixed +08:00, not the Asia/Shanghai zone: the zone's
# history (LMT +08:05:43, the summer time of 1986–91) would give an odd
# offset to an old date, and every published moment should read +08:00.
BEIJING = timezone(timedelta(hours=8))


def public_url(path: str) -> str:
    """The public page at `path` as an absolute url (settings.TRADING_PUBLIC_URL:
    a release is built inside an action, with no request at hand)."""
    return f"{str(settings.TRADING_PUBLIC_URL).rstrip('/')}{path}"


def moment(value: datetime) -> str:
    """2026-10-09T09:30:00+08:00."""
    return value.astimezone(BEIJING).replace(microsecond=0).isoformat()


def day_start(value: date) -> str:
    """A day as the moment it begins in Beijing (OCDS dates are date-times)."""
    return moment(datetime.combine(value, time(0, 0), tzinfo=BEIJING))


def amount(value: Decimal) -> dict[str, Any]:
    """A Value: the number (an integer when whole, so 8600000 not 8600000.0)."""
    number: int | float = int(value) if value == value.to_integral_value() else float(value)
    return {"amount": number, "currency": CURRENCY}


@cache
def codelist(name: str) -> frozenset[str]:
    """The codes of a shipped codelist (`releaseTag`, `tenderStatus`, …)."""
    with (STANDARD / "codelists" / f"{name}.csv").open(encoding="utf-8") as handle:
        return frozenset(row["Code"] for row in csv.DictReader(handle))


def prune(value: Any) -> Any:
    """Drop empty strings, lists and objects, and None: OCDS omits what is
    unknown (and a merge would otherwise keep or drop them unevenly)."""
    if isinstance(value, dict):
        pruned = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        items = [prune(v) for v in value]
        return [v for v in items if v not in (None, "", [], {})]
    return value
