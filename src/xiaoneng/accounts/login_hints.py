"""What the login page shows in demo mode: the demo city's accounts. The demo
app sits above accounts in the layers, so it hands its list down when it
loads (demo/apps.py) instead of accounts reaching up for it."""

from __future__ import annotations

from collections.abc import Callable

DemoAccounts = Callable[[], list[dict[str, str]]]

_sources: list[DemoAccounts] = []


def offer_demo_accounts(source: DemoAccounts) -> None:
    """Register a source of demo accounts (username, name, role, title)."""
    if source not in _sources:
        _sources.append(source)


def demo_accounts() -> list[dict[str, str]]:
    return [account for source in _sources for account in source()]
