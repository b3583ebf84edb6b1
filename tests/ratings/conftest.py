"""Ratings are built on real cases: the demo city and catalog, cases through
the cases app's actions, with `travel_to` moving the day."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from ratings_support import APPLICANT, INSTANT

from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.system.actions import set_parameter


@pytest.fixture
def delivered(users: dict[str, User], catalog: None) -> Any:
    """delivered(on) → (case, query code): an instant item finished at the window."""

    def make(on: date = date(2026, 9, 30), actor: str = "window") -> tuple[Case, str]:
        with travel_to(on):
            case, code = case_actions.submit_application(
                actor=users[actor], item_code=INSTANT, applicant_name=APPLICANT
            )
            case_actions.accept_case(actor=users["window"], case_id=case.pk)
        case.refresh_from_db()
        assert case.status == "delivered"
        return case, code

    return make


@pytest.fixture
def set_limit(users: dict[str, User]) -> Any:
    def apply(key: str, value: int) -> None:
        set_parameter(actor=users["admin"], key=key, value=str(value))

    return apply
