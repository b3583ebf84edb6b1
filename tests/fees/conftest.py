"""The fees world (fee_support.py) on a fixed day, `TODAY`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fee_support import FIXED_CODE, RANGE_CODE, TODAY, charging_item, fee_case, make_fee

from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User


@pytest.fixture(autouse=True)
def _on_today() -> Iterator[None]:
    with travel_to(TODAY):
        yield


@pytest.fixture
def fees(users: dict[str, User]) -> None:
    make_fee(users["caizheng"])
    make_fee(
        users["caizheng"],
        FIXED_CODE,
        name="营业执照工本费",
        kind="fixed",
        lower="10",
        upper=None,
        unit="证",
    )


@pytest.fixture
def item(users: dict[str, User], fees: None) -> ApprovalItem:
    return charging_item(users["admin"], [RANGE_CODE, FIXED_CODE])


@pytest.fixture
def case(users: dict[str, User], item: ApprovalItem) -> Case:
    return fee_case(users, item)


@pytest.fixture
def free_case(users: dict[str, User], fees: None) -> Case:
    return fee_case(users, charging_item(users["admin"], [], code="TEST-FEE-02"))


@pytest.fixture
def other_window(users: dict[str, User]) -> User:
    """A window of 市住建局 (620700012): another department's counter."""
    return org_actions.create_user(
        actor=users["admin"],
        username="window2",
        password="Window2-pass-2026",
        real_name="李窗口",
        department=Department.objects.get(code="620700012"),
        roles=[Role.objects.get(code="window")],
    )


@pytest.fixture
def as_user(client: Any, login: Any) -> Any:
    def sign_in(name: str) -> Any:
        client.logout()
        return login(name)

    return sign_in
