"""Accountability worlds on the demo city, built through the real actions:
a case against 市工商局 (620700005) naming its window clerk `window`, and a
department head of another unit (市质监局, 620700024) who must see nothing."""

from __future__ import annotations

from datetime import date

import pytest
from accountability_support import open_case

from xiaoneng.accountability import actions
from xiaoneng.accountability.models import AccountabilityCase
from xiaoneng.accounts.validators import DEMO_PASSWORD
from xiaoneng.core.timesource import travel_to
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User


@pytest.fixture
def otherhead(users: dict[str, User]) -> User:
    return org_actions.create_user(
        actor=users["admin"],
        username="otherhead",
        password=DEMO_PASSWORD,
        real_name="孙建军",
        department=Department.objects.get(code="620700024"),
        roles=[Role.objects.get(code="dept_head")],
        title="局长",
    )


@pytest.fixture
def opened(users: dict[str, User]) -> AccountabilityCase:
    return open_case(users)


@pytest.fixture
def told(users: dict[str, User], opened: AccountabilityCase) -> AccountabilityCase:
    """The statement requested on Tue 15 Sep (due 5 working days later)."""
    with travel_to(date(2026, 9, 15)):
        return actions.request_statement(actor=users["supervisor"], case_id=opened.pk)
