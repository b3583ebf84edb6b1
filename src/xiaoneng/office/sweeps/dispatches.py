"""The daily sweep of dispatches (filled in by its part)."""

from __future__ import annotations

from datetime import date


def sweep(today: date) -> dict[str, int]:
    return {}
