"""The enforcement world: the demo city's accounts plus `enforcement_item`
(市工商局's 无照经营 item, four benchmark grades, zhifa's and zhifa2's
certificates)."""

from __future__ import annotations

from typing import Any

import pytest
from enforcement_support import world

from xiaoneng.enforcement.models import Item
from xiaoneng.org.models import User


@pytest.fixture
def enforcement_item(users: dict[str, User]) -> Item:
    return world(users)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
