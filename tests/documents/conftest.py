"""Cases for the documents, built through the real actions on the demo city
and catalog; `travel_to` sets the day each step happens."""

from __future__ import annotations

import pytest
from documents_support import ACCEPTED_ON, APPLICANT, RECEIVED_ON

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User


@pytest.fixture
def received(users: dict[str, User], promise_item: ApprovalItem) -> Case:
    """An online application by the demo applicant, not yet accepted."""
    with travel_to(RECEIVED_ON):
        case, _ = actions.submit_application(
            actor=users["applicant"], item_code=promise_item.code, applicant_name=APPLICANT
        )
    return case


@pytest.fixture
def accepted(users: dict[str, User], received: Case) -> Case:
    with travel_to(ACCEPTED_ON):
        return actions.accept_case(actor=users["window"], case_id=received.pk)
