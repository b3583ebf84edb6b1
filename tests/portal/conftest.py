"""The portal's world: the demo city and catalog, and cases walked through
the real actions (window receives and accepts, the department head decides)."""

from __future__ import annotations

from typing import Any

import pytest
from portal_world import COMPANY, INSTANT, ON

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.org.models import User
from xiaoneng.portal.search import forget_index
from xiaoneng.system.actions import set_parameter


@pytest.fixture(autouse=True)
def _fresh_index() -> None:
    forget_index()


@pytest.fixture
def catalog(users: dict[str, User]) -> None:
    load_demo_catalog(users["admin"])


@pytest.fixture
def received(users: dict[str, User], catalog: None) -> tuple[Case, str]:
    """An instant case received at the window: (case, query code)."""
    with travel_to(ON):
        case, code = actions.submit_application(
            actor=users["window"],
            item_code=INSTANT,
            applicant_name=COMPANY,
            applicant_phone="13909361234",
        )
    return case, code


@pytest.fixture
def decided(users: dict[str, User], received: tuple[Case, str]) -> tuple[Case, str]:
    """The instant case accepted and finished at the window the same day."""
    case, code = received
    with travel_to(ON):
        actions.accept_case(actor=users["window"], case_id=case.pk)
    case.refresh_from_db()
    return case, code


@pytest.fixture
def set_limit(users: dict[str, User]) -> Any:
    """set_limit("portal.track_per_minute", 3) — through the admin's action."""

    def change(key: str, value: int) -> None:
        set_parameter(actor=users["admin"], key=key, value=str(value))

    return change
