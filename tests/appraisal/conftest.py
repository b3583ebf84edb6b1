"""Fixtures of the appraisal tests: the demo city and four signed books with
their reports (appraisal_world.py), built through the real actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from appraisal_world import build

from xiaoneng.org.models import Department, User


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(users: dict[str, User]) -> dict[str, Department]:
    return build(users)
