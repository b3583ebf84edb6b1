"""The office world: the demo city's accounts (the unit's office `office`
and head `depthead` of 市工商局, the leader in charge `leader`, the mayor,
the government office `zhengfuban`, the supervision bureau, the county
government `minle`, 市发改委 `fagai`) and the standing data of
`demo.office.load_office_world` (report kinds …). Rows are made through the
actions by each test."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoneng.demo.office import load_office_world
from xiaoneng.org.models import User


@pytest.fixture
def office_world(users: dict[str, User]) -> dict[str, User]:
    load_office_world()
    return users


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
