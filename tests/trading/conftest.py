"""The trading world: the demo city's accounts plus its trading standing data
(`demo.trading.load_trading_world`: regulators, venues, parties with the
demo accounts linked, the expert pool). Projects are made through the
actions by each test (`trading_support`)."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoneng.demo.trading import load_trading_world
from xiaoneng.org.models import User


@pytest.fixture
def trading_world(users: dict[str, User]) -> dict[str, User]:
    load_trading_world()
    return users


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
