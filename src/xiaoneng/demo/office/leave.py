"""The demo's standing data for leave (filled in by its part; none yet)."""

from __future__ import annotations


def load() -> None:
    return None
