"""Reads of payments, publication and closing for the case page (owned by the money part)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xiaoneng.enforcement.models import PenaltyCase
    from xiaoneng.org.actor import Actor


def money_context(actor: Actor | None, case: PenaltyCase) -> dict[str, Any]:
    """What the case page's payment, publication and closing section shows."""
    return {}
