"""The decision world: the demo city's accounts (depthead and fagai sponsor,
fazhi the legal office, zhengfuban the government office)."""

from __future__ import annotations

from typing import Any

import pytest
from decision_support import register

from xiaoneng.decisions.models import Decision
from xiaoneng.org.models import User


@pytest.fixture
def registered(users: dict[str, User]) -> Any:
    def make(**extra: Any) -> Decision:
        return register(users, **extra)

    return make


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
