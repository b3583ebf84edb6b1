"""Cases for the documents, built through the real actions on the demo city
and catalog; `travel_to` sets the day each step happens."""

from __future__ import annotations

from typing import Any

import pytest
from documents_support import ACCEPTED_ON, APPLICANT, RECEIVED_ON

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog import actions as catalog_actions
from xiaoneng.catalog.demo import load_demo_catalog
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User


@pytest.fixture
def promise_item(users: dict[str, User]) -> ApprovalItem:
    """A 承诺件 of 市工商局: 10 working days committed, 20 legal."""
    load_demo_catalog(users["admin"])
    item = catalog_actions.create_item(
        actor=users["admin"],
        code="TEST-DOC-01",
        basic_code="0100099000",
        name="外商投资企业设立登记（测试）",
        item_type="01",
        legal_basis="《中华人民共和国公司登记管理条例》第五十四条",
        department=Department.objects.get(code="620700005"),
        committed_limit_days=10,
        legal_limit_days=20,
        needs_expert_review=True,
        materials=[{"name": "设立登记申请书", "issuer": "申请人", "originals": 1}],
    )
    return catalog_actions.publish_item(actor=users["admin"], item=item)


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


@pytest.fixture
def api(client: Any, login: Any) -> Any:
    """api("window").get(path): the JSON API (/api/v1) as that signed-in user."""

    class Api:
        def __init__(self, username: str) -> None:
            client.logout()
            login(username)

        def get(self, path: str) -> Any:
            return client.get(path if path.startswith("/api/") else f"/api/v1{path}")

    return Api
