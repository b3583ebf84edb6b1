"""Fixtures of the calendar tests: an administrator made the way the product
makes its first one, and a recorder registered as the recompute hook."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction

from xiaoneng.calendar import recompute
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.demo.city import bootstrap_admin
from xiaoneng.org.models import User

# A made-up 2027 schedule (no official one exists yet).
CSV_2027 = """date,kind,name
2027-01-01,休,元旦
2027-02-06,班,春节
2027-02-08,休,春节
2027-02-09,休,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-12,holiday,春节
2027-02-20,workday,春节
"""


@pytest.fixture
def csv_2027() -> str:
    return CSV_2027


@pytest.fixture
def admin(db: Any) -> User:
    with transaction.atomic():
        return bootstrap_admin("caladmin", "Rili-2027-daoru", "日历管理员")


class Recorder:
    """A recompute callback that remembers how it was called."""

    def __init__(self, changed: int = 3) -> None:
        self.changed = changed
        self.calls: list[dict[str, Any]] = []

    def __call__(self, *, actor: Any, year: int, calendar: WorkCalendar) -> int:
        self.calls.append(
            {
                "actor": actor,
                "year": year,
                "calendar": calendar,
                "in_transaction": connection.in_atomic_block,
            }
        )
        return self.changed


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    hook = Recorder()
    recompute.register(hook)
    yield hook
    recompute.unregister(hook)
