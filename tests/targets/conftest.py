"""Fixtures of the target tests: the demo city, a signed book of 市工商局
imported by the 督查室 (`inspector`), walked through the real actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from target_world import BUREAU, START, YEAR, rows

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User
from xiaoneng.targets import actions
from xiaoneng.targets.models import TargetBook, Task


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def bureau(demo_city: None) -> Department:
    return Department.objects.get(code=BUREAU)


@pytest.fixture
def book(users: dict[str, User], bureau: Department) -> TargetBook:
    with travel_to(START):
        made = actions.import_book(
            actor=users["inspector"], year=YEAR, department_id=bureau.pk, rows=rows()
        )
        return actions.sign_book(
            actor=users["inspector"], book_id=made.pk, signed_by="李局长", signed_for="市长"
        )


@pytest.fixture
def quantitative(book: TargetBook) -> Task:
    return book.tasks.get(code="1.1")


@pytest.fixture
def qualitative(book: TargetBook) -> Task:
    return book.tasks.get(code="1.2")
